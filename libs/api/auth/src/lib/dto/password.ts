import { ValidateBy, ValidationOptions } from 'class-validator';
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_BYTES } from '@pulseboard/shared/contracts';

/** A password of 8..72 bytes in UTF-8 (bcrypt ignores what follows byte 72, so longer ones are refused, not cut). */
export function IsPassword(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPassword',
      validator: {
        validate: (v: unknown) =>
          typeof v === 'string' && Buffer.byteLength(v) >= PASSWORD_MIN_BYTES && Buffer.byteLength(v) <= PASSWORD_MAX_BYTES,
        defaultMessage: (args) => {
          const v = args?.value;
          const got = typeof v === 'string' ? `, got ${Buffer.byteLength(v)}` : '';
          return `${args?.property} must be ${PASSWORD_MIN_BYTES} to ${PASSWORD_MAX_BYTES} bytes long in UTF-8 (bcrypt's limit)${got}`;
        },
      },
    },
    options,
  );
}

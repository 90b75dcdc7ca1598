// The global validation pipe, with a fast path for the bodies that arrive by the thousand (event batches): a DTO may
// carry a hand-written check that recognises its valid bodies with class-validator's own rule functions; a body it
// accepts skips class-transformer and class-validator (most of the cost of a 1,000-event batch), and anything else
// goes through them as before, so every 400 and its messages still come from class-validator.
import { ArgumentMetadata, Injectable, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';

/**
 * True only for a body its DTO's rules (with whitelisting) accept as it is: it must never accept what
 * class-validator would refuse (it may refuse what it would accept: those take the full path).
 */
export type ValidBodyCheck = (body: unknown) => boolean;

const CHECKS = new WeakMap<object, ValidBodyCheck>();

/** Gives a body DTO a fast check of its valid bodies (see ValidBodyCheck). */
export function FastValidated(check: ValidBodyCheck): ClassDecorator {
  return (target) => {
    CHECKS.set(target, check);
  };
}

/** The options every request body and query goes through. */
export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  stopAtFirstError: false,
};

@Injectable()
export class PulseboardValidationPipe extends ValidationPipe {
  constructor() {
    super(VALIDATION_OPTIONS);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const check = metadata.type === 'body' && metadata.metatype ? CHECKS.get(metadata.metatype) : undefined;
    // No body validates as {} on the full path too (a POST without one, e.g. a decrement by 1).
    if (check && value === undefined) return check({}) ? {} : super.transform(value, metadata);
    if (check && value !== null && typeof value === 'object') {
      // As the full path does first: `__proto__`, `constructor` and `prototype` keys go, at any depth.
      this.stripProtoKeys(value);
      // The body as parsed: the handler reads the same fields the DTO instance would have had.
      if (check(value)) return value;
    }
    return super.transform(value, metadata);
  }
}

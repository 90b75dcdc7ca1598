import { IsString, Length } from 'class-validator';
import { ChangePasswordRequest } from '@pulseboard/shared/contracts';
import { IsPassword } from './password';

export class ChangePasswordDto implements ChangePasswordRequest {
  @IsString()
  @Length(1, 200)
  currentPassword: string;

  /** 8 to 72 bytes in UTF-8 (bcrypt's limit). */
  @IsPassword()
  newPassword: string;
}

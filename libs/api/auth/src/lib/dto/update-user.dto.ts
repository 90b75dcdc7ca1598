import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { Role, ROLES, UpdateUserRequest } from '@pulseboard/shared/contracts';
import { IsPassword } from './password';

export class UpdateUserDto implements UpdateUserRequest {
  /** @example viewer */
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  /** A disabled user cannot log in; its tokens and sockets stop working. */
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  /** A new password (8 to 72 bytes in UTF-8); the user's tokens stop working. */
  @IsOptional()
  @IsPassword()
  password?: string;
}

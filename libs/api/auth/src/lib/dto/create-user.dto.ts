import { IsIn, IsString, Matches } from 'class-validator';
import { CreateUserRequest, Role, ROLES } from '@pulseboard/shared/contracts';
import { IsPassword } from './password';

export class CreateUserDto implements CreateUserRequest {
  /** 3-64 letters, digits, '.', '_' or '-'; unique without regard to case. @example alice */
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{3,64}$/, { message: "username must be 3-64 letters, digits, '.', '_' or '-'" })
  username: string;

  /** 8 to 72 bytes in UTF-8 (bcrypt's limit). @example correct-horse */
  @IsPassword()
  password: string;

  /** @example operator */
  @IsIn(ROLES)
  role: Role;
}

import { IsIn, IsString, Length, Matches } from 'class-validator';
import { CreateUserRequest, Role, ROLES } from '@pulseboard/shared/contracts';

export class CreateUserDto implements CreateUserRequest {
  /** 3-64 letters, digits, '.', '_' or '-'. @example alice */
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{3,64}$/, { message: "username must be 3-64 letters, digits, '.', '_' or '-'" })
  username: string;

  /** At least 8 characters. */
  @IsString()
  @Length(8, 200)
  password: string;

  /** @example operator */
  @IsIn(ROLES)
  role: Role;
}

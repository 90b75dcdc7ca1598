import { IsString, Length } from 'class-validator';
import type { LoginRequest } from '@pulseboard/shared/contracts';

export class LoginDto implements LoginRequest {
  /** @example admin */
  @IsString()
  @Length(1, 64)
  username: string;

  /** @example change-me */
  @IsString()
  @Length(1, 200)
  password: string;
}

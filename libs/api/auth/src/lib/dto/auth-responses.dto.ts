import { ApiProperty } from '@nestjs/swagger';
import { LoginResponse, Role, ROLES, User } from '@pulseboard/shared/contracts';

export class UserDto implements User {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  username: string;
  @ApiProperty({ enum: ROLES })
  role: Role;
  @ApiProperty({ description: 'A disabled user cannot log in; its tokens and sockets stop working' })
  disabled: boolean;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class LoginResponseDto implements LoginResponse {
  @ApiProperty()
  accessToken: string;
  @ApiProperty({ description: 'Seconds until the token expires' })
  expiresIn: number;
  @ApiProperty({ type: UserDto })
  user: UserDto;
}

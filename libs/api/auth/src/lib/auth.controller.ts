import { Body, Controller, Get, HttpCode, HttpStatus, NotFoundException, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthUser, Public } from '@pulseboard/api/core';
import type { LoginResponse, User } from '@pulseboard/shared/contracts';
import { CurrentUser } from './current-user.decorator';
import { LoginDto } from './dto/login.dto';
import { LoginResponseDto, UserDto } from './dto/auth-responses.dto';
import { LoginThrottle, TooManyLoginAttempts } from './login-throttle';
import { TokenService } from './token.service';
import { toUser } from './user.entity';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  private readonly throttle = new LoginThrottle();

  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address (Retry-After set)' })
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponse> {
    try {
      this.throttle.hit(req.ip ?? 'unknown');
    } catch (e) {
      if (e instanceof TooManyLoginAttempts) res.setHeader('Retry-After', String(e.retryAfterSec));
      throw e;
    }
    const user = await this.users.verify(dto.username, dto.password);
    if (!user) throw new UnauthorizedException('Wrong username or password');
    const u = toUser(user);
    return { accessToken: await this.tokens.issue(u), expiresIn: this.tokens.expiresInSec, user: u };
  }

  @Get('me')
  @ApiOkResponse({ type: UserDto })
  async me(@CurrentUser() current: AuthUser): Promise<User> {
    const user = await this.users.findById(current.id);
    if (!user) throw new NotFoundException('Your user no longer exists');
    return toUser(user);
  }
}

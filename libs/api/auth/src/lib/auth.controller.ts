import { Body, Controller, Get, HttpCode, HttpStatus, NotFoundException, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser, Public, RequireRole } from '@pulseboard/api/core';
import type { LoginResponse, User } from '@pulseboard/shared/contracts';
import { CurrentUser } from './current-user.decorator';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { LoginResponseDto, UserDto } from './dto/auth-responses.dto';
import { LoginThrottle, TooManyLoginAttempts } from './login-throttle';
import { TokenService } from './token.service';
import { toUser } from './user.entity';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password, or a disabled user' })
  @ApiTooManyRequestsResponse({
    description: 'Too many attempts from this client address, or for this account (Retry-After set)',
  })
  async login(@Body() dto: LoginDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<LoginResponse> {
    // req.ip honours TRUST_PROXY: behind a trusted proxy, the client's address from X-Forwarded-For.
    await this.throttled(res, () => this.throttle.hit(req.ip ?? 'unknown', dto.username));
    const user = await this.users.verify(dto.username, dto.password);
    if (!user) throw new UnauthorizedException('Wrong username or password');
    await this.throttle.succeeded(dto.username);
    return { accessToken: await this.tokens.issue(user), expiresIn: this.tokens.expiresInSec, user: toUser(user) };
  }

  @Get('me')
  @ApiOkResponse({ type: UserDto })
  async me(@CurrentUser() current: AuthUser): Promise<User> {
    const user = await this.users.findById(current.id);
    if (!user) throw new NotFoundException('Your user no longer exists');
    return toUser(user);
  }

  /** Any logged-in user, for themselves. Every token of the user (this one too) then needs a new login. */
  @Post('password')
  @RequireRole('viewer')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Changed; log in again with the new password' })
  @ApiBadRequestResponse({ description: 'currentPassword is wrong, or newPassword is not 8 to 72 bytes' })
  @ApiTooManyRequestsResponse({ description: 'Counted like login attempts (a stolen token must not guess the password)' })
  async changePassword(
    @CurrentUser() current: AuthUser,
    @Body() dto: ChangePasswordDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<void> {
    await this.throttled(res, () => this.throttle.hit(req.ip ?? 'unknown', current.username));
    await this.users.changePassword(current.id, dto.currentPassword, dto.newPassword);
  }

  private async throttled(res: FastifyReply, hit: () => Promise<void>): Promise<void> {
    try {
      await hit();
    } catch (e) {
      if (e instanceof TooManyLoginAttempts) void res.header('Retry-After', String(e.retryAfterSec));
      throw e;
    }
  }
}

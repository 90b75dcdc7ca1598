import { Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DOCS_AUTHENTICATOR, PULSEBOARD_CONFIG, PulseboardConfig } from '@pulseboard/api/core';
import { UserDocsAuthenticator } from './docs-authenticator';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { UserStateService } from './user-state.service';
import { TokenService } from './token.service';
import { UserEntity } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Users, login, the global auth + roles guard, and token verification for the socket handshake. */
@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity]),
    JwtModule.registerAsync({
      inject: [PULSEBOARD_CONFIG],
      // A KeyObject, not a string: jsonwebtoken otherwise tries (and fails) to parse the string as a public key
      // on every verify, which cost about a fifth of the CPU of each authenticated request.
      useFactory: (cfg: PulseboardConfig) => ({ secret: createSecretKey(Buffer.from(cfg.jwtSecret)) as unknown as string }),
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [
    UsersService,
    TokenService,
    UserStateService,
    PasswordHasher,
    LoginThrottle,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: DOCS_AUTHENTICATOR, useClass: UserDocsAuthenticator },
  ],
  exports: [TokenService, UsersService, UserStateService],
})
export class AuthModule {}

import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthUser, InjectConfig, PulseboardConfig } from '@pulseboard/api/core';
import { Role, ROLES } from '@pulseboard/shared/contracts';

interface TokenClaims {
  sub: string;
  username: string;
  role: Role;
}

/** Issues and verifies access tokens; shared by the HTTP guard and the socket.io handshake. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @InjectConfig() private readonly cfg: PulseboardConfig,
  ) {}

  get expiresInSec(): number {
    return this.cfg.jwtExpiresInSec;
  }

  issue(user: AuthUser): Promise<string> {
    const claims: TokenClaims = { sub: user.id, username: user.username, role: user.role };
    return this.jwt.signAsync(claims, { expiresIn: this.cfg.jwtExpiresInSec });
  }

  /** The user a token names, or null when it is missing, malformed, badly signed or expired. */
  async verify(token: string | undefined | null): Promise<AuthUser | null> {
    if (!token) return null;
    try {
      const c = await this.jwt.verifyAsync<TokenClaims>(token);
      if (typeof c.sub !== 'string' || !ROLES.includes(c.role)) return null;
      return { id: c.sub, username: c.username, role: c.role };
    } catch {
      return null;
    }
  }
}

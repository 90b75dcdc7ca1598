import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthUser, InjectConfig, PulseboardConfig } from '@pulseboard/api/core';
import { Role, ROLES } from '@pulseboard/shared/contracts';

interface TokenClaims {
  sub: string;
  username: string;
  role: Role;
  exp?: number;
}

/** Verified tokens remembered (until they expire), so a client's repeated requests skip the signature check. */
const VERIFIED_CACHE_SIZE = 10_000;

/** Issues and verifies access tokens; shared by the HTTP guard and the socket.io handshake. */
@Injectable()
export class TokenService {
  private readonly verified = new Map<string, { user: AuthUser; expiresAtMs: number }>();

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

  /**
   * The user a token names, or null when it is missing, malformed, badly signed or expired. A token that verified
   * is remembered by its exact text until its `exp`: the same bytes signed with the same key verify the same way,
   * and verifying the signature again was the largest cost of an authenticated request.
   */
  async verify(token: string | undefined | null): Promise<AuthUser | null> {
    if (!token) return null;
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAtMs > Date.now()) return known.user;
      this.verified.delete(token);
    }
    let c: TokenClaims;
    try {
      c = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      return null;
    }
    if (typeof c.sub !== 'string' || !ROLES.includes(c.role)) return null;
    const user: AuthUser = { id: c.sub, username: c.username, role: c.role };
    if (typeof c.exp === 'number') this.remember(token, user, c.exp * 1000);
    return user;
  }

  private remember(token: string, user: AuthUser, expiresAtMs: number): void {
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      // Evict the oldest entry (Map keeps insertion order).
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, { user, expiresAtMs });
  }
}

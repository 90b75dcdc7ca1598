import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthUser, InjectConfig, PulseboardConfig } from '@pulseboard/api/core';
import { Role, ROLES } from '@pulseboard/shared/contracts';
import { UserStateService } from './user-state.service';

/** The only algorithm signed and accepted: a token naming another (`none`, RS256 with our secret as a key) is refused. */
export const JWT_ALGORITHM = 'HS256';
export const JWT_ISSUER = 'pulseboard';
export const JWT_AUDIENCE = 'pulseboard-api';

export interface TokenClaims {
  sub: string;
  username: string;
  /** The role at issue time; requests use the user's current role. */
  role: Role;
  /** The user's token version at issue time: a password change or a disable raises it and ends older tokens. */
  ver: number;
  exp?: number;
}

/** An authenticated token: the user as it is now, and when the token expires. */
export interface Session {
  user: AuthUser;
  expiresAtMs: number;
}

/** Verified tokens remembered (until they expire), so a client's repeated requests skip the signature check. */
const VERIFIED_CACHE_SIZE = 10_000;

/** Issues and verifies access tokens; shared by the HTTP guard and the socket.io handshake. */
@Injectable()
export class TokenService {
  private readonly verified = new Map<string, { claims: TokenClaims; expiresAtMs: number }>();

  constructor(
    private readonly jwt: JwtService,
    @InjectConfig() private readonly cfg: PulseboardConfig,
    private readonly states: UserStateService,
  ) {}

  get expiresInSec(): number {
    return this.cfg.jwtExpiresInSec;
  }

  issue(user: AuthUser & { tokenVersion: number }): Promise<string> {
    const claims: TokenClaims = { sub: user.id, username: user.username, role: user.role, ver: user.tokenVersion };
    return this.jwt.signAsync(claims, {
      expiresIn: this.cfg.jwtExpiresInSec,
      algorithm: JWT_ALGORITHM,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });
  }

  /** The current user a token names, or null (see `authenticate`). */
  async verify(token: string | undefined | null): Promise<AuthUser | null> {
    return (await this.authenticate(token))?.user ?? null;
  }

  /**
   * Null when the token is missing, malformed, badly signed, of another algorithm, issuer or audience, expired, or
   * when its user is gone, disabled, or changed its token version since; else the user with its CURRENT role.
   * The signature check is remembered per exact token text until its `exp` (it was the largest cost of an
   * authenticated request); the user's state is checked every time (cached by UserStateService).
   */
  async authenticate(token: string | undefined | null): Promise<Session | null> {
    const checked = await this.checkSignature(token);
    if (!checked) return null;
    const { claims, expiresAtMs } = checked;
    const state = await this.states.get(claims.sub);
    if (!state || state.disabled || state.tokenVersion !== claims.ver) return null;
    return { user: { id: state.id, username: state.username, role: state.role }, expiresAtMs };
  }

  private async checkSignature(token: string | undefined | null): Promise<{ claims: TokenClaims; expiresAtMs: number } | null> {
    if (!token) return null;
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAtMs > Date.now()) return known;
      this.verified.delete(token);
      return null;
    }
    let c: TokenClaims;
    try {
      c = await this.jwt.verifyAsync<TokenClaims>(token, {
        algorithms: [JWT_ALGORITHM],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      });
    } catch {
      return null;
    }
    if (typeof c.sub !== 'string' || !ROLES.includes(c.role) || !Number.isInteger(c.ver) || typeof c.exp !== 'number') {
      return null;
    }
    const entry = { claims: c, expiresAtMs: c.exp * 1000 };
    this.remember(token, entry);
    return entry;
  }

  private remember(token: string, entry: { claims: TokenClaims; expiresAtMs: number }): void {
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      // Evict the oldest entry (Map keeps insertion order).
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, entry);
  }
}

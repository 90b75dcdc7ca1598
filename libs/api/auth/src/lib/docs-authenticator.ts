// Lets a Pulseboard user read the API docs when they are not public: a bearer token, or HTTP Basic credentials (what a
// browser sends after its login prompt).
import { Injectable } from '@nestjs/common';
import type { DocsAuthenticator } from '@pulseboard/api/core';
import { bearerToken } from './auth.guard';
import { TokenService } from './token.service';
import { UsersService } from './users.service';

@Injectable()
export class UserDocsAuthenticator implements DocsAuthenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly users: UsersService,
  ) {}

  async authenticate(authorization: string | undefined): Promise<boolean> {
    if (!authorization) return false;
    const token = bearerToken({ headers: { authorization } });
    if (token) return (await this.tokens.verify(token)) !== null;
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization.trim());
    if (!basic) return false;
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) return false;
    return (await this.users.verify(decoded.slice(0, colon), decoded.slice(colon + 1))) !== null;
  }
}

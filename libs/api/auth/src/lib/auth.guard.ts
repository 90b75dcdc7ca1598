import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AuthUser, IS_PUBLIC_KEY, REQUIRED_ROLE_KEY } from '@pulseboard/api/core';
import { Role, roleAtLeast } from '@pulseboard/shared/contracts';
import { TokenService } from './token.service';

export type AuthedRequest = FastifyRequest & { user?: AuthUser };

/** The role a route needs when it does not say: viewer to read, operator to change anything. */
export function defaultRole(method: string): Role {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? 'viewer' : 'operator';
}

export function bearerToken(req: Pick<FastifyRequest, 'headers'>): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h.trim());
  return m ? m[1] : null;
}

/** Applied globally: every HTTP route needs a valid token and a sufficient role unless it is @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const token = bearerToken(req);
    if (!token) throw new UnauthorizedException('Missing bearer token; log in with POST /api/auth/login');
    const user = await this.tokens.verify(token);
    if (!user) throw new UnauthorizedException('Invalid or expired token; log in again');
    req.user = user;
    const required = this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE_KEY, targets) ?? defaultRole(req.method);
    if (!roleAtLeast(user.role, required)) {
      throw new ForbiddenException(`This action needs the '${required}' role; you are '${user.role}'`);
    }
    return true;
  }
}

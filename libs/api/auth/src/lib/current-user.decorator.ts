import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthUser } from '@pulseboard/api/core';
import type { AuthedRequest } from './auth.guard';

/** The authenticated user of the request (set by the global AuthGuard). */
export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest<AuthedRequest>().user as AuthUser,
);

// Route metadata read by the auth guards (libs/api/auth); kept here so any module can mark its routes.
import { SetMetadata } from '@nestjs/common';
import type { Role } from '@pulseboard/shared/contracts';

export const IS_PUBLIC_KEY = 'pulseboard:isPublic';
export const REQUIRED_ROLE_KEY = 'pulseboard:requiredRole';

/** The route needs no token. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * The least role the route needs. Without it: `viewer` for GET/HEAD, `operator` for every mutation,
 * as docs/contract.md's roles section says.
 */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE_KEY, role);

/** What the JWT guard puts on `request.user`. */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
}

/**
 * Who may read the API documentation when it must not be public (SWAGGER=on in production): provided by the auth
 * module, used by the Swagger setup in core (which cannot depend on auth).
 */
export const DOCS_AUTHENTICATOR = Symbol('DOCS_AUTHENTICATOR');
export interface DocsAuthenticator {
  /** True for a request with a valid `Authorization: Bearer <token>` or `Basic <user:password>` of an enabled user. */
  authenticate(authorization: string | undefined): Promise<boolean>;
}

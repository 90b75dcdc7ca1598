import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import type { Role } from '@pulseboard/shared/contracts';
import { AuthService } from './auth.service';

/** Lets logged-in users through; sends everyone else to /login with the URL they wanted as `returnUrl`. */
export const authGuard: CanActivateFn = (_route, state) => {
  if (inject(AuthService).isLoggedIn()) return true;
  return inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** Keeps logged-in users off the login page. */
export const guestGuard: CanActivateFn = () => (inject(AuthService).isLoggedIn() ? inject(Router).createUrlTree(['/']) : true);

/**
 * The `returnUrl` to follow after login, or `/` when it is missing or could leave the app
 * (absolute URLs and protocol-relative `//host` are refused, so the login page is no open redirect).
 */
export function safeReturnUrl(returnUrl: string | null | undefined): string {
  if (!returnUrl || !returnUrl.startsWith('/') || returnUrl.startsWith('//') || returnUrl.startsWith('/\\')) return '/';
  if (returnUrl.startsWith('/login')) return '/';
  return returnUrl;
}

/** Lets users with `role` (or a higher one) through; sends everyone else to the dashboard. */
export function roleGuard(role: Role): CanActivateFn {
  return () => (inject(AuthService).hasRole(role) ? true : inject(Router).createUrlTree(['/']));
}

import { HttpErrorResponse, HttpInterceptorFn, HttpStatusCode } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { AuthService, LOGIN_URL } from './auth.service';

/**
 * Adds the bearer token to same-origin `/api` calls and turns a 401 (expired or revoked token) into a logout
 * that comes back to the current page after the next login. The login call's own 401 is a wrong password,
 * left to the login form.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const isApiCall = req.url.startsWith('/api/');
  const isLoginCall = req.url.split('?')[0] === LOGIN_URL;
  const token = auth.token();

  const outgoing = isApiCall && !isLoginCall && token ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;

  return next(outgoing).pipe(
    catchError((error: unknown) => {
      // Only the first of several parallel 401s logs out; a request sent without a token has no session to end.
      if (outgoing !== req && auth.isLoggedIn() && error instanceof HttpErrorResponse && error.status === HttpStatusCode.Unauthorized) {
        auth.logout({ returnUrl: router.url });
      }
      return throwError(() => error);
    }),
  );
};

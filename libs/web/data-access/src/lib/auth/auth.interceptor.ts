import { HttpErrorResponse, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { API_BASE } from '../api/api-base';
import { toApiProblem } from '../api/api-problem';
import { SessionStore } from './session.store';

const PUBLIC_PATHS = ['/auth/login', '/auth/refresh'];

/**
 * Sends the access token with every API call, refreshes it shortly before it expires, retries a
 * call refused for an invalid or expired access token once after a refresh, and takes the user
 * to the login page (saying the session expired) when the refresh token is refused too or the
 * server says the session ended (logout elsewhere, revocation, password change).
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const session = inject(SessionStore);
  const router = inject(Router);
  const apiBase = inject(API_BASE);
  if (!request.url.startsWith(apiBase) || PUBLIC_PATHS.some((path) => request.url === apiBase + path)) {
    return next(request);
  }
  const withToken = (): HttpRequest<unknown> => {
    const token = session.accessToken();
    return token ? request.clone({ setHeaders: { authorization: `Bearer ${token}` } }) : request;
  };
  const expire = (): void => {
    void router.navigate(['/login'], { queryParams: { returnUrl: router.url, expired: 1 } });
  };
  const send = () =>
    next(withToken()).pipe(
      catchError((error: unknown) => {
        if (!(error instanceof HttpErrorResponse) || error.status !== 401 || !session.accessToken()) {
          return throwError(() => error);
        }
        // A 401 is not always about the token: a wrong password on an e-signature is one too, and
        // must reach the form (resending it would count twice towards the account's lockout).
        const code = toApiProblem(error).code;
        if (code === 'SESSION_ENDED') {
          session.end('revoked');
          expire();
          return throwError(() => error);
        }
        if (code !== 'INVALID_TOKEN' && code !== 'TOKEN_REQUIRED') return throwError(() => error);
        return from(session.refresh()).pipe(
          switchMap((refreshed) => {
            if (!refreshed) {
              expire();
              return throwError(() => error);
            }
            return next(withToken());
          }),
        );
      }),
    );
  if (session.accessTokenStale()) {
    return from(session.refresh()).pipe(
      switchMap((refreshed) => {
        if (!refreshed) expire();
        return send();
      }),
    );
  }
  return send();
};

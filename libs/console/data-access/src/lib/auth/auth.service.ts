import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { Observable, map, tap } from 'rxjs';
import { LoginRequest, LoginResponse, Role, User, roleAtLeast } from '@pulseboard/shared/contracts';

/** URL of the login call; the interceptor must neither authenticate it nor treat its 401 as an expired session. */
export const LOGIN_URL = '/api/auth/login';

/** localStorage key of the persisted session. */
export const SESSION_STORAGE_KEY = 'pulseboard.session';

interface StoredSession {
  accessToken: string;
  user: User;
  /** Epoch milliseconds after which the token is no longer accepted. */
  expiresAt: number;
}

export interface LogoutOptions {
  /** When set, navigate to the login page, asking it to come back to this URL afterwards. */
  returnUrl?: string;
  /** Navigate to the login page (default true). */
  navigate?: boolean;
}

@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);

  private readonly session = signal<StoredSession | null>(readStoredSession());

  readonly user = computed(() => this.session()?.user ?? null);
  readonly token = computed(() => this.session()?.accessToken ?? null);
  readonly isLoggedIn = computed(() => this.session() !== null);

  login(credentials: LoginRequest): Observable<User> {
    return this.http.post<LoginResponse>(LOGIN_URL, credentials).pipe(
      tap((res) => {
        const session: StoredSession = {
          accessToken: res.accessToken,
          user: res.user,
          expiresAt: Date.now() + res.expiresIn * 1000,
        };
        writeStoredSession(session);
        this.session.set(session);
      }),
      map((res) => res.user),
    );
  }

  /** Forgets the session and (by default) goes to the login page. Safe to call when already logged out. */
  logout(options: LogoutOptions = {}): void {
    writeStoredSession(null);
    this.session.set(null);
    if (options.navigate === false) return;
    const returnUrl = options.returnUrl && !options.returnUrl.startsWith('/login') ? options.returnUrl : undefined;
    void this.router.navigate(['/login'], { queryParams: returnUrl ? { returnUrl } : {} });
  }

  /** Whether the current user has `role` or a higher one. */
  hasRole(role: Role): boolean {
    const user = this.user();
    return user !== null && roleAtLeast(user.role, role);
  }
}

function readStoredSession(): StoredSession | null {
  try {
    const raw = globalThis.localStorage?.getItem(SESSION_STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<StoredSession>;
    const valid =
      typeof parsed.accessToken === 'string' &&
      typeof parsed.expiresAt === 'number' &&
      parsed.expiresAt > Date.now() &&
      typeof parsed.user?.username === 'string' &&
      typeof parsed.user?.role === 'string';
    if (!valid) {
      globalThis.localStorage.removeItem(SESSION_STORAGE_KEY);
      return null;
    }
    return parsed as StoredSession;
  } catch {
    // Corrupt JSON or storage disabled: behave as logged out.
    return null;
  }
}

function writeStoredSession(session: StoredSession | null): void {
  try {
    if (session) globalThis.localStorage?.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    else globalThis.localStorage?.removeItem(SESSION_STORAGE_KEY);
  } catch {
    // Storage full or disabled (private mode): the session still lives in memory for this tab.
  }
}

import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { LoginResponse } from '@pulseboard/shared/contracts';
import { AuthService, SESSION_STORAGE_KEY } from './auth.service';

const loginResponse: LoginResponse = {
  accessToken: 'token-1',
  expiresIn: 3600,
  user: { id: 'u1', username: 'ada', role: 'operator', disabled: false, createdAt: '2026-01-01T00:00:00.000Z' },
};

function setup() {
  TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
  const router = TestBed.inject(Router);
  const navigate = jest.spyOn(router, 'navigate').mockResolvedValue(true);
  return { auth: TestBed.inject(AuthService), http: TestBed.inject(HttpTestingController), navigate };
}

describe('AuthService', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('logs in with POST /api/auth/login and keeps the token and user in signals and localStorage', () => {
    const { auth, http } = setup();
    let loggedIn: unknown;
    auth.login({ username: 'ada', password: 'pw' }).subscribe((user) => (loggedIn = user));

    const req = http.expectOne('/api/auth/login');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ username: 'ada', password: 'pw' });
    req.flush(loginResponse);

    expect(loggedIn).toEqual(loginResponse.user);
    expect(auth.isLoggedIn()).toBe(true);
    expect(auth.token()).toBe('token-1');
    expect(auth.user()).toEqual(loginResponse.user);
    const stored = JSON.parse(localStorage.getItem(SESSION_STORAGE_KEY) ?? 'null');
    expect(stored.accessToken).toBe('token-1');
    expect(stored.user.username).toBe('ada');
    expect(stored.expiresAt).toBeGreaterThan(Date.now() + 3500_000);
  });

  it('stays logged out when the credentials are refused', () => {
    const { auth, http } = setup();
    let failed = false;
    auth.login({ username: 'ada', password: 'wrong' }).subscribe({ error: () => (failed = true) });
    http
      .expectOne('/api/auth/login')
      .flush({ statusCode: 401, message: 'Invalid credentials', error: 'Unauthorized' }, { status: 401, statusText: 'Unauthorized' });

    expect(failed).toBe(true);
    expect(auth.isLoggedIn()).toBe(false);
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('restores a stored session that has not expired', () => {
    localStorage.setItem(
      SESSION_STORAGE_KEY,
      JSON.stringify({ accessToken: 'stored', user: loginResponse.user, expiresAt: Date.now() + 60_000 }),
    );
    const { auth } = setup();
    expect(auth.isLoggedIn()).toBe(true);
    expect(auth.token()).toBe('stored');
  });

  it('drops an expired or corrupt stored session', () => {
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ accessToken: 'old', user: loginResponse.user, expiresAt: Date.now() - 1 }));
    expect(setup().auth.isLoggedIn()).toBe(false);
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();

    TestBed.resetTestingModule();
    localStorage.setItem(SESSION_STORAGE_KEY, '{not json');
    expect(setup().auth.isLoggedIn()).toBe(false);
  });

  it('logs out: forgets the session and goes to the login page with the return URL', () => {
    const { auth, http, navigate } = setup();
    auth.login({ username: 'ada', password: 'pw' }).subscribe();
    http.expectOne('/api/auth/login').flush(loginResponse);

    auth.logout({ returnUrl: '/jobs?status=failed' });

    expect(auth.isLoggedIn()).toBe(false);
    expect(auth.token()).toBeNull();
    expect(auth.user()).toBeNull();
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { returnUrl: '/jobs?status=failed' } });
  });

  it('does not navigate when asked not to', () => {
    const { auth, navigate } = setup();
    auth.logout({ navigate: false });
    expect(navigate).not.toHaveBeenCalled();
  });

  it('answers hasRole by the admin > operator > viewer order', () => {
    const { auth, http } = setup();
    expect(auth.hasRole('viewer')).toBe(false);

    auth.login({ username: 'ada', password: 'pw' }).subscribe();
    http.expectOne('/api/auth/login').flush(loginResponse);

    expect(auth.hasRole('viewer')).toBe(true);
    expect(auth.hasRole('operator')).toBe(true);
    expect(auth.hasRole('admin')).toBe(false);
  });
});

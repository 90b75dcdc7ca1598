import { HttpClient, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { authInterceptor } from './auth.interceptor';
import { AuthService, SESSION_STORAGE_KEY } from './auth.service';

function setup({ loggedIn }: { loggedIn: boolean }) {
  localStorage.clear();
  if (loggedIn) {
    localStorage.setItem(
      SESSION_STORAGE_KEY,
      JSON.stringify({ accessToken: 'abc', user: { id: '1', username: 'ada', role: 'viewer' }, expiresAt: Date.now() + 60_000 }),
    );
  }
  TestBed.configureTestingModule({
    providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), provideRouter([])],
  });
  const router = TestBed.inject(Router);
  jest.spyOn(router, 'url', 'get').mockReturnValue('/counters?page=2');
  const navigate = jest.spyOn(router, 'navigate').mockResolvedValue(true);
  return {
    http: TestBed.inject(HttpClient),
    backend: TestBed.inject(HttpTestingController),
    auth: TestBed.inject(AuthService),
    navigate,
  };
}

const unauthorized = { status: 401, statusText: 'Unauthorized' };

describe('authInterceptor', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('adds the bearer token to API calls', () => {
    const { http, backend } = setup({ loggedIn: true });
    http.get('/api/counters').subscribe();
    expect(backend.expectOne('/api/counters').request.headers.get('Authorization')).toBe('Bearer abc');
  });

  it('sends no token to the login call or outside /api', () => {
    const { http, backend } = setup({ loggedIn: true });
    http.post('/api/auth/login', {}).subscribe();
    http.get('/assets/logo.svg').subscribe();
    http.get('https://example.com/api/x').subscribe();
    expect(backend.expectOne('/api/auth/login').request.headers.has('Authorization')).toBe(false);
    expect(backend.expectOne('/assets/logo.svg').request.headers.has('Authorization')).toBe(false);
    expect(backend.expectOne('https://example.com/api/x').request.headers.has('Authorization')).toBe(false);
  });

  it('logs out and goes to /login with the current URL on a 401, and still fails the call', () => {
    const { http, backend, auth, navigate } = setup({ loggedIn: true });
    let error: HttpErrorResponse | undefined;
    http.get('/api/jobs').subscribe({ error: (e: HttpErrorResponse) => (error = e) });
    backend.expectOne('/api/jobs').flush({ statusCode: 401, message: 'Unauthorized' }, unauthorized);

    expect(error?.status).toBe(401);
    expect(auth.isLoggedIn()).toBe(false);
    expect(navigate).toHaveBeenCalledTimes(1);
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { returnUrl: '/counters?page=2' } });
  });

  it('logs out once when several calls fail with 401 together', () => {
    const { http, backend, navigate } = setup({ loggedIn: true });
    http.get('/api/a').subscribe({ error: () => undefined });
    http.get('/api/b').subscribe({ error: () => undefined });
    backend.expectOne('/api/a').flush(null, unauthorized);
    backend.expectOne('/api/b').flush(null, unauthorized);
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('leaves a 401 of the login call (wrong password) to the login form', () => {
    const { http, backend, auth, navigate } = setup({ loggedIn: true });
    http.post('/api/auth/login', {}).subscribe({ error: () => undefined });
    backend.expectOne('/api/auth/login').flush({ statusCode: 401, message: 'Invalid credentials' }, unauthorized);
    expect(auth.isLoggedIn()).toBe(true);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('keeps the session on other errors such as 403', () => {
    const { http, backend, auth, navigate } = setup({ loggedIn: true });
    http.post('/api/users', {}).subscribe({ error: () => undefined });
    backend.expectOne('/api/users').flush(null, { status: 403, statusText: 'Forbidden' });
    expect(auth.isLoggedIn()).toBe(true);
    expect(navigate).not.toHaveBeenCalled();
  });
});

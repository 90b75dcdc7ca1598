import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { authGuard, guestGuard, roleGuard, safeReturnUrl } from './auth.guard';
import { AuthService } from './auth.service';

@Component({ template: 'page' })
class PageStub {}

async function setup(loggedIn: boolean) {
  TestBed.configureTestingModule({
    providers: [
      { provide: AuthService, useValue: { isLoggedIn: signal(loggedIn) } },
      provideRouter([
        { path: 'login', canActivate: [guestGuard], component: PageStub },
        {
          path: '',
          canActivate: [authGuard],
          children: [
            { path: 'jobs', component: PageStub },
            { path: '', component: PageStub },
          ],
        },
      ]),
    ],
  });
  return { harness: await RouterTestingHarness.create(), router: TestBed.inject(Router) };
}

describe('authGuard', () => {
  it('sends a logged-out user to /login with the URL they wanted', async () => {
    const { harness, router } = await setup(false);
    await harness.navigateByUrl('/jobs?status=failed');
    expect(router.url).toBe('/login?returnUrl=%2Fjobs%3Fstatus%3Dfailed');
  });

  it('lets a logged-in user through', async () => {
    const { harness, router } = await setup(true);
    await harness.navigateByUrl('/jobs');
    expect(router.url).toBe('/jobs');
  });
});

describe('guestGuard', () => {
  it('sends a logged-in user away from the login page', async () => {
    const { harness, router } = await setup(true);
    await harness.navigateByUrl('/login');
    expect(router.url).toBe('/');
  });
});

describe('safeReturnUrl', () => {
  it('keeps paths inside the app', () => {
    expect(safeReturnUrl('/jobs?status=failed')).toBe('/jobs?status=failed');
  });
  it('refuses missing, absolute, protocol-relative and login URLs', () => {
    for (const url of [null, undefined, '', 'https://evil.example', '//evil.example', '/\\evil.example', '/login?returnUrl=/x']) {
      expect(safeReturnUrl(url)).toBe('/');
    }
  });
});

describe('roleGuard', () => {
  async function visit(role: 'viewer' | 'operator' | 'admin', url: string) {
    const user = { id: '1', username: 'u', role };
    const order = ['viewer', 'operator', 'admin'];
    TestBed.configureTestingModule({
      providers: [
        { provide: AuthService, useValue: { hasRole: (r: string) => order.indexOf(user.role) >= order.indexOf(r) } },
        provideRouter([
          { path: 'queues', canActivate: [roleGuard('operator')], component: PageStub },
          { path: 'audit', canActivate: [roleGuard('admin')], component: PageStub },
          { path: '', component: PageStub },
        ]),
      ],
    });
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return TestBed.inject(Router).url;
  }

  it('sends a user without the role to the dashboard', async () => {
    expect(await visit('viewer', '/queues')).toBe('/');
  });

  it('lets the role and higher ones through', async () => {
    expect(await visit('operator', '/queues')).toBe('/queues');
  });

  it('keeps an operator out of an admin page', async () => {
    expect(await visit('operator', '/audit')).toBe('/');
  });
});

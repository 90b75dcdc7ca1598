import { Component, signal } from '@angular/core';
import { provideHttpClient } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { Route, Router, Routes, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { NEVER } from 'rxjs';
import { AuthService, SocketService } from '@pulseboard/console/data-access';
import { provideConsoleIcons } from '@pulseboard/console/ui';
import { Role, roleAtLeast } from '@pulseboard/shared/contracts';
import { SHELL_ROUTES } from './shell.routes';

@Component({ template: '<p class="stub-page">feature page</p>' })
class FeaturePageStub {}

const layoutRoute = (): Route => {
  const route = SHELL_ROUTES.find((r) => r.path === '' && r.children);
  if (!route) throw new Error('SHELL_ROUTES has no layout route');
  return route;
};

/** SHELL_ROUTES with the feature pages replaced by a stub, so these tests do not depend on what the pages need. */
const routesWithStubPages = (): Routes =>
  SHELL_ROUTES.map((route) =>
    route === layoutRoute()
      ? {
          ...route,
          children: route.children?.map(({ path, title, canActivate }) => ({ path, title, canActivate, component: FeaturePageStub })),
        }
      : route,
  );

async function navigate(url: string, loggedIn: boolean, role: Role = 'viewer') {
  TestBed.configureTestingModule({
    providers: [
      provideRouter(routesWithStubPages(), withComponentInputBinding()),
      provideHttpClient(),
      provideConsoleIcons(),
      {
        provide: AuthService,
        useValue: {
          isLoggedIn: signal(loggedIn),
          user: signal({ id: '1', username: 'ada', role }),
          hasRole: (r: Role) => roleAtLeast(role, r),
          logout: jest.fn(),
        },
      },
      { provide: SocketService, useValue: { status: signal('connected'), subscribe: () => NEVER, on: () => NEVER } },
    ],
  });
  const harness = await RouterTestingHarness.create();
  await harness.navigateByUrl(url);
  return { harness, router: TestBed.inject(Router), root: harness.fixture.nativeElement as HTMLElement };
}

describe('SHELL_ROUTES', () => {
  it('lazy-loads each section from its feature library', async () => {
    const children = layoutRoute().children ?? [];
    const loaded = new Map<string | undefined, unknown>();
    for (const child of children) loaded.set(child.path, await (child.loadChildren as () => Promise<unknown>)());
    // Imported dynamically here too: a static import would defeat the lazy loading under test (and lint says so).
    expect(loaded).toEqual(
      new Map<string, unknown>([
        ['counters', (await import('@pulseboard/console/feature-counters')).COUNTERS_ROUTES],
        ['jobs', (await import('@pulseboard/console/feature-jobs')).JOBS_ROUTES],
        ['events', (await import('@pulseboard/console/feature-events')).EVENTS_ROUTES],
        ['queues', (await import('@pulseboard/console/feature-ops')).QUEUES_ROUTES],
        ['audit', (await import('@pulseboard/console/feature-ops')).AUDIT_ROUTES],
        ['users', (await import('@pulseboard/console/feature-ops')).USERS_ROUTES],
        ['cluster', (await import('@pulseboard/console/feature-ops')).CLUSTER_ROUTES],
        ['', (await import('@pulseboard/console/feature-dashboard')).DASHBOARD_ROUTES],
      ]),
    );
  });

  it('sends a visitor to the login page, remembering where they were going', async () => {
    const { harness, router } = await navigate('/events', false);
    expect(router.url).toBe('/login?returnUrl=%2Fevents');
    expect(harness.routeNativeElement?.querySelector('mat-card-title')?.textContent).toBe('Sign in');
  });

  it('shows a section inside the layout for a signed-in user, and titles the page', async () => {
    const { router, root } = await navigate('/jobs', true);
    expect(router.url).toBe('/jobs');
    expect(root.querySelector('mat-toolbar')).not.toBeNull();
    expect(root.querySelector('mat-sidenav-content .stub-page')).not.toBeNull();
    expect(TestBed.inject(Router).routerState.snapshot.root.firstChild?.firstChild?.title).toBe('Jobs · Pulseboard');
  });

  it('opens the queues to operators and the audit, users and cluster pages to admins only', async () => {
    expect((await navigate('/queues', true, 'viewer')).router.url).toBe('/');
    TestBed.resetTestingModule();
    expect((await navigate('/queues', true, 'operator')).router.url).toBe('/queues');
    for (const page of ['/audit', '/users', '/cluster']) {
      TestBed.resetTestingModule();
      expect((await navigate(page, true, 'operator')).router.url).toBe('/');
      TestBed.resetTestingModule();
      expect((await navigate(page, true, 'admin')).router.url).toBe(page);
    }
  });

  it('keeps a signed-in user off the login page', async () => {
    const { router } = await navigate('/login', true);
    expect(router.url).toBe('/');
  });

  it('sends unknown URLs to the dashboard route', async () => {
    const { router } = await navigate('/no/such/page', false);
    expect(router.url).toBe('/login?returnUrl=%2F');
  });
});

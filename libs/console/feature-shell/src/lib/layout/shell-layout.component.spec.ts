import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatNavListHarness } from '@angular/material/list/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AuthService, ConnectionStatus, SocketService } from '@pulseboard/console/data-access';
import { provideConsoleIcons } from '@pulseboard/console/ui';
import { Role, roleAtLeast } from '@pulseboard/shared/contracts';
import { ShellLayoutComponent } from './shell-layout.component';
import { visibleNavItems } from '../nav-items';

@Component({ template: '<p class="page">Jobs page</p>' })
class JobsStub {}

async function setup(role: Role = 'admin') {
  const status = signal<ConnectionStatus>('connecting');
  const auth = { user: signal({ id: '1', username: 'admin', role }), hasRole: (r: Role) => roleAtLeast(role, r), logout: jest.fn() };
  TestBed.configureTestingModule({
    providers: [
      provideConsoleIcons(),
      provideRouter([{ path: '', component: ShellLayoutComponent, children: [{ path: 'jobs', component: JobsStub }] }]),
      { provide: AuthService, useValue: auth },
      { provide: SocketService, useValue: { status } },
    ],
  });
  const harness = await RouterTestingHarness.create();
  await harness.navigateByUrl('/jobs');
  const root: HTMLElement = harness.routeNativeElement ?? harness.fixture.nativeElement;
  return { harness, status, auth, root, loader: TestbedHarnessEnvironment.loader(harness.fixture) };
}

describe('visibleNavItems', () => {
  it('hides an entry from users below its role', () => {
    const items = [
      { label: 'Jobs', path: '/jobs', icon: 'work', exact: false },
      { label: 'Users', path: '/users', icon: 'account_circle', exact: false, role: 'admin' as const },
    ];
    expect(visibleNavItems(items, (role) => role !== 'admin').map((i) => i.label)).toEqual(['Jobs']);
    expect(visibleNavItems(items, () => true).map((i) => i.label)).toEqual(['Jobs', 'Users']);
  });
});

describe('ShellLayoutComponent', () => {
  it('shows the app name, the signed-in user and role, and the routed page', async () => {
    const { root } = await setup();
    expect(root.querySelector('.brand')?.textContent).toContain('Pulseboard');
    expect(root.querySelector('.username')?.textContent).toBe('admin');
    expect(root.querySelector('.role')?.textContent).toBe('admin');
    expect(root.querySelector('.page')?.textContent).toBe('Jobs page');
  });

  it('links to every section and marks the current one', async () => {
    const { loader } = await setup();
    const nav = await loader.getHarness(MatNavListHarness);
    const items = await nav.getItems();
    expect(await Promise.all(items.map((i) => i.getTitle()))).toEqual([
      'Dashboard',
      'Counters',
      'Jobs',
      'Events',
      'Queues',
      'Audit',
      'Users',
      'Cluster',
    ]);
    expect(await Promise.all(items.map((i) => i.getHref()))).toEqual([
      '/',
      '/counters',
      '/jobs',
      '/events',
      '/queues',
      '/audit',
      '/users',
      '/cluster',
    ]);
    expect(await Promise.all(items.map((i) => i.isActivated()))).toEqual([false, false, true, false, false, false, false, false]);
  });

  it('shows the queues to operators and hides the admin pages from them, and all three from viewers', async () => {
    const titles = async (role: Role) => {
      TestBed.resetTestingModule();
      const { loader } = await setup(role);
      const items = await (await loader.getHarness(MatNavListHarness)).getItems();
      return Promise.all(items.map((i) => i.getTitle()));
    };
    expect(await titles('operator')).toEqual(['Dashboard', 'Counters', 'Jobs', 'Events', 'Queues']);
    expect(await titles('viewer')).toEqual(['Dashboard', 'Counters', 'Jobs', 'Events']);
  });

  it('shows the live connection state as it changes', async () => {
    const { root, status, harness } = await setup();
    const indicator = () => root.querySelector('pb-live-indicator .label')?.textContent?.trim();
    expect(indicator()).toBe('Connecting…');
    status.set('connected');
    await harness.fixture.whenStable();
    expect(indicator()).toBe('Live');
    status.set('disconnected');
    await harness.fixture.whenStable();
    expect(indicator()).toBe('Offline');
  });

  it('logs out', async () => {
    const { loader, auth } = await setup();
    await (await loader.getHarness(MatButtonHarness.with({ text: /Log out/ }))).click();
    expect(auth.logout).toHaveBeenCalledTimes(1);
  });
});

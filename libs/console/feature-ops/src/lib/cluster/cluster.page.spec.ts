import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatTableHarness } from '@angular/material/table/testing';
import { provideConsoleIcons } from '@pulseboard/console/ui';
import type { ClusterView } from '@pulseboard/shared/contracts';
import { CLUSTER_REFRESH_MS, ClusterPage, leaseRows, processRows } from './cluster.page';

const AT = '2026-11-24T12:00:10.000Z';
const VIEW: ClusterView = {
  mode: 'redis',
  at: AT,
  instances: [
    {
      id: 'a1',
      kind: 'api',
      host: 'web-1',
      pid: 101,
      version: '0.1.0',
      startedAt: '2026-11-24T11:00:00.000Z',
      lastSeenAt: '2026-11-24T12:00:09.000Z',
      holds: ['blocks-feed', 'simulator'],
      queueConcurrency: 0,
    },
    {
      id: 'a2',
      kind: 'api',
      host: 'web-2',
      pid: 102,
      version: '0.1.0',
      startedAt: '2026-11-24T11:00:01.000Z',
      lastSeenAt: '2026-11-24T12:00:04.000Z',
      holds: [],
      queueConcurrency: 0,
    },
    {
      id: 'w1',
      kind: 'worker',
      host: 'work-1',
      pid: 201,
      version: '0.1.0',
      startedAt: '2026-11-24T11:00:02.000Z',
      lastSeenAt: AT,
      holds: [],
      queueConcurrency: 50,
    },
  ],
  leases: [
    { name: 'blocks-feed', holder: 'a1', token: 7 },
    { name: 'simulator', holder: 'a1', token: 3 },
    { name: 'counter-ticker', holder: null, token: null },
    { name: 'job-reconciler', holder: 'gone', token: 2 },
  ],
};

async function open(refreshMs = 0) {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      provideConsoleIcons(),
      { provide: CLUSTER_REFRESH_MS, useValue: refreshMs },
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
    ],
  });
  const fixture = TestBed.createComponent(ClusterPage);
  const http = TestBed.inject(HttpTestingController);
  const loader = TestbedHarnessEnvironment.loader(fixture);
  return { fixture, http, loader, text: () => (fixture.nativeElement as HTMLElement).textContent ?? '' };
}

describe('ClusterPage', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('shows every process with what it is, how recently it was seen and what it holds, and who holds each lease', async () => {
    const { http, fixture, loader, text } = await open();
    http.expectOne('/api/cluster').flush(VIEW);
    await fixture.whenStable();
    expect(text()).toContain('2 API processes, 1 worker · leases shared through Redis');
    const [processes, leases] = await loader.getAllHarnesses(MatTableHarness);
    const p = await processes.getCellTextByColumnName();
    expect(p['kind'].text).toEqual(['API', 'API', 'Worker']);
    expect(p['pid'].text).toEqual(['101', '102', '201']);
    expect(p['lastSeen'].text).toEqual(['1 s ago', '6 s ago · late', 'now']);
    expect(p['holds'].text).toEqual(['blocks-feedsimulator', '—', '—']);
    expect(p['concurrency'].text).toEqual(['no processors', 'no processors', '50']);
    const l = await leases.getCellTextByColumnName();
    expect(l['holder'].text).toEqual(['api web-1:101', 'api web-1:101', 'nobody (taking over)', 'a process without a heartbeat']);
    expect(l['token'].text).toEqual(['7', '3', '—', '2']);
  });

  it('says so when no process has reported', async () => {
    const { http, fixture, text } = await open();
    http.expectOne('/api/cluster').flush({ ...VIEW, instances: [], leases: [] });
    await fixture.whenStable();
    expect(text()).toContain('No process has reported');
  });

  it('shows an error and keeps the last view when a refresh fails', async () => {
    const { http, fixture, text } = await open();
    http.expectOne('/api/cluster').flush(VIEW);
    await fixture.whenStable();
    fixture.componentInstance.cluster.reload();
    http.expectOne('/api/cluster').flush({ message: 'Redis is unavailable' }, { status: 503, statusText: 'Service Unavailable' });
    await fixture.whenStable();
    expect(text()).toContain('A service this needs is unavailable right now');
    expect(text()).toContain('web-1');
  });

  it('refreshes by itself', async () => {
    jest.useFakeTimers();
    try {
      const { http, fixture } = await open(2000);
      http.expectOne('/api/cluster').flush(VIEW);
      jest.advanceTimersByTime(2000);
      http.expectOne('/api/cluster').flush({ ...VIEW, instances: VIEW.instances.slice(0, 1) });
      fixture.detectChanges();
      expect(fixture.componentInstance.processes()).toHaveLength(1);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('cluster rows', () => {
  it('marks a process late after two missed heartbeats', () => {
    const rows = processRows(VIEW);
    expect(rows.map((r) => r.late)).toEqual([false, true, false]);
    expect(leaseRows(VIEW)[2]).toEqual({ name: 'counter-ticker', holder: 'nobody (taking over)', token: '—' });
  });
});

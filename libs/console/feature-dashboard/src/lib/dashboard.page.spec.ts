import { Directive, input } from '@angular/core';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { BaseChartDirective } from 'ng2-charts';
import { Counter, EventStats, JobStats, Page } from '@pulseboard/shared/contracts';
import { SocketService } from '@pulseboard/console/data-access';
import { FakeSocket } from '@pulseboard/console/data-access/testing';
import { provideConsoleIcons } from '@pulseboard/console/ui';
import { DASHBOARD_REFRESH_THROTTLE_MS, DashboardPage } from './dashboard.page';

/** jsdom has no canvas: the charts' inputs are checked on this stand-in instead. */
@Directive({ selector: 'canvas[baseChart]' })
class ChartStub {
  readonly type = input<string>();
  readonly data = input<unknown>();
  readonly options = input<unknown>();
}

const counter = (status: Counter['status']): Counter => ({ id: Math.random().toString(), name: 'c', status }) as Counter;
const countersPage: Page<Counter> = {
  items: [counter('running'), counter('running'), counter('idle')],
  total: 3,
  page: 1,
  pageSize: 100,
  nextCursor: null,
};
/** When the stats below were made. */
const STATS_AT = new Date().toISOString();
const jobStats: JobStats = {
  counts: { pending: 2, active: 1, retrying: 1, completed: 10, failed: 3, cancelled: 0 },
  completedPerMinute: [{ at: new Date().toISOString(), count: 4 }],
};
const eventStats: EventStats = {
  counts: { open: 7, completed: 5 },
  bySeverity: { info: 6, warning: 3, error: 2, critical: 1 },
  perMinute: [{ at: STATS_AT, count: 9 }],
};

const COUNTERS_URL = '/api/counters';
const JOB_STATS_URL = '/api/jobs/stats';
const EVENT_STATS_URL = '/api/events/stats';

function setup() {
  const socket = new FakeSocket();
  TestBed.configureTestingModule({
    providers: [provideHttpClient(), provideHttpClientTesting(), provideConsoleIcons(), { provide: SocketService, useValue: socket }],
  });
  TestBed.overrideComponent(DashboardPage, { remove: { imports: [BaseChartDirective] }, add: { imports: [ChartStub] } });
  const fixture = TestBed.createComponent(DashboardPage);
  const http = TestBed.inject(HttpTestingController);
  const el = fixture.nativeElement as HTMLElement;
  const tile = (label: string) => {
    const found = Array.from(el.querySelectorAll('pb-kpi-tile')).find((t) => t.querySelector('.label')?.textContent === label);
    return { value: found?.querySelector('.value')?.textContent?.trim(), caption: found?.querySelector('.caption')?.textContent?.trim() };
  };
  const card = (title: string) =>
    Array.from(el.querySelectorAll('pb-dashboard-card')).find((c) => c.querySelector('.title')?.textContent === title) as HTMLElement;
  const render = async () => {
    fixture.detectChanges();
    await fixture.whenStable();
  };
  return { fixture, http, socket, tile, card, render, el };
}

function flushAll(http: HttpTestingController) {
  const countersReq = http.expectOne((r) => r.url === COUNTERS_URL);
  expect(countersReq.request.params.get('pageSize')).toBe('100');
  countersReq.flush(countersPage);
  http.expectOne(JOB_STATS_URL).flush(jobStats);
  http.expectOne(EVENT_STATS_URL).flush(eventStats);
}

const serverError = (req: TestRequest, status = 503, message = 'Redis is unavailable') =>
  req.flush({ statusCode: status, message, error: 'Service Unavailable' }, { status, statusText: 'Error' });

describe('DashboardPage', () => {
  afterEach(() => {
    jest.useRealTimers();
    TestBed.inject(HttpTestingController).verify();
  });

  it('shows the headline numbers from the three endpoints', async () => {
    const { http, tile, render } = setup();
    flushAll(http);
    await render();

    expect(tile('Counters')).toEqual({ value: '3', caption: '2 running' });
    expect(tile('Jobs in progress')).toEqual({ value: '4', caption: '4 completed in the last hour' });
    expect(tile('Failed jobs').value).toBe('3');
    expect(tile('Open events')).toEqual({ value: '7', caption: '9 received in the last hour' });
  });

  it('lists every job status with its count next to the doughnut, and the total in its middle', async () => {
    const { http, card, render } = setup();
    flushAll(http);
    await render();
    const jobsCard = card('Jobs by status');
    const rows = Array.from(jobsCard.querySelectorAll('.legend-row')).map((row) => [
      row.querySelector('.legend-label')?.textContent,
      row.querySelector('.legend-count')?.textContent,
    ]);
    expect(rows).toEqual([
      ['Pending', '2'],
      ['Active', '1'],
      ['Retrying', '1'],
      ['Completed', '10'],
      ['Failed', '3'],
      ['Cancelled', '0'],
    ]);
    expect(jobsCard.querySelector('.doughnut-total-value')?.textContent).toBe('17');
    expect(jobsCard.querySelector('.doughnut-total-label')?.textContent).toBe('jobs');
  });

  it('feeds the charts with the stats', async () => {
    const { http, fixture, render } = setup();
    flushAll(http);
    await render();

    const charts = fixture.debugElement.queryAll((d) => d.injector.get(ChartStub, null) !== null && d.name === 'canvas');
    const byLabel = new Map(charts.map((d) => [d.attributes['aria-label'], d.injector.get(ChartStub)]));
    const jobs = byLabel.get('Jobs by status')?.data() as { labels: string[]; datasets: { data: number[] }[] };
    expect(jobs.labels).toEqual(['Pending', 'Active', 'Retrying', 'Completed', 'Failed', 'Cancelled']);
    expect(jobs.datasets[0].data).toEqual([2, 1, 1, 10, 3, 0]);
    const severity = byLabel.get('Events by severity')?.data() as { datasets: { data: number[] }[] };
    expect(severity.datasets[0].data).toEqual([6, 3, 2, 1]);
    const perMinute = byLabel.get('Events per minute')?.data() as { labels: string[]; datasets: { data: number[] }[] };
    expect(perMinute.labels).toHaveLength(60);
    // The stats were made when this file loaded: their minute is the last one, or the one before when a minute began
    // since (a slow machine); the window always ends with the current minute.
    const minuteOfStats = Math.floor(Date.parse(STATS_AT) / 60_000);
    const last = Math.floor(Date.now() / 60_000);
    expect(perMinute.datasets[0].data.at(-1 - (last - minuteOfStats))).toBe(9);
    expect(perMinute.datasets[0].data.reduce((a, b) => a + b, 0)).toBe(9);
  });

  it('shows an error on the cards of a failing endpoint only, and retries it', async () => {
    const { http, tile, card, render, fixture, el } = setup();
    http.expectOne((r) => r.url === COUNTERS_URL).flush(countersPage);
    serverError(http.expectOne(JOB_STATS_URL));
    http.expectOne(EVENT_STATS_URL).flush(eventStats);
    await render();

    const jobsCard = card('Jobs by status');
    expect(jobsCard.querySelector('pb-error-banner')?.textContent).toContain('Redis is unavailable.');
    expect(jobsCard.querySelector('canvas')).toBeNull();
    expect(tile('Jobs in progress')).toEqual({ value: '—', caption: 'Not available' });
    // No value, no verdict: the failed-jobs tile is not green while its source is down.
    expect(el.querySelector('pb-kpi-tile[aria-label="Failed jobs"]')?.getAttribute('data-tone')).toBe('neutral');
    // The other sources are unaffected.
    expect(card('Events per minute').querySelector('pb-error-banner')).toBeNull();
    expect(card('Events per minute').querySelector('canvas')).not.toBeNull();
    expect(tile('Counters').value).toBe('3');

    const retry = await TestbedHarnessEnvironment.loader(fixture).getHarness(
      MatButtonHarness.with({ ancestor: 'pb-dashboard-card:nth-of-type(1)', text: /Retry/ }),
    );
    await retry.click();
    http.expectOne(JOB_STATS_URL).flush(jobStats);
    await render();
    expect(card('Jobs by status').querySelector('pb-error-banner')).toBeNull();
    expect(tile('Jobs in progress').value).toBe('4');
  });

  it('says so when there are no jobs yet instead of drawing an empty doughnut', async () => {
    const { http, card, render } = setup();
    http.expectOne((r) => r.url === COUNTERS_URL).flush(countersPage);
    http
      .expectOne(JOB_STATS_URL)
      .flush({ counts: { pending: 0, active: 0, retrying: 0, completed: 0, failed: 0, cancelled: 0 }, completedPerMinute: [] });
    http.expectOne(EVENT_STATS_URL).flush(eventStats);
    await render();
    expect(card('Jobs by status').querySelector('canvas')).toBeNull();
    expect(card('Jobs by status').textContent).toContain('No jobs yet');
  });

  it('subscribes to the live topics and reloads a source at most once per throttle window', () => {
    jest.useFakeTimers();
    const { http, socket } = setup();
    flushAll(http);
    expect(socket.subscribedTopics).toEqual([['counters', 'jobs', 'events']]);

    socket.push('job.updated');
    socket.push('job.updated');
    socket.push('job.updated');
    // The first update reloads at once; the rest wait for the end of the window.
    expect(http.match(JOB_STATS_URL)).toHaveLength(1);
    http.expectNone(EVENT_STATS_URL);
    http.expectNone((r) => r.url === COUNTERS_URL);

    jest.advanceTimersByTime(DASHBOARD_REFRESH_THROTTLE_MS);
    expect(http.match(JOB_STATS_URL)).toHaveLength(1);
    jest.advanceTimersByTime(DASHBOARD_REFRESH_THROTTLE_MS);
    http.expectNone(JOB_STATS_URL);

    socket.push('event.created');
    socket.push('counter.deleted');
    expect(http.match(EVENT_STATS_URL)).toHaveLength(1);
    expect(http.match((r) => r.url === COUNTERS_URL)).toHaveLength(1);
  });

  it('reloads everything after a resubscription, not after the first acknowledgement', () => {
    const { http, socket } = setup();
    flushAll(http);
    socket.acks.next({ ok: true, replay: {} });
    http.expectNone(JOB_STATS_URL);

    socket.acks.next({ ok: true, replay: {} });
    flushAll(http);
  });

  it('reloads every source with the Refresh button', async () => {
    const { http, fixture, render } = setup();
    flushAll(http);
    await render();
    await (await TestbedHarnessEnvironment.loader(fixture).getHarness(MatButtonHarness.with({ text: /Refresh/ }))).click();
    flushAll(http);
  });
});

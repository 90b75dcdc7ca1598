import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { AuthService } from '@pulseboard/console/data-access';
import { provideConsoleIcons } from '@pulseboard/console/ui';
import { JobStats, QueueInfo, Role, roleAtLeast } from '@pulseboard/shared/contracts';
import { QUEUES_REFRESH_MS, QueuesPage } from './queues.page';

const queue = (name: string, over: Partial<QueueInfo> = {}): QueueInfo => ({
  name,
  paused: false,
  counts: { waiting: 1, active: 2, delayed: 3, completed: 4, failed: 5 },
  ...over,
});
const QUEUES = [queue('jobs'), queue('jobs-image', { paused: true }), queue('results'), queue('dead-letter')];
const stats = (failed: number): JobStats => ({
  counts: { pending: 0, active: 0, retrying: 0, completed: 0, failed, cancelled: 0 },
  completedPerMinute: [],
});

async function open(role: Role = 'operator') {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      provideConsoleIcons(),
      { provide: QUEUES_REFRESH_MS, useValue: 0 },
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      { provide: AuthService, useValue: { hasRole: (r: Role) => roleAtLeast(role, r) } },
    ],
  });
  const fixture = TestBed.createComponent(QueuesPage);
  const http = TestBed.inject(HttpTestingController);
  http.expectOne('/api/queues').flush(QUEUES);
  await fixture.whenStable();
  const loader = TestbedHarnessEnvironment.loader(fixture);
  const root = TestbedHarnessEnvironment.documentRootLoader(fixture);
  const button = (text: string | RegExp, ancestor?: string) => loader.getHarness(MatButtonHarness.with({ text, ancestor }));
  return { fixture, http, loader, root, button };
}

describe('QueuesPage', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('shows every queue with its state and counts by state', async () => {
    const { loader } = await open();
    const table = await loader.getHarness(MatTableHarness);
    const rows = await table.getCellTextByColumnName();
    expect(rows['name'].text).toEqual(['jobs', 'jobs-image', 'results', 'dead-letter']);
    expect(rows['state'].text).toEqual(['Running', 'Paused', 'Running', 'Running']);
    expect(['waiting', 'active', 'delayed', 'completed', 'failed'].map((c) => rows[c].text[0])).toEqual(['1', '2', '3', '4', '5']);
    expect(rows['actions'].text[1]).toBe('Resume Clean');
  });

  it('pauses a running queue and resumes a paused one, then shows the counts again', async () => {
    const { http, button, fixture } = await open();
    await (await button('Pause', 'tr[data-row-id="jobs"]')).click();
    http.expectOne({ method: 'POST', url: '/api/queues/jobs/pause' }).flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne('/api/queues').flush([queue('jobs', { paused: true }), ...QUEUES.slice(1)]);
    await fixture.whenStable();
    await (await button('Resume', 'tr[data-row-id="jobs"]')).click();
    http.expectOne({ method: 'POST', url: '/api/queues/jobs/resume' }).flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne('/api/queues').flush(QUEUES);
  });

  it('cleans the chosen entries older than the chosen age and says how many went', async () => {
    const { http, button, loader, root, fixture } = await open();
    const [status, age] = await loader.getAllHarnesses(MatSelectHarness);
    await status.clickOptions({ text: 'failed' });
    await age.clickOptions({ text: '7 days' });
    await (await button('Clean', 'tr[data-row-id="dead-letter"]')).click();
    const req = http.expectOne({ method: 'POST', url: '/api/queues/dead-letter/clean' });
    expect(req.request.body).toEqual({ status: 'failed', olderThanMs: 7 * 24 * 3600_000 });
    req.flush({ removed: 3 });
    http.expectOne('/api/queues').flush(QUEUES);
    await fixture.whenStable();
    expect(await (await root.getHarness(MatSnackBarHarness)).getMessage()).toBe(
      'Removed 3 failed entries older than 7 days from dead-letter',
    );
  });

  it('retries all failed jobs after a confirmation that names how many', async () => {
    const { http, button, root, fixture } = await open();
    await (await button('Retry all failed')).click();
    http.expectOne('/api/jobs/stats').flush(stats(3));
    await fixture.whenStable();
    const dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getContentText()).toBe('Retry 3 failed jobs? They go back to pending and run again.');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Retry 3' }))).click();
    await fixture.whenStable();
    const req = http.expectOne({ method: 'POST', url: '/api/jobs/retry-failed' });
    expect(req.request.body).toEqual({});
    req.flush({ retried: 3 });
    http.expectOne('/api/queues').flush(QUEUES);
    await fixture.whenStable();
    expect(await (await root.getHarness(MatSnackBarHarness)).getMessage()).toBe('Retried 3 jobs');
  });

  it('changes nothing when the confirmation is cancelled, and does not ask when nothing failed', async () => {
    const { http, button, root, fixture } = await open();
    await (await button('Retry all failed')).click();
    http.expectOne('/api/jobs/stats').flush(stats(2));
    await fixture.whenStable();
    const dialog = await root.getHarness(MatDialogHarness);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Cancel' }))).click();
    await fixture.whenStable();
    http.expectNone('/api/jobs/retry-failed');
    await (await button('Retry all failed')).click();
    http.expectOne('/api/jobs/stats').flush(stats(0));
    await fixture.whenStable();
    expect(await root.getAllHarnesses(MatDialogHarness)).toHaveLength(0);
    expect(await (await root.getHarness(MatSnackBarHarness)).getMessage()).toBe('There are no failed jobs to retry');
  });

  it("shows the API's message when an action is refused", async () => {
    const { http, button, root, fixture } = await open();
    await (await button('Pause', 'tr[data-row-id="results"]')).click();
    http
      .expectOne('/api/queues/results/pause')
      .flush(
        { statusCode: 503, message: 'Queues unavailable: Redis is not reachable', error: 'Service Unavailable' },
        { status: 503, statusText: 'Service Unavailable' },
      );
    http.expectOne('/api/queues').flush(QUEUES);
    await fixture.whenStable();
    expect(await (await root.getHarness(MatSnackBarHarness)).getMessage()).toBe('Queues unavailable: Redis is not reachable.');
  });

  it('offers no actions to a viewer', async () => {
    const { loader } = await open('viewer');
    expect(await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName()).not.toHaveProperty('actions');
    expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /Pause|Resume|Clean|Retry/ }))).toHaveLength(0);
  });
});

import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { FakeSocket, pageOf, providePageTesting } from '@pulseboard/console/data-access/testing';
import { provideConsoleIcons } from '@pulseboard/console/ui';
import { Job } from '@pulseboard/shared/contracts';
import { parsePayload } from './create-job.dialog';
import { JobsPage } from './jobs.page';

const job = (over: Partial<Job> = {}): Job => ({
  id: 'j1',
  type: 'demo.simulate',
  payload: { durationMs: 1000 },
  status: 'active',
  progress: 40,
  attempts: 1,
  maxAttempts: 3,
  result: null,
  error: null,
  priority: 0,
  createdAt: '2026-01-01T10:00:00.000Z',
  startedAt: '2026-01-01T10:00:01.000Z',
  finishedAt: null,
  updatedAt: '2026-01-01T10:00:02.000Z',
  ...over,
});
const page = (items: Job[]) => pageOf(items);
const TYPES = [{ type: 'demo.simulate', description: 'Simulates work', payloadSchema: {}, example: { durationMs: 3000 } }];

async function open(url: string) {
  const socket = new FakeSocket();
  TestBed.configureTestingModule({
    providers: [providePageTesting(socket), provideConsoleIcons(), provideRouter([{ path: 'jobs', component: JobsPage }])],
  });
  const harness = await RouterTestingHarness.create();
  await harness.navigateByUrl(url, JobsPage);
  const http = TestBed.inject(HttpTestingController);
  http.expectOne('/api/jobs/types').flush(TYPES);
  const el = harness.routeNativeElement as HTMLElement;
  return { socket, http, harness, el };
}

describe('JobsPage', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('loads the page the URL describes, shows status chips and progress, and listens on the jobs topic', async () => {
    const { socket, http, harness, el } = await open('/jobs?status=active&type=demo.simulate');
    http.expectOne('/api/jobs?page=1&pageSize=20&sort=-createdAt&status=active&type=demo.simulate').flush(page([job()]));
    await harness.fixture.whenStable();
    expect(socket.subscribedTopics).toEqual([['jobs']]);
    const row = el.querySelector('tr[data-row-id="j1"]') as HTMLElement;
    expect(row.querySelector('pb-status-chip')?.textContent?.trim()).toBe('Active');
    expect(row.querySelector('.pct')?.textContent).toBe('40%');
    expect(row.querySelector('td.num')?.textContent?.trim()).toBe('1/3');
  });

  it('patches a row from a job.updated push without a new request, and inserts a new job on page 1', async () => {
    const { socket, http, harness, el } = await open('/jobs');
    http.expectOne('/api/jobs?page=1&pageSize=20&sort=-createdAt').flush(page([job()]));
    await harness.fixture.whenStable();
    socket.push('job.updated', job({ status: 'completed', progress: 100, updatedAt: '2026-01-01T10:00:05.000Z' }));
    const fresh = job({
      id: 'j2',
      status: 'pending',
      progress: 0,
      attempts: 0,
      startedAt: null,
      createdAt: '2026-01-01T10:01:00.000Z',
      updatedAt: '2026-01-01T10:01:00.000Z',
    });
    socket.push('job.updated', fresh);
    await harness.fixture.whenStable();
    const rows = Array.from(el.querySelectorAll('tr[data-row-id]')).map((r) => r.getAttribute('data-row-id'));
    expect(rows).toEqual(['j2', 'j1']);
    expect(el.querySelector('tr[data-row-id="j1"] pb-status-chip')?.textContent?.trim()).toBe('Completed');
    expect(el.querySelector('tr[data-row-id="j1"] .pct')?.textContent).toBe('100%');
    // A stale push (older updatedAt) is dropped.
    socket.push('job.updated', job({ status: 'active', progress: 50, updatedAt: '2026-01-01T10:00:03.000Z' }));
    await harness.fixture.whenStable();
    expect(el.querySelector('tr[data-row-id="j1"] pb-status-chip')?.textContent?.trim()).toBe('Completed');
  });

  it('opens the detail panel of a clicked row, with the image of an image.fetch job, and retries from it', async () => {
    const failed = job({ id: 'j3', type: 'image.fetch', status: 'failed', error: { message: 'boom', attempts: 3 }, attempts: 3 });
    const { http, harness, el } = await open('/jobs');
    http.expectOne('/api/jobs?page=1&pageSize=20&sort=-createdAt').flush(page([failed]));
    await harness.fixture.whenStable();
    (el.querySelector('tr[data-row-id="j3"]') as HTMLElement).click();
    await harness.fixture.whenStable();
    http.expectOne('/api/jobs/j3').flush({ ...failed, history: [], logs: [] });
    await harness.fixture.whenStable();
    const detail = el.querySelector('pb-job-detail') as HTMLElement;
    expect(detail.querySelector('pre.error')?.textContent).toContain('boom (after 3 attempts)');
    (Array.from(detail.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Retry') as HTMLButtonElement).click();
    const req = http.expectOne('/api/jobs/j3/retry');
    expect(req.request.method).toBe('POST');
    req.flush(
      job({
        id: 'j3',
        type: 'image.fetch',
        status: 'completed',
        attempts: 1,
        updatedAt: '2026-01-01T11:00:00.000Z',
        result: { id: 'p', url: 'https://img/full.jpg', thumbUrl: 'https://img/thumb.jpg', author: 'Ada', description: 'a cat' },
      }),
    );
    await harness.fixture.whenStable();
    expect((el.querySelector('pb-job-detail img') as HTMLImageElement).src).toBe('https://img/thumb.jpg');
    expect((el.querySelector('tr[data-row-id="j3"] img.thumb') as HTMLImageElement).src).toBe('https://img/thumb.jpg');
    // The changed job is fetched again for its attempts and log.
    await new Promise((r) => setTimeout(r, 600));
    http.expectOne('/api/jobs/j3').flush({ ...failed, history: [], logs: [] });
  });
});

describe('JobsPage selection in the URL', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('puts the selected job in the URL and closes it from there', async () => {
    const { http, harness, el } = await open('/jobs?status=active');
    http.expectOne('/api/jobs?page=1&pageSize=20&sort=-createdAt&status=active').flush(page([job()]));
    await harness.fixture.whenStable();
    (el.querySelector('tr[data-row-id="j1"]') as HTMLElement).click();
    await harness.fixture.whenStable();
    http.expectOne('/api/jobs/j1').flush({ ...job(), history: [], logs: [] });
    const router = TestBed.inject(Router);
    expect(router.url).toBe('/jobs?status=active&job=j1');
    expect(el.querySelector('tr[data-row-id="j1"]')?.classList).toContain('active');
    // Selecting is not a new query: no list request.
    http.expectNone((r) => r.url === '/api/jobs');

    (el.querySelector('pb-job-detail button[aria-label="Close job details"]') as HTMLButtonElement).click();
    await harness.fixture.whenStable();
    expect(router.url).toBe('/jobs?status=active');
    expect(el.querySelector('pb-job-detail')).toBeNull();
  });

  it('restores the selected job from the URL on load, fetching it when it is not on the page', async () => {
    const { http, harness, el } = await open('/jobs?job=far');
    http.expectOne('/api/jobs?page=1&pageSize=20&sort=-createdAt').flush(page([job()]));
    http.expectOne('/api/jobs/far').flush({ ...job({ id: 'far', type: 'webhook.deliver', status: 'failed' }), history: [], logs: [] });
    await harness.fixture.whenStable();
    const detail = el.querySelector('pb-job-detail') as HTMLElement;
    expect(detail.querySelector('h2')?.textContent).toBe('webhook.deliver');
    expect(detail.querySelector('.id')?.textContent).toBe('far');
  });
});

describe('JobsPage search, bulk actions and the detail', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('searches payloads and errors through the URL (q), back on page 1', async () => {
    const { http, harness, el } = await open('/jobs?page=2');
    http.expectOne('/api/jobs?page=2&pageSize=20&sort=-createdAt').flush(page([job()]));
    await harness.fixture.whenStable();
    const input = el.querySelector('input[aria-label="Search job payloads and errors"]') as HTMLInputElement;
    input.value = ' timeout ';
    input.dispatchEvent(new Event('change'));
    await harness.fixture.whenStable();
    http.expectOne('/api/jobs?page=1&pageSize=20&sort=-createdAt&q=timeout').flush(page([]));
    expect(TestBed.inject(Router).url).toBe('/jobs?q=timeout');
  });

  it('retries the checked failed jobs and cancels the checked pending ones, one request each, reporting failures', async () => {
    const failed = job({ id: 'f1', status: 'failed' });
    const failed2 = job({ id: 'f2', status: 'failed' });
    const pending = job({ id: 'p1', status: 'pending', progress: 0 });
    const { http, harness, el } = await open('/jobs');
    http.expectOne('/api/jobs?page=1&pageSize=20&sort=-createdAt').flush(page([failed, failed2, pending]));
    await harness.fixture.whenStable();
    for (const id of ['f1', 'f2', 'p1']) {
      (el.querySelector(`tr[data-row-id="${id}"] mat-checkbox input`) as HTMLInputElement).click();
      await harness.fixture.whenStable();
    }
    const retry = el.querySelector('[data-testid="retry-checked"]') as HTMLButtonElement;
    expect(retry.textContent?.trim()).toBe('Retry 2');
    expect((el.querySelector('[data-testid="cancel-checked"]') as HTMLElement).textContent?.trim()).toBe('Cancel 1');
    retry.click();
    http.expectOne('/api/jobs/f1/retry').flush(job({ id: 'f1', status: 'pending', updatedAt: '2026-01-01T11:00:00.000Z' }));
    http
      .expectOne('/api/jobs/f2/retry')
      .flush({ statusCode: 409, message: "Job 'f2' is pending", error: 'Conflict' }, { status: 409, statusText: 'Conflict' });
    // A failure reloads the page to show the current state; the failed one stays checked.
    http
      .expectOne('/api/jobs?page=1&pageSize=20&sort=-createdAt')
      .flush(page([job({ id: 'f1', status: 'pending', updatedAt: '2026-01-01T11:00:00.000Z' }), failed2, pending]));
    await harness.fixture.whenStable();
    expect(document.body.textContent).toContain("Retried 1 of 2 jobs; 1 failed: Job 'f2' is pending");
    expect((el.querySelector('[data-testid="retry-checked"]') as HTMLElement).textContent?.trim()).toBe('Retry 1');
  });

  it('shows every attempt and the log lines of the selected job', async () => {
    const { http, harness, el } = await open('/jobs?job=j1');
    http.expectOne('/api/jobs?page=1&pageSize=20&sort=-createdAt').flush(page([job()]));
    http.expectOne('/api/jobs/j1').flush({
      ...job(),
      history: [
        { attempt: 1, startedAt: '2026-01-01T10:00:01.000Z', finishedAt: '2026-01-01T10:00:01.250Z', error: 'connect ECONNREFUSED' },
        { attempt: 2, startedAt: '2026-01-01T10:00:02.000Z', finishedAt: null, error: null },
      ],
      logs: [
        { at: '2026-01-01T10:00:01.000Z', line: 'attempt 1 of 3 started' },
        { at: '2026-01-01T10:00:01.250Z', line: 'attempt 1 failed' },
      ],
    });
    await harness.fixture.whenStable();
    const rows = Array.from(el.querySelectorAll('pb-job-detail .attempts-table tbody tr')).map((r) =>
      Array.from(r.querySelectorAll('td')).map((td) => td.textContent?.trim()),
    );
    expect(rows.map((r) => [r[0], r[2], r[3]])).toEqual([
      ['1', '250 ms', 'connect ECONNREFUSED'],
      ['2', 'running', '…'],
    ]);
    expect(el.querySelector('[data-testid="job-log"]')?.textContent).toContain('attempt 1 of 3 started');
  });
});

describe('parsePayload', () => {
  it('accepts a JSON object and explains anything else', () => {
    expect(parsePayload('{"durationMs": 1}')).toEqual({ value: { durationMs: 1 } });
    expect(parsePayload('{"durationMs": ')).toEqual({ error: expect.stringMatching(/^Invalid JSON: /) });
    expect(parsePayload('[1]')).toEqual({ error: 'The payload must be a JSON object' });
    expect(parsePayload('  ')).toEqual({ error: 'Enter the payload as a JSON object' });
  });
});

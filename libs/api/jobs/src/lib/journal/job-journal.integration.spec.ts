// Every attempt and the job's log lines in GET /api/jobs/:id, and the text search of GET /api/jobs?q= (real SQLite + Redis).
import { createPostgresDatabase, createTestApp, describePostgres, TestApp } from '@pulseboard/api/testing';
import { EVENTS_MIGRATIONS } from '@pulseboard/api/events';
import { JOB_LOG_LIMIT, JobDetail, Page, Job } from '@pulseboard/shared/contracts';
import { createJob, waitForStatus } from '../../test/helpers';
import { JobsModule } from '../jobs.module';
import { JOBS_MIGRATIONS } from '../migrations';
import { JobLogEntity } from './job-journal.entities';
import { JobJournal } from './job-journal.service';

const MIGRATIONS = [...JOBS_MIGRATIONS, ...EVENTS_MIGRATIONS];

const journalSuite = (postgres: boolean) => () => {
  let t: TestApp;
  let token: string;
  let drop: (() => Promise<void>) | undefined;
  const get = (path: string) => t.http().get(path).set('Authorization', `Bearer ${token}`);
  const stored = async (jobId: string) => t.dataSource().getRepository(JobLogEntity).countBy({ jobId });

  beforeAll(async () => {
    const pg = postgres ? await createPostgresDatabase() : null;
    drop = pg?.drop;
    t = await createTestApp({ imports: [JobsModule], migrations: MIGRATIONS, databaseUrl: pg?.url, env: { JOB_BACKOFF_MS: '20' } });
    token = await t.login();
  });
  afterAll(async () => {
    await t.close();
    await drop?.();
  });

  it('shows every attempt (start, end, error) and the lines written about it, oldest first', async () => {
    const created = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0, failTimes: 1 }, maxAttempts: 3 });
    await waitForStatus(t, token, created.id, 'completed');
    const detail = (await get(`/api/jobs/${created.id}`).expect(200)).body as JobDetail;
    expect(detail).toMatchObject({ id: created.id, status: 'completed', attempts: 2 });
    expect(detail.history).toHaveLength(2);
    expect(detail.history[0]).toMatchObject({ attempt: 1, error: 'Simulated failure on attempt 1 (failTimes=1)' });
    expect(detail.history[1]).toMatchObject({ attempt: 2, error: null });
    for (const a of detail.history) expect(Date.parse(a.finishedAt as string)).toBeGreaterThanOrEqual(Date.parse(a.startedAt));
    expect(Date.parse(detail.history[1].startedAt)).toBeGreaterThanOrEqual(Date.parse(detail.history[0].finishedAt as string));
    const lines = detail.logs.map((l) => l.line);
    expect(lines).toEqual([
      'attempt 1 of 3 started',
      'working for 0 ms',
      expect.stringMatching(/^attempt 1 failed after \d+ ms: Simulated failure on attempt 1 \(failTimes=1\) \(will retry\)$/),
      'attempt 2 of 3 started',
      'working for 0 ms',
      expect.stringMatching(/^attempt 2 succeeded in \d+ ms$/),
    ]);
  });

  it(`keeps the newest ${JOB_LOG_LIMIT} lines of a job`, async () => {
    const created = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0 } });
    await waitForStatus(t, token, created.id, 'completed');
    const journal = t.get(JobJournal);
    for (let i = 0; i < 260; i++) journal.log(created.id, `line ${i}`);
    await journal.attemptEnded(created.id, 99, null);
    const { logs } = (await get(`/api/jobs/${created.id}`).expect(200)).body as JobDetail;
    expect(logs).toHaveLength(JOB_LOG_LIMIT);
    expect(logs[0].line).toBe('line 60');
    expect(logs.at(-1)?.line).toBe('line 259');
    expect(await stored(created.id)).toBe(JOB_LOG_LIMIT); // the table itself, not only what a read shows
    // A first attempt that wrote more than the limit is pruned as well, also when it was pruned once on the way.
    const other = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0 } });
    await waitForStatus(t, token, other.id, 'completed');
    for (let i = 0; i < 260; i++) journal.log(other.id, `more ${i}`);
    await journal.flush(); // written, and pruned as it goes (more than the limit and its slack)
    for (let i = 260; i < 300; i++) journal.log(other.id, `more ${i}`);
    await journal.attemptEnded(other.id, 1, null);
    expect(await stored(other.id)).toBe(JOB_LOG_LIMIT);
    const kept = ((await get(`/api/jobs/${other.id}`).expect(200)).body as JobDetail).logs;
    expect(kept.at(-1)?.line).toBe('more 299');
  });

  it('finds jobs by text in the payload or the error, case-insensitively, with % and _ taken literally', async () => {
    const exportJob = await createJob(t, token, { type: 'events.export', payload: { filter: { q: 'Needle-Zq7' }, format: 'csv' } });
    const failing = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0, failTimes: 5 }, maxAttempts: 1 });
    await waitForStatus(t, token, failing.id, 'failed');
    const ids = async (q: string) =>
      ((await get(`/api/jobs?q=${encodeURIComponent(q)}`).expect(200)).body as Page<Job>).items.map((j) => j.id);
    expect(await ids('needle-zq7')).toEqual([exportJob.id]);
    expect(await ids('NEEDLE')).toEqual([exportJob.id]);
    expect(await ids('failTimes=5')).toEqual([failing.id]);
    expect(await ids('%')).toEqual([]);
    expect(await ids('_')).toEqual([]);
    const filtered = (await get(`/api/jobs?q=needle&status=failed`).expect(200)).body as Page<Job>;
    expect(filtered.total).toBe(0);
  });

  it('answers 400 for an empty or too long search', async () => {
    await get('/api/jobs?q=').expect(400);
    await get(`/api/jobs?q=${'x'.repeat(201)}`).expect(400);
  });
};

describe('job history, logs and search on SQLite', journalSuite(false));
describePostgres('job history, logs and search on PostgreSQL', journalSuite(true));

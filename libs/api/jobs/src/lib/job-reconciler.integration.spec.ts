// Jobs the queue lost track of move on: the reconciler against real SQLite + Redis (processors inline).
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { createTestApp, TestApp } from '@pulseboard/api/testing';
import { EVENTS_MIGRATIONS } from '@pulseboard/api/events';
import { createJob, getJob, waitForStatus } from '../test/helpers';
import { JobReconciler } from './job-reconciler.service';
import { JobsModule } from './jobs.module';
import { JOBS_QUEUE } from './jobs.queues';
import { JOBS_MIGRATIONS } from './migrations';

describe('the job reconciler', () => {
  let t: TestApp;
  let token: string;
  let queue: Queue;
  let reconciler: JobReconciler;
  const HOUR = 3600_000;

  beforeAll(async () => {
    t = await createTestApp({
      imports: [JobsModule],
      migrations: [...JOBS_MIGRATIONS, ...EVENTS_MIGRATIONS],
      env: { JOB_BACKOFF_MS: '20' },
    });
    token = await t.login();
    queue = t.get<Queue>(getQueueToken(JOBS_QUEUE));
    reconciler = t.get(JobReconciler);
  });
  afterAll(() => t.close());

  /** A job whose Bull entry is removed behind its back, with the row changed by `sql` (e.g. made active). */
  async function lostJob(maxAttempts: number, set: string) {
    const job = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0 }, delayMs: 10 * HOUR, maxAttempts });
    await (await queue.getJob(job.id))?.remove();
    await t.dataSource().query(`UPDATE jobs SET ${set} WHERE id = '${job.id}'`);
    return job;
  }
  // Passes run "an hour later", so every row counts as old.
  const pass = () => reconciler.reconcile(Date.now() + HOUR);

  it('queues a pending row with no Bull job again, and it runs', async () => {
    const job = await lostJob(3, `status = 'pending'`);
    const report = await pass();
    expect(report).toMatchObject({ requeued: 1, failed: 0 });
    const done = await waitForStatus(t, token, job.id, 'completed');
    expect(done.attempts).toBe(1);
  });

  it('moves an active row whose Bull job is gone on: queued again while attempts are left', async () => {
    const job = await lostJob(3, `status = 'active', attempts = 1`);
    expect(await pass()).toMatchObject({ requeued: 1 });
    const done = await waitForStatus(t, token, job.id, 'completed');
    expect(done.result).toEqual({ attempt: 1, durationMs: 0 });
  });

  it('fails an active row with no attempts left, with a reason that says so', async () => {
    const job = await lostJob(1, `status = 'active', attempts = 1`);
    expect(await pass()).toMatchObject({ failed: 1 });
    const failed = await getJob(t, token, job.id);
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toBe(
      'the run of attempt 1 stopped (queue state: missing) and nothing reported its outcome; no attempts left (reconciler)',
    );
  });

  it('leaves alone a delayed job whose Bull entry exists, and runs one pass at a time', async () => {
    const job = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0 }, delayMs: 10 * HOUR });
    const [a, b] = await Promise.all([pass(), pass()]);
    expect([a, b].filter((r) => r === null)).toHaveLength(1);
    expect((await getJob(t, token, job.id)).status).toBe('pending');
    await t.http().post(`/api/jobs/${job.id}/cancel`).set('Authorization', `Bearer ${token}`).expect(202);
  });
});

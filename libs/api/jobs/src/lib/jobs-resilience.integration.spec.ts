import { createTestApp, freePort, nextSocketEvent, TEST_ADMIN, TEST_REDIS_URL, TestApp, waitFor } from '@pulseboard/api/testing';
import type { Job } from '@pulseboard/shared/contracts';
import { countJobs, createJob, getJob, readStream, waitForStatus } from '../test/helpers';
import { Child, killAll, startRedis, startWorker, stop } from '../test/processes';
import { EVENTS_MIGRATIONS } from '@pulseboard/api/events';
import { JOBS_MIGRATIONS } from './migrations';

const MIGRATIONS = [...JOBS_MIGRATIONS, ...EVENTS_MIGRATIONS];
import { JobsModule } from './jobs.module';

describe('jobs when Redis goes away and comes back', () => {
  let redis: Child | undefined;
  let t: TestApp | undefined;

  afterAll(async () => {
    await t?.close();
    await stop(redis);
    killAll();
  });

  it('answers 503 at once and stores nothing while Redis is down, keeps reads working, and resumes without a restart', async () => {
    const port = await freePort();
    redis = await startRedis(port);
    t = await createTestApp({
      imports: [JobsModule],
      migrations: MIGRATIONS,
      env: { REDIS_URL: `redis://127.0.0.1:${port}`, JOB_BACKOFF_MS: '50' },
    });
    const app = t;
    const token = await app.login();
    const first = await createJob(app, token, { type: 'demo.simulate', payload: { durationMs: 0 } });
    await waitForStatus(app, token, first.id, 'completed');

    await stop(redis);
    const before = await countJobs(app);
    const res = await waitFor(
      async () => {
        const started = Date.now();
        const r = await app
          .http()
          .post('/api/jobs')
          .set('Authorization', `Bearer ${token}`)
          .send({ type: 'demo.simulate', payload: { durationMs: 0 } });
        return r.status === 503 ? { r, ms: Date.now() - started } : null;
      },
      { what: 'a 503' },
    );
    expect(res.r.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'Job queue unavailable: Redis is not reachable; nothing was stored',
    });
    expect(res.ms).toBeLessThan(1000);
    expect(await countJobs(app)).toBe(before);
    expect((await app.http().get('/api/jobs').set('Authorization', `Bearer ${token}`).expect(200)).body.total).toBe(before);
    expect((await getJob(app, token, first.id)).status).toBe('completed');

    redis = await startRedis(port);
    const created = await waitFor(
      async () => {
        const r = await app
          .http()
          .post('/api/jobs')
          .set('Authorization', `Bearer ${token}`)
          .send({ type: 'demo.simulate', payload: { durationMs: 0 } });
        return r.status === 202 ? (r.body as Job) : null;
      },
      { timeoutMs: 15_000, intervalMs: 200, what: 'a 202 after Redis came back' },
    );
    expect((await waitForStatus(app, token, created.id, 'completed', 20_000)).result).toEqual({ attempt: 1, durationMs: 0 });
    expect(await countJobs(app)).toBe(before + 1);
  }, 60_000);
});

describe('apps/worker processes the queues (QUEUE_PROCESSORS=off) and survives a kill -9', () => {
  let t: TestApp;
  let w1: Child | undefined;
  let w2: Child | undefined;

  beforeAll(async () => {
    t = await createTestApp({
      imports: [JobsModule],
      migrations: MIGRATIONS,
      env: { QUEUE_PROCESSORS: 'off', JOB_LOCK_MS: '1000', JOB_BACKOFF_MS: '50' },
    });
  });
  afterAll(async () => {
    await stop(w1, 'SIGKILL');
    await stop(w2, 'SIGKILL');
    killAll();
    await t.close();
  });

  it('never leaves a job active: a second worker finishes the job of a killed one; a worker stops cleanly on SIGTERM', async () => {
    const token = await t.login();
    const workerEnv = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      SQLITE_PATH: t.sqlitePath,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: t.queuePrefix,
      JWT_SECRET: 'integration-test-secret-0123456789',
      ADMIN_USERNAME: TEST_ADMIN.username,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      JOB_LOCK_MS: '1000',
      JOB_BACKOFF_MS: '50',
      DATABASE_URL: '',
    };
    const socket = await t.socket(token);
    await new Promise((r) => socket.emit('subscribe', { topics: ['jobs'] }, r));

    // Nothing runs without a worker.
    const created = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 2500 } });
    w1 = await startWorker(workerEnv);
    // The worker's updates reach the API's socket clients through the Redis relay.
    const running = await nextSocketEvent<Job>(
      socket,
      'job.updated',
      (j) => j.id === created.id && j.status === 'active' && j.progress > 0,
      20_000,
    );
    expect(running.attempts).toBe(1);
    await stop(w1, 'SIGKILL');
    expect((await getJob(t, token, created.id)).status).toBe('active');

    // Its SSE stream on the API follows what the next worker does (relayed through Redis) and ends at completion.
    const stream = readStream(t, token, created.id);
    w2 = await startWorker(workerEnv);
    const done = await waitForStatus(t, token, created.id, 'completed', 30_000);
    const streamed = await stream;
    expect(streamed.ended).toBe('server');
    expect(streamed.events.at(-1)).toMatchObject({ id: created.id, status: 'completed' });
    expect(done).toMatchObject({ progress: 100, result: { attempt: 1, durationMs: 2500 } });

    const quick = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0 } });
    await waitForStatus(t, token, quick.id, 'completed');
    expect(await stop(w2, 'SIGTERM')).toBe(0);
    expect(w2.output()).not.toMatch(/Connection is closed|Error/);
  }, 120_000);
});

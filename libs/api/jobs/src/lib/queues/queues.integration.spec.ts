import Bull from 'bull';
import { createTestApp, freePort, nextSocketEvent, TestApp, TEST_REDIS_URL } from '@pulseboard/api/testing';
import type { Job, QueueInfo } from '@pulseboard/shared/contracts';
import { EVENTS_MIGRATIONS } from '@pulseboard/api/events';
import { createJob, getJob, waitForStatus } from '../../test/helpers';
import { JOBS_MIGRATIONS } from '../migrations';
import { JobsModule } from '../jobs.module';

describe('queues over HTTP (real SQLite + Redis, processors inline)', () => {
  let t: TestApp;
  let token: string;
  let viewer: string;
  const auth = (tok = token) => ({ Authorization: `Bearer ${tok}` });
  const queues = async (tok = token): Promise<QueueInfo[]> => (await t.http().get('/api/queues').set(auth(tok)).expect(200)).body;
  const queue = async (name: string) => (await queues()).find((q) => q.name === name) as QueueInfo;

  beforeAll(async () => {
    t = await createTestApp({
      imports: [JobsModule],
      migrations: [...JOBS_MIGRATIONS, ...EVENTS_MIGRATIONS],
      env: { JOB_BACKOFF_MS: '50' },
    });
    token = await t.login();
    viewer = await t.tokenFor('viewer');
  });
  afterAll(() => t.close());

  it('lists every queue of the pipeline with its counts by state, to a viewer', async () => {
    const done = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0 } });
    await waitForStatus(t, token, done.id, 'completed');
    const list = await queues(viewer);
    expect(list.map((q) => q.name)).toEqual(['jobs', 'jobs-image', 'results', 'dead-letter']);
    for (const q of list) {
      expect(q).toEqual({
        name: q.name,
        paused: false,
        counts: {
          waiting: expect.any(Number),
          active: expect.any(Number),
          delayed: expect.any(Number),
          completed: expect.any(Number),
          failed: expect.any(Number),
        },
      });
    }
    expect((await queue('jobs')).counts.completed).toBeGreaterThanOrEqual(1);
    expect((await queue('results')).counts.completed).toBeGreaterThanOrEqual(1);
  });

  it('pauses the jobs queue for every worker (in Redis): a new job stays pending and waiting; resume runs it', async () => {
    await t.http().post('/api/queues/jobs/pause').set(auth()).expect(204);
    try {
      // Another process with the same prefix sees the pause: it is global, not local to this instance.
      const other = new Bull('jobs', TEST_REDIS_URL, { prefix: t.queuePrefix });
      try {
        expect(await other.isPaused()).toBe(true);
      } finally {
        await other.close();
      }
      expect((await queue('jobs')).paused).toBe(true);
      const held = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0 } });
      const info = await queue('jobs');
      expect(info.counts.waiting).toBe(1);
      expect(info.counts.active).toBe(0);
      expect((await getJob(t, token, held.id)).status).toBe('pending');
      await t.http().post('/api/queues/jobs/resume').set(auth()).expect(204);
      expect((await queue('jobs')).paused).toBe(false);
      await waitForStatus(t, token, held.id, 'completed');
    } finally {
      await t.http().post('/api/queues/jobs/resume').set(auth());
    }
  });

  it('cleans completed entries older than the age given, and reports how many it removed', async () => {
    const j = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0 } });
    await waitForStatus(t, token, j.id, 'completed');
    const before = (await queue('jobs')).counts.completed;
    expect(before).toBeGreaterThanOrEqual(1);
    const none = await t
      .http()
      .post('/api/queues/jobs/clean')
      .set(auth())
      .send({ status: 'completed', olderThanMs: 3_600_000 })
      .expect(200);
    expect(none.body).toEqual({ removed: 0 });
    const all = await t.http().post('/api/queues/jobs/clean').set(auth()).send({ status: 'completed', olderThanMs: 0 }).expect(200);
    expect(all.body).toEqual({ removed: before });
    expect((await queue('jobs')).counts.completed).toBe(0);
    // The jobs themselves stay.
    expect((await getJob(t, token, j.id)).status).toBe('completed');
  });

  it('retries every failed job of a type through the retry path (pending, pushed), and leaves other types failed', async () => {
    const failing = { type: 'demo.simulate', payload: { durationMs: 0, failTimes: 1 }, maxAttempts: 1 };
    const a = await createJob(t, token, failing);
    const b = await createJob(t, token, failing);
    // image.fetch without an Unsplash key fails: another type, which must stay failed.
    const other = await createJob(t, token, { type: 'image.fetch', payload: { query: 'cats' }, maxAttempts: 1 });
    await Promise.all([a, b, other].map((j) => waitForStatus(t, token, j.id, 'failed')));
    await t.http().post('/api/queues/jobs/pause').set(auth()).expect(204);
    try {
      const socket = await t.socket(token);
      await new Promise((r) => socket.emit('subscribe', { topics: ['jobs'] }, r));
      const pushed = nextSocketEvent<Job>(socket, 'job.updated', (j) => j.id === a.id && j.status === 'pending');
      const res = await t.http().post('/api/jobs/retry-failed').set(auth()).send({ type: 'demo.simulate' }).expect(202);
      expect(res.body).toEqual({ retried: 2 });
      expect(await pushed).toMatchObject({ id: a.id, status: 'pending', attempts: 0, error: null });
      expect((await getJob(t, token, b.id)).status).toBe('pending');
      expect((await getJob(t, token, other.id)).status).toBe('failed');
      expect((await queue('jobs')).counts.waiting).toBe(2);
    } finally {
      await t.http().post('/api/queues/jobs/resume').set(auth());
    }
    await waitForStatus(t, token, a.id, 'failed');
    const all = await t.http().post('/api/jobs/retry-failed').set(auth()).send({}).expect(202);
    expect(all.body.retried).toBeGreaterThanOrEqual(2);
    expect((await getJob(t, token, other.id)).status).not.toBe('failed');
  });

  it('answers 404 for an unknown queue and 400 for a bad clean or retry-failed body, changing nothing', async () => {
    for (const path of ['/api/queues/nope/pause', '/api/queues/nope/resume']) {
      const r = await t.http().post(path).set(auth()).expect(404);
      expect(r.body.message).toBe("Queue 'nope' not found; the queues are jobs, jobs-image, results, dead-letter");
    }
    await t.http().post('/api/queues/nope/clean').set(auth()).send({ status: 'failed', olderThanMs: 0 }).expect(404);
    for (const body of [
      {},
      { status: 'active', olderThanMs: 0 },
      { status: 'failed', olderThanMs: -1 },
      { status: 'failed', olderThanMs: 1.5 },
      { status: 'failed', olderThanMs: 0, extra: 1 },
    ]) {
      await t.http().post('/api/queues/jobs/clean').set(auth()).send(body).expect(400);
    }
    const r = await t.http().post('/api/jobs/retry-failed').set(auth()).send({ type: 'no.such' }).expect(400);
    expect(r.body.message).toEqual([expect.stringContaining("got 'no.such'")]);
    expect((await queue('jobs')).paused).toBe(false);
  });

  it('refuses every queue change to a viewer (403) and leaves the queue running', async () => {
    await t.http().post('/api/queues/jobs/pause').set(auth(viewer)).expect(403);
    await t.http().post('/api/queues/jobs/resume').set(auth(viewer)).expect(403);
    await t.http().post('/api/queues/jobs/clean').set(auth(viewer)).send({ status: 'completed', olderThanMs: 0 }).expect(403);
    await t.http().post('/api/jobs/retry-failed').set(auth(viewer)).send({}).expect(403);
    expect((await queue('jobs')).paused).toBe(false);
    await t.http().get('/api/queues').expect(401);
  });

  it('documents the queue routes in Swagger', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/queues',
        '/api/queues/{name}/pause',
        '/api/queues/{name}/resume',
        '/api/queues/{name}/clean',
        '/api/jobs/retry-failed',
      ]),
    );
    expect(doc.components.schemas.CleanQueueDto.properties.status.enum).toEqual(['completed', 'failed']);
    expect(doc.components.schemas.QueueInfoDto.properties.name.enum).toEqual(['jobs', 'jobs-image', 'results', 'dead-letter']);
  });
});

describe('queues while Redis is unreachable', () => {
  it('answers 503 within the timeout instead of waiting for Redis', async () => {
    const port = await freePort();
    const t = await createTestApp({
      imports: [JobsModule],
      migrations: [...JOBS_MIGRATIONS, ...EVENTS_MIGRATIONS],
      env: { REDIS_URL: `redis://127.0.0.1:${port}` },
    });
    try {
      const token = await t.login();
      const started = Date.now();
      const list = await t.http().get('/api/queues').set('Authorization', `Bearer ${token}`).expect(503);
      expect(list.body.message).toMatch(/^Queues unavailable: Redis is not reachable/);
      await t.http().post('/api/queues/jobs/pause').set('Authorization', `Bearer ${token}`).expect(503);
      expect(Date.now() - started).toBeLessThan(6000);
      const retry = await t.http().post('/api/jobs/retry-failed').set('Authorization', `Bearer ${token}`).send({}).expect(503);
      expect(retry.body.message).toBe('Job queue unavailable: Redis is not reachable; no job was changed');
    } finally {
      await t.close();
    }
  }, 30_000);
});

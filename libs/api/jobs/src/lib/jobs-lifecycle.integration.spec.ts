// Job lifecycle edges: cancelling a retrying job, a cancel racing the start of a run, Server-Sent Events ending on
// every terminal status and when the client goes away, and image.fetch's hourly limit. Real SQLite + Redis.
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { createTestApp, TestApp, waitFor } from '@pulseboard/api/testing';
import { EVENTS_MIGRATIONS } from '@pulseboard/api/events';
import { createJob, fakeServer, FakeServer, getJob, json, readStream, waitForStatus } from '../test/helpers';
import { JOBS_MIGRATIONS } from './migrations';
import { JobsModule } from './jobs.module';
import { JOBS_QUEUE } from './jobs.queues';

const MIGRATIONS = [...JOBS_MIGRATIONS, ...EVENTS_MIGRATIONS];
jest.setTimeout(60_000);

describe('job lifecycle edges (real SQLite + Redis, processors inline)', () => {
  let t: TestApp;
  let token: string;
  let queue: Queue;
  const post = (path: string) => t.http().post(path).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    // A long backoff keeps a failed attempt's job in `retrying` long enough to act on it.
    t = await createTestApp({ imports: [JobsModule], migrations: MIGRATIONS, env: { JOB_BACKOFF_MS: '3000' } });
    token = await t.login();
    queue = t.get<Queue>(getQueueToken(JOBS_QUEUE));
  });
  afterAll(() => t.close());

  it('undoes a retry whose queueing failed, unless the job moved on meanwhile', async () => {
    const failed = async () => {
      const c = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0, failTimes: 1 }, maxAttempts: 1 });
      return waitForStatus(t, token, c.id, 'failed');
    };
    const a = await failed();
    const b = await failed();
    // Redis refuses the queueing (a fault injected at the queue's edge).
    const add = jest.spyOn(queue, 'add').mockRejectedValueOnce(new Error('injected: Redis went away'));
    await post(`/api/jobs/${a.id}/retry`).expect(503);
    expect(await getJob(t, token, a.id)).toMatchObject({ status: 'failed', attempts: 1, error: a.error, finishedAt: a.finishedAt });
    // This time something takes the job on between the retry's write and its failed queueing: that change stays.
    add.mockImplementationOnce(async () => {
      await t.dataSource().query(`UPDATE jobs SET status = 'cancelled' WHERE id = ?`, [b.id]);
      throw new Error('injected: Redis went away');
    });
    await post(`/api/jobs/${b.id}/retry`).expect(503);
    expect(await getJob(t, token, b.id)).toMatchObject({ status: 'cancelled', attempts: 0 });
    add.mockRestore();
  });

  it('cancels a retrying job: cancelled, its retry removed from the queue, never run again', async () => {
    const created = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0, failTimes: 1 }, maxAttempts: 3 });
    const retrying = await waitForStatus(t, token, created.id, 'retrying');
    expect(retrying.attempts).toBe(1);
    const res = await post(`/api/jobs/${created.id}/cancel`).expect(202);
    expect(res.body).toMatchObject({ id: created.id, status: 'cancelled' });
    // The delayed retry is gone from Bull, so nothing can run it again.
    await waitFor(async () => (await queue.getJob(created.id)) === null, { what: 'the retry to leave the queue' });
    // A job created after it runs to the end on the same queue: the processors are running, and still nothing touched the cancelled one.
    const marker = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0 } });
    await waitForStatus(t, token, marker.id, 'completed');
    expect(await getJob(t, token, created.id)).toMatchObject({ status: 'cancelled', attempts: 1, result: null });
  });

  it('a cancel racing the start of a run has one outcome: cancelled and never completed, or refused and completed', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const created = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 50 }, delayMs: 40 + (i % 4) * 10 });
      await new Promise((r) => setTimeout(r, 30 + (i % 6) * 5));
      const cancel = await post(`/api/jobs/${created.id}/cancel`);
      expect([202, 409]).toContain(cancel.status);
      const final = await waitFor(
        async () => {
          const j = await getJob(t, token, created.id);
          return ['completed', 'cancelled', 'failed'].includes(j.status) ? j : null;
        },
        { what: `job ${i} to end` },
      );
      if (cancel.status === 202) {
        // Accepted: the run that may have started anyway must not complete it.
        const marker = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 60 } });
        await waitForStatus(t, token, marker.id, 'completed');
        expect((await getJob(t, token, created.id)).status).toBe('cancelled');
      } else {
        expect(cancel.body.message).toMatch(/only pending or retrying jobs can be cancelled/);
        expect(final.status).toBe('completed');
      }
      outcomes.push(`${cancel.status}:${final.status}`);
    }
    expect(outcomes.every((o) => o === '202:cancelled' || o === '409:completed')).toBe(true);
  });

  it('ends the event stream after a failed job', async () => {
    const created = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0, failTimes: 1 }, maxAttempts: 1 });
    const { events, ended } = await readStream(t, token, created.id);
    expect(ended).toBe('server');
    expect(events.at(-1)).toMatchObject({ id: created.id, status: 'failed', error: { attempts: 1 } });
  });

  it('ends the event stream after a cancel', async () => {
    const created = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0 }, delayMs: 60_000 });
    const stream = readStream(
      t,
      token,
      created.id,
      () =>
        void post(`/api/jobs/${created.id}/cancel`)
          .expect(202)
          .then(() => undefined),
    );
    const { events, ended } = await stream;
    expect(ended).toBe('server');
    expect(events.map((e) => e.status)).toEqual(['pending', 'cancelled']);
  });

  it('closes its side of a stream whose client disconnects', async () => {
    const created = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0 }, delayMs: 60_000 });
    const server = t.app.getHttpServer() as http.Server;
    const openBefore = await new Promise<number>((r) => server.getConnections((_e, n) => r(n)));
    const { events, ended } = await readStream(t, token, created.id, (req) => req.destroy());
    expect(ended).toBe('client');
    expect(events.map((e) => e.status)).toEqual(['pending']);
    // The server closes its side: its connection count drops back.
    await waitFor(async () => (await new Promise<number>((r) => server.getConnections((_e, n) => r(n)))) <= openBefore, {
      what: 'the server to close the stream',
    });
    await post(`/api/jobs/${created.id}/cancel`).expect(202);
  });
});

describe('image.fetch hourly limit (UNSPLASH_RATE_LIMIT_PER_HOUR)', () => {
  let t: TestApp;
  let token: string;
  let unsplash: FakeServer;

  beforeAll(async () => {
    unsplash = await fakeServer((_req, i, res) =>
      json(res, 200, {
        id: `p${i}`,
        description: null,
        alt_description: 'a photo',
        urls: { regular: `https://images.example/p${i}.jpg`, thumb: `https://images.example/p${i}-t.jpg` },
        user: { name: 'Ada' },
      }),
    );
    t = await createTestApp({
      imports: [JobsModule],
      migrations: MIGRATIONS,
      env: { UNSPLASH_API_URL: unsplash.url, UNSPLASH_ACCESS_KEY: 'test-key', UNSPLASH_RATE_LIMIT_PER_HOUR: '2' },
    });
    token = await t.login();
  });
  afterAll(async () => {
    await t.close();
    await unsplash.close();
  });

  it('asks the upstream at most the limit per hour: the third job waits, other job types keep running', async () => {
    const ids: string[] = [];
    for (const q of ['one', 'two', 'three']) ids.push((await createJob(t, token, { type: 'image.fetch', payload: { query: q } })).id);
    await waitFor(
      async () => (await Promise.all(ids.map((id) => getJob(t, token, id)))).filter((j) => j.status === 'completed').length === 2,
      { what: 'two photos' },
    );
    // A demo job created now completes: the processors run, so the third photo is held back by the limit alone.
    const marker = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0 } });
    await waitForStatus(t, token, marker.id, 'completed');
    const jobs = await Promise.all(ids.map((id) => getJob(t, token, id)));
    expect(jobs.map((j) => j.status).sort()).toEqual(['completed', 'completed', 'pending']);
    expect(unsplash.requests).toHaveLength(2);
  });
});

import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  countSocketWrites,
  createPostgresDatabase,
  createTestApp,
  describePostgres,
  nextSocketEvent,
  pendingSchemaChanges,
  TestApp,
  waitFor,
} from '@pulseboard/api/testing';
import { QUEUE_NAMES, type Job, type JobStats, type JobTypeInfo, type Page } from '@pulseboard/shared/contracts';
import { createJob, countJobs, fakeServer, FakeServer, getJob, json, readStream, waitForStatus } from '../test/helpers';
import { EVENTS_MIGRATIONS, EventsService } from '@pulseboard/api/events';
import { JOBS_MIGRATIONS } from './migrations';

const MIGRATIONS = [...JOBS_MIGRATIONS, ...EVENTS_MIGRATIONS];
import { JobsModule } from './jobs.module';
import { JOBS_QUEUE } from './jobs.queues';

// The fake webhook receivers listen on 127.0.0.1, an internal address the guard refuses unless allowed.
const FAST = { JOB_BACKOFF_MS: '50', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' };
const exportDir = mkdtempSync(join(tmpdir(), 'pulseboard-exports-'));
afterAll(() => rmSync(exportDir, { recursive: true, force: true }));

describe('jobs over HTTP (real SQLite + Redis, processors inline)', () => {
  let t: TestApp;
  let token: string;
  let viewer: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp({ imports: [JobsModule], migrations: MIGRATIONS, env: { ...FAST, EXPORT_DIR: exportDir } });
    token = await t.login();
    viewer = await t.tokenFor('viewer');
  });
  afterAll(() => t.close());

  it("creates exactly the entities' schema with its migration on SQLite", async () => {
    expect(await pendingSchemaChanges(t.dataSource())).toEqual([]);
  });

  it("writes a turn's commands to Redis in one go on every queue's command connection", async () => {
    for (const name of QUEUE_NAMES) {
      const client = t.get<Queue>(getQueueToken(name)).client;
      await client.ping();
      const writes = countSocketWrites((client as unknown as { stream: object }).stream);
      try {
        const replies = await Promise.all(Array.from({ length: 50 }, () => client.ping()));
        expect(replies.every((r) => r === 'PONG')).toBe(true);
        // 50 commands in one turn (another command of Bull's may fall in a turn of its own meanwhile)
        expect({ name, atMostThreeWrites: writes.count() <= 3 }).toEqual({ name, atMostThreeWrites: true });
      } finally {
        writes.restore();
      }
    }
  });

  it('runs a demo.simulate job to completed with progress, pushing every status change to the jobs and job:<id> topics', async () => {
    const socket = await t.socket(token);
    await new Promise((r) => socket.emit('subscribe', { topics: ['jobs'] }, r));
    const seen: Job[] = [];
    socket.on('job.updated', (j: Job) => seen.push(j));
    const created = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 600 } });
    expect(created).toMatchObject({
      type: 'demo.simulate',
      status: 'pending',
      progress: 0,
      attempts: 0,
      maxAttempts: 3,
      result: null,
      error: null,
      priority: 0,
      startedAt: null,
      finishedAt: null,
    });
    const done = await nextSocketEvent<Job>(socket, 'job.updated', (j) => j.id === created.id && j.status === 'completed');
    expect(done).toMatchObject({ status: 'completed', progress: 100, attempts: 1, result: { attempt: 1, durationMs: 600 }, error: null });
    expect(Date.parse(done.finishedAt as string)).toBeGreaterThanOrEqual(Date.parse(done.startedAt as string));
    const mine = seen.filter((j) => j.id === created.id);
    expect(mine.map((j) => j.status)).toEqual(expect.arrayContaining(['pending', 'active', 'completed']));
    const progress = mine.filter((j) => j.status === 'active').map((j) => j.progress);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.length).toBeLessThan(12); // throttled: a few per second, not one per step
    expect(await getJob(t, token, created.id)).toEqual({
      ...done,
      history: [expect.objectContaining({ attempt: 1, error: null })],
      logs: expect.any(Array),
    });
  });

  it('retries a failing job with backoff (status retrying) until it succeeds', async () => {
    const created = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0, failTimes: 2 }, maxAttempts: 3 });
    const statuses = new Set<string>();
    const done = await waitFor(
      async () => {
        const j = await getJob(t, token, created.id);
        statuses.add(j.status);
        return j.status === 'completed' ? j : null;
      },
      { intervalMs: 10, timeoutMs: 15_000 },
    );
    expect(statuses.has('retrying')).toBe(true);
    expect(done).toMatchObject({ attempts: 3, result: { attempt: 3, durationMs: 0 } });
  });

  it('sends an exhausted job to the dead letter (failed, error with attempts), and a retry from there re-runs it', async () => {
    const hook: FakeServer = await fakeServer((_req, i, res) => json(res, i < 2 ? 500 : 200, { i }));
    try {
      const created = await createJob(t, token, {
        type: 'webhook.deliver',
        payload: { url: `${hook.url}/hook`, body: { a: 1 } },
        maxAttempts: 2,
      });
      const failed = await waitForStatus(t, token, created.id, 'failed');
      expect(failed.error).toEqual({ message: `POST ${hook.url}/hook answered HTTP 500`, attempts: 2 });
      expect(failed).toMatchObject({ attempts: 2, result: null });
      expect(hook.requests).toHaveLength(2);
      expect(JSON.parse(hook.requests[0].body)).toEqual({ a: 1 });
      expect(hook.requests[0].headers['content-type']).toBe('application/json');

      const retried = await t.http().post(`/api/jobs/${created.id}/retry`).set(auth()).expect(202);
      expect(retried.body).toMatchObject({ status: 'pending', attempts: 0, error: null, progress: 0, finishedAt: null });
      const done = await waitForStatus(t, token, created.id, 'completed');
      expect(done).toMatchObject({ attempts: 1, error: null, result: { status: 200, durationMs: expect.any(Number) } });
      expect(hook.requests).toHaveLength(3);
    } finally {
      await hook.close();
    }
  });

  it('delivers a webhook that fails twice then answers 200: completed after retries', async () => {
    const hook = await fakeServer((_req, i, res) => (i < 2 ? (i === 0 ? res.destroy() : json(res, 503, {})) : json(res, 201, {})));
    try {
      const created = await createJob(t, token, {
        type: 'webhook.deliver',
        payload: { url: hook.url, method: 'PUT', headers: { 'x-sig': 'abc' }, body: 'raw' },
      });
      const done = await waitForStatus(t, token, created.id, 'completed');
      expect(done).toMatchObject({ attempts: 3, result: { status: 201 } });
      expect(hook.requests.map((r) => r.method)).toEqual(['PUT', 'PUT', 'PUT']);
      expect(hook.requests[2]).toMatchObject({ body: 'raw', headers: expect.objectContaining({ 'x-sig': 'abc' }) });
    } finally {
      await hook.close();
    }
  });

  it('cancels a delayed job: cancelled, removed from the queue, never run; a second cancel is a 409', async () => {
    const created = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0 }, delayMs: 60_000 });
    const queue = t.get<Queue>(getQueueToken(JOBS_QUEUE));
    expect(await (await queue.getJob(created.id))?.getState()).toBe('delayed');
    const res = await t.http().post(`/api/jobs/${created.id}/cancel`).set(auth()).expect(202);
    expect(res.body).toMatchObject({ id: created.id, status: 'cancelled', attempts: 0, finishedAt: expect.any(String) });
    expect(await queue.getJob(created.id)).toBeNull();
    const again = await t.http().post(`/api/jobs/${created.id}/cancel`).set(auth()).expect(409);
    expect(again.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: `Job '${created.id}' is cancelled; only pending or retrying jobs can be cancelled`,
    });
    expect((await getJob(t, token, created.id)).status).toBe('cancelled');

    // A cancelled job can be retried; it is queued again without the delay.
    await t.http().post(`/api/jobs/${created.id}/retry`).set(auth()).expect(202);
    expect((await waitForStatus(t, token, created.id, 'completed')).result).toEqual({ attempt: 1, durationMs: 0 });
  });

  it('answers 409 naming the status for a retry or cancel of a completed job, and changes nothing', async () => {
    const created = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0 } });
    const done = await waitForStatus(t, token, created.id, 'completed');
    const r = await t.http().post(`/api/jobs/${created.id}/retry`).set(auth()).expect(409);
    expect(r.body.message).toBe(`Job '${created.id}' is completed; only failed or cancelled jobs can be retried`);
    const c = await t.http().post(`/api/jobs/${created.id}/cancel`).set(auth()).expect(409);
    expect(c.body.message).toBe(`Job '${created.id}' is completed; only pending or retrying jobs can be cancelled`);
    expect(await getJob(t, token, created.id)).toEqual(done);
  });

  describe('bad input is a 4xx that stores nothing', () => {
    it.each([
      [
        'an unknown type',
        { type: 'nope', payload: {} },
        /type must be one of demo.simulate, image.fetch, webhook.deliver, events.export, got 'nope'/,
      ],
      [
        'a payload out of range',
        { type: 'demo.simulate', payload: { durationMs: 60001 } },
        /payload.durationMs must not be greater than 60000/,
      ],
      ['a payload with a missing field', { type: 'demo.simulate', payload: {} }, /payload.durationMs is required/],
      ['a payload with an unknown field', { type: 'demo.simulate', payload: { durationMs: 1, x: 1 } }, /payload.x is not allowed/],
      [
        'a non-integer failTimes',
        { type: 'demo.simulate', payload: { durationMs: 1, failTimes: 1.5 } },
        /payload.failTimes must be an integer/,
      ],
      [
        'a webhook url that is not http(s)',
        { type: 'webhook.deliver', payload: { url: 'ftp://x' } },
        /payload.url must be an http or https URL/,
      ],
      [
        'a bad export format',
        { type: 'events.export', payload: { filter: {}, format: 'xml' } },
        /payload.format must be one of "csv", "ndjson"/,
      ],
      [
        'an export sort the events list does not allow',
        { type: 'events.export', payload: { filter: { sort: 'payload' }, format: 'csv' } },
        /payload.filter.sort must be one of/,
      ],
      [
        'an export filter with an unknown field',
        { type: 'events.export', payload: { filter: { colour: 'red' }, format: 'csv' } },
        /payload.filter.colour is not allowed/,
      ],
      ['an empty image query', { type: 'image.fetch', payload: { query: '' } }, /payload.query must be at least 1 characters long/],
      ['maxAttempts 21', { type: 'demo.simulate', payload: { durationMs: 1 }, maxAttempts: 21 }, /maxAttempts must not be greater than 20/],
      ['maxAttempts 0', { type: 'demo.simulate', payload: { durationMs: 1 }, maxAttempts: 0 }, /maxAttempts must not be less than 1/],
      ['a negative delay', { type: 'demo.simulate', payload: { durationMs: 1 }, delayMs: -1 }, /delayMs must not be less than 0/],
      ['an unknown body field', { type: 'demo.simulate', payload: { durationMs: 1 }, owner: 'me' }, /property owner should not exist/],
      ['a payload that is not an object', { type: 'demo.simulate', payload: 'x' }, /payload must be an object/],
    ])('answers 400 for %s', async (_name, body, message) => {
      const before = await countJobs(t);
      const res = await t.http().post('/api/jobs').set(auth()).send(body).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect([res.body.message].flat().join('; ')).toMatch(message);
      expect(await countJobs(t)).toBe(before);
    });

    it.each([
      ['/api/jobs?status=done', /status must be one of/],
      ['/api/jobs?pageSize=101', /pageSize must not be greater than 100/],
      ['/api/jobs?sort=payload', /sort must be one of createdAt/],
      ['/api/jobs/not-a-uuid', /uuid is expected/],
      ['/api/jobs/not-a-uuid/stream', /uuid is expected/],
    ])('answers 400 for GET %s', async (url, message) => {
      const res = await t.http().get(url).set(auth()).expect(400);
      expect([res.body.message].flat().join('; ')).toMatch(message);
    });

    it('answers 400 for a malformed id on retry and cancel', async () => {
      await t.http().post('/api/jobs/123/retry').set(auth()).expect(400);
      await t.http().post('/api/jobs/123/cancel').set(auth()).expect(400);
    });

    it('answers 404 for an unknown id on every route', async () => {
      const id = '0b7f3c1e-6a1d-4f53-9a8e-2c4b1f0d9e77';
      for (const [method, url] of [
        ['get', ''],
        ['get', '/stream'],
        ['get', '/download'],
        ['post', '/retry'],
        ['post', '/cancel'],
      ] as const) {
        const res = await t.http()[method](`/api/jobs/${id}${url}`).set(auth()).expect(404);
        expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: `Job '${id}' not found` });
      }
    });

    it('answers 403 to a viewer creating, retrying or cancelling, and lets it read', async () => {
      const before = await countJobs(t);
      await t
        .http()
        .post('/api/jobs')
        .set('Authorization', `Bearer ${viewer}`)
        .send({ type: 'demo.simulate', payload: { durationMs: 0 } })
        .expect(403);
      expect(await countJobs(t)).toBe(before);
      const delayed = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0 }, delayMs: 60_000 });
      await t.http().post(`/api/jobs/${delayed.id}/cancel`).set('Authorization', `Bearer ${viewer}`).expect(403);
      expect((await getJob(t, token, delayed.id)).status).toBe('pending');
      await t.http().post(`/api/jobs/${delayed.id}/cancel`).set(auth()).expect(202);
      await t.http().post(`/api/jobs/${delayed.id}/retry`).set('Authorization', `Bearer ${viewer}`).expect(403);
      expect((await getJob(t, token, delayed.id)).status).toBe('cancelled');
      await t.http().get('/api/jobs').set('Authorization', `Bearer ${viewer}`).expect(200);
      await t.http().get('/api/jobs').expect(401);
    });
  });

  it('documents the job responses in Swagger (/api/docs-json)', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    const ref = (
      op: { responses: Record<string, { content?: { 'application/json': { schema: Record<string, unknown> } } }> },
      code: string,
    ) => JSON.stringify(op.responses[code]?.content?.['application/json'].schema);
    expect(ref(doc.paths['/api/jobs'].post, '202')).toContain('#/components/schemas/JobDto');
    expect(ref(doc.paths['/api/jobs/{id}'].get, '200')).toContain('#/components/schemas/JobDetailDto');
    expect(ref(doc.paths['/api/jobs'].get, '200')).toContain('#/components/schemas/JobPageDto');
    expect(ref(doc.paths['/api/jobs/types'].get, '200')).toContain('#/components/schemas/JobTypeInfoDto');
    expect(doc.components.schemas.JobDto.properties.status.enum).toEqual([
      'pending',
      'active',
      'retrying',
      'completed',
      'failed',
      'cancelled',
    ]);
  });

  it('lists newest first with status and type filters and pagination', async () => {
    const a = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0 }, delayMs: 60_000 });
    const b = await createJob(t, token, { type: 'webhook.deliver', payload: { url: 'http://127.0.0.1:9/x' }, delayMs: 60_000 });
    const all = (await t.http().get('/api/jobs?pageSize=2').set(auth()).expect(200)).body as Page<Job>;
    expect(all.items.map((j) => j.id)).toEqual([b.id, a.id]);
    expect(all).toMatchObject({ page: 1, pageSize: 2, nextCursor: null, total: await countJobs(t) });
    const pending = (await t.http().get('/api/jobs?status=pending&type=webhook.deliver').set(auth()).expect(200)).body as Page<Job>;
    expect(pending.items.map((j) => j.id)).toEqual([b.id]);
    expect(pending.total).toBe(1);
    const completed = (await t.http().get('/api/jobs?status=completed&pageSize=100').set(auth()).expect(200)).body as Page<Job>;
    expect(completed.items.every((j) => j.status === 'completed')).toBe(true);
    for (const j of [a, b]) await t.http().post(`/api/jobs/${j.id}/cancel`).set(auth()).expect(202);
  });

  it('reports counts by status and completions per minute over the last hour', async () => {
    const res = await t.http().get('/api/jobs/stats').set('Authorization', `Bearer ${viewer}`).expect(200);
    const stats = res.body as JobStats;
    const [rows] = [await t.dataSource().query(`SELECT status, COUNT(*) AS n FROM jobs GROUP BY status`)];
    for (const r of rows as { status: keyof JobStats['counts']; n: number }[]) expect(stats.counts[r.status]).toBe(Number(r.n));
    expect(Object.keys(stats.counts).sort()).toEqual(['active', 'cancelled', 'completed', 'failed', 'pending', 'retrying']);
    expect(stats.completedPerMinute).toHaveLength(60);
    const times = stats.completedPerMinute.map((b) => Date.parse(b.at));
    expect(times.every((x, i) => i === 0 || x - times[i - 1] === 60_000)).toBe(true);
    expect(new Date(times[59]).getUTCSeconds()).toBe(0);
    expect(Date.now() - times[59]).toBeLessThan(60_000);
    const total = stats.completedPerMinute.reduce((s, b) => s + b.count, 0);
    expect(total).toBe(stats.counts.completed);
    expect(total).toBeGreaterThan(0);
  });

  it('lists the job types with their payload JSON Schemas', async () => {
    const res = await t.http().get('/api/jobs/types').set(auth()).expect(200);
    const types = res.body as JobTypeInfo[];
    expect(types.map((x) => x.type)).toEqual(['demo.simulate', 'image.fetch', 'webhook.deliver', 'events.export']);
    const demo = types[0];
    expect(demo.payloadSchema).toMatchObject({
      type: 'object',
      required: ['durationMs'],
      properties: { durationMs: { type: 'integer', minimum: 0, maximum: 60000 } },
    });
    expect(demo.example).toEqual({ durationMs: 3000, failTimes: 0, failRate: 0 });
  });

  it('streams a job as Server-Sent Events: current state first, one event per change, closed after completion', async () => {
    const created = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 700 }, delayMs: 300 });
    const { events, status, contentType } = await readStream(t, token, created.id);
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/event-stream/);
    expect(events[0]).toMatchObject({ id: created.id, status: 'pending' });
    expect(events.at(-1)).toMatchObject({ status: 'completed', progress: 100 });
    expect(events.some((e) => e.status === 'active' && e.progress > 0 && e.progress < 100)).toBe(true);
    const keys = events.map((e) => `${e.updatedAt}|${e.status}|${e.progress}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('streams a finished job as a single event and closes', async () => {
    const created = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0 } });
    await waitForStatus(t, token, created.id, 'completed');
    const { events, ended } = await readStream(t, token, created.id);
    expect(events).toEqual([expect.objectContaining({ id: created.id, status: 'completed' })]);
    expect(ended).toBe('server');
  });

  it('fails an image.fetch job at once, without retries, when UNSPLASH_ACCESS_KEY is not set', async () => {
    const created = await createJob(t, token, { type: 'image.fetch', payload: { query: 'cats' }, maxAttempts: 3 });
    const failed = await waitForStatus(t, token, created.id, 'failed');
    expect(failed.error).toEqual({ message: 'UNSPLASH_ACCESS_KEY is not set: image.fetch jobs cannot run', attempts: 1 });
    expect(failed.attempts).toBe(1);
  });

  it('exports the events matching a filter to CSV and NDJSON files that viewers can download', async () => {
    await t.get(EventsService).createMany([
      { type: 'deploy', source: 'ci', title: 'Deploy, "quoted"', severity: 'error', occurredAt: '2026-01-01T00:00:01.000Z' },
      { type: 'deploy', source: 'ci', title: 'Second', severity: 'error', occurredAt: '2026-01-01T00:00:02.000Z' },
      { type: 'deploy', source: 'ci', title: 'Fine', severity: 'info' },
    ]);
    const viewerAuth = { Authorization: `Bearer ${viewer}` };
    const text = (r: NodeJS.ReadableStream, cb: (e: Error | null, body: string) => void) => {
      let d = '';
      r.on('data', (c: Buffer) => (d += c.toString()));
      r.on('end', () => cb(null, d));
    };
    const csvJob = await createJob(t, token, {
      type: 'events.export',
      payload: { filter: { severity: 'error', sort: 'occurredAt' }, format: 'csv' },
    });
    const csvDone = await waitForStatus(t, token, csvJob.id, 'completed');
    expect(csvDone.result).toEqual({ downloadUrl: `/api/jobs/${csvJob.id}/download`, rows: 2, bytes: expect.any(Number) });
    const csv = await t
      .http()
      .get(`/api/jobs/${csvJob.id}/download`)
      .set(viewerAuth)
      .buffer(true)
      .parse(text as never)
      .expect(200);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="events-${csvJob.id}.csv"`);
    const lines = (csv.body as string).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id,type,source,title,severity,status,occurredAt/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('"Deploy, ""quoted"""');
    expect(lines[2]).toContain(',Second,');
    expect(Buffer.byteLength(csv.body as string)).toBe((csvDone.result as { bytes: number }).bytes);

    const ndJob = await createJob(t, token, {
      type: 'events.export',
      payload: { filter: { severity: 'error', sort: '-occurredAt' }, format: 'ndjson' },
    });
    await waitForStatus(t, token, ndJob.id, 'completed');
    const nd = await t
      .http()
      .get(`/api/jobs/${ndJob.id}/download`)
      .set(viewerAuth)
      .buffer(true)
      .parse(text as never)
      .expect(200);
    expect(
      (nd.body as string)
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).title),
    ).toEqual(['Second', 'Deploy, "quoted"']);
    await t.http().get(`/api/jobs/${ndJob.id}/download`).expect(401);
  });

  it('has no download for a job that is not a completed export', async () => {
    const created = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0 } });
    const res = await t.http().get(`/api/jobs/${created.id}/download`).set(auth()).expect(404);
    expect(res.body.message).toMatch(/no file to download/);
  });
});

describe('image.fetch against a local fake Unsplash', () => {
  let t: TestApp;
  let token: string;
  let unsplash: FakeServer;

  beforeAll(async () => {
    unsplash = await fakeServer((req, _i, res) => {
      if (req.headers.authorization !== 'Client-ID test-key') return json(res, 401, { errors: ['OAuth error'] });
      json(res, 200, {
        id: 'abc123',
        description: null,
        alt_description: 'a cat on a mat',
        urls: { regular: 'https://images.example/abc123.jpg', thumb: 'https://images.example/abc123-thumb.jpg' },
        user: { name: 'Ada Lovelace', username: 'ada' },
      });
    });
    t = await createTestApp({
      imports: [JobsModule],
      migrations: MIGRATIONS,
      env: { ...FAST, UNSPLASH_API_URL: unsplash.url, UNSPLASH_ACCESS_KEY: 'test-key' },
    });
    token = await t.login();
  });
  afterAll(async () => {
    await t.close();
    await unsplash.close();
  });

  it('asks /photos/random with the query and the Client-ID key, and stores the photo', async () => {
    const created = await createJob(t, token, { type: 'image.fetch', payload: { query: 'cats & dogs' } });
    const done = await waitForStatus(t, token, created.id, 'completed');
    expect(done.result).toEqual({
      id: 'abc123',
      url: 'https://images.example/abc123.jpg',
      thumbUrl: 'https://images.example/abc123-thumb.jpg',
      author: 'Ada Lovelace',
      description: 'a cat on a mat',
    });
    expect(unsplash.requests).toHaveLength(1);
    expect(unsplash.requests[0]).toMatchObject({ method: 'GET', url: '/photos/random?query=cats%20%26%20dogs' });
  });
});

describePostgres('jobs migration on PostgreSQL', () => {
  it("creates exactly the entities' schema", async () => {
    const db = await createPostgresDatabase();
    let t: TestApp | undefined;
    try {
      t = await createTestApp({ imports: [JobsModule], migrations: MIGRATIONS, databaseUrl: db.url, env: FAST });
      expect(await pendingSchemaChanges(t.dataSource())).toEqual([]);
      const token = await t.login();
      const created = await createJob(t, token, { type: 'demo.simulate', payload: { durationMs: 0 } });
      expect((await waitForStatus(t, token, created.id, 'completed')).result).toEqual({ attempt: 1, durationMs: 0 });
      const stats = (await t.http().get('/api/jobs/stats').set('Authorization', `Bearer ${token}`).expect(200)).body as JobStats;
      expect(stats.counts.completed).toBe(1);
      expect(stats.completedPerMinute.reduce((s, b) => s + b.count, 0)).toBe(1);
    } finally {
      await t?.close();
      await db.drop();
    }
  });
});

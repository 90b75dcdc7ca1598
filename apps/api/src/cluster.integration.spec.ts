// GET /api/cluster over HTTP: the processes from their heartbeats in Redis, who holds each lease, admin only.
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createTestApp, deleteRedisKeys, TEST_REDIS_URL, TestApp, waitFor } from '@pulseboard/api/testing';
import { JOBS_MIGRATIONS, JobsModule } from '@pulseboard/api/jobs';
import { EVENTS_MIGRATIONS } from '@pulseboard/api/events';
import type { ClusterView } from '@pulseboard/shared/contracts';

describe('GET /api/cluster (real SQLite + Redis)', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: string;

  beforeAll(async () => {
    const opts = {
      imports: [JobsModule],
      migrations: [...JOBS_MIGRATIONS, ...EVENTS_MIGRATIONS],
      env: { SOCKET_ADAPTER: 'redis', QUEUE_PROCESSORS: 'inline', JOB_CONCURRENCY: '7' },
    };
    a = await createTestApp(opts);
    b = await createTestApp({
      ...opts,
      env: { ...opts.env, QUEUE_PROCESSORS: 'off' },
      sqlitePath: a.sqlitePath,
      queuePrefix: a.queuePrefix,
    });
    admin = await a.login();
  });
  afterAll(async () => {
    await b?.close({ keepData: true });
    await a?.close();
  });

  const view = async (app: TestApp) =>
    (await app.http().get('/api/cluster').set('Authorization', `Bearer ${admin}`).expect(200)).body as ClusterView;

  it('lists both API processes with what they are and hold, and one holder per lease, from either process', async () => {
    await waitFor(
      async () =>
        (await view(a)).instances.length === 2 && (await view(a)).leases.find((l) => l.name === 'job-reconciler')?.holder !== null,
      { what: 'both heartbeats and a reconciler holder' },
    );
    for (const app of [a, b]) {
      const v = await view(app);
      expect(v.mode).toBe('redis');
      expect(v.instances).toHaveLength(2);
      for (const p of v.instances) {
        expect(p).toMatchObject({ kind: 'api', host: hostname(), pid: process.pid, version: '0.1.0' });
        expect(Date.now() - Date.parse(p.lastSeenAt)).toBeLessThan(10_000);
      }
      expect(v.instances.map((p) => p.queueConcurrency).sort()).toEqual([0, 7]);
      const reconciler = v.leases.find((l) => l.name === 'job-reconciler');
      const holder = v.instances.find((p) => p.id === reconciler?.holder);
      expect(holder?.holds).toContain('job-reconciler');
      expect(reconciler?.token).toBeGreaterThan(0);
      expect(v.instances.filter((p) => p.holds.includes('job-reconciler'))).toHaveLength(1);
    }
  });

  it('drops a process that stopped from the list', async () => {
    const c = await createTestApp({
      imports: [JobsModule],
      migrations: [...JOBS_MIGRATIONS, ...EVENTS_MIGRATIONS],
      env: { SOCKET_ADAPTER: 'redis' },
      sqlitePath: a.sqlitePath,
      queuePrefix: a.queuePrefix,
    });
    try {
      await waitFor(async () => (await view(a)).instances.length === 3, { what: 'the third heartbeat' });
    } finally {
      await c.close({ keepData: true }); // also when the wait fails: an open app would keep jest from exiting
    }
    // A clean stop removes its heartbeat at once; a killed process drops out when the key expires.
    expect((await view(a)).instances).toHaveLength(2);
  });

  it('lists every process however many other keys Redis holds (no scan of the keyspace)', async () => {
    // 120,000 unrelated keys: a SCAN-based view gave up before reaching the heartbeats.
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    const pad = `pbtest-cluster-pad-${randomUUID()}`;
    try {
      for (let i = 0; i < 120_000; i += 10_000) {
        const batch = redis.pipeline();
        for (let k = i; k < i + 10_000; k++) batch.set(`${pad}:${k}`, '1', 'EX', 600);
        await batch.exec();
      }
      const v = await view(a);
      expect(v.instances).toHaveLength(2);
      expect(v.instances.map((p) => p.queueConcurrency).sort()).toEqual([0, 7]);
    } finally {
      redis.disconnect();
      await deleteRedisKeys(`${pad}:*`);
    }
  });

  it('is for admins only', async () => {
    const operator = await a.tokenFor('operator');
    await a.http().get('/api/cluster').set('Authorization', `Bearer ${operator}`).expect(403);
    await a.http().get('/api/cluster').expect(401);
  });
});

import { createTestApp, nextSocketEvent, TestApp, waitFor } from '@pulseboard/api/testing';
import type { Counter } from '@pulseboard/shared/contracts';
import type { Socket } from 'socket.io-client';
import { CounterTicker } from './counter-ticker.service';
import { CountersModule } from './counters.module';
import { COUNTERS_MIGRATIONS } from './migrations';

const opts = { imports: [CountersModule], migrations: COUNTERS_MIGRATIONS };

describe('counters across restarts and instances (real SQLite + Redis)', () => {
  it('keeps the schedule across a restart: downtime counts, no tick lost or added', async () => {
    let t: TestApp | null = await createTestApp(opts);
    const { sqlitePath, queuePrefix } = t;
    try {
      const token = await t.login();
      const created = await t
        .http()
        .post('/api/counters')
        .set('Authorization', `Bearer ${token}`)
        .send({ name: 'restart-timer', max: 100_000, intervalMs: 100 })
        .expect(201);
      const started = await t.http().post(`/api/counters/${created.body.id}/start`).set('Authorization', `Bearer ${token}`).expect(200);
      const startedAt = Date.parse(started.body.updatedAt);
      await t.close({ keepData: true });
      t = null;
      const downSince = Date.now();
      await waitFor(() => Date.now() - downSince >= 500, { what: 'downtime' }); // the API is down: nothing to await
      t = await createTestApp({ ...opts, sqlitePath, queuePrefix });
      const token2 = await t.login();
      const res = await t.http().get(`/api/counters/${created.body.id}`).set('Authorization', `Bearer ${token2}`).expect(200);
      const expected = Math.floor((Date.now() - startedAt) / 100);
      expect(res.body.status).toBe('running');
      expect(Math.abs(res.body.value - expected)).toBeLessThanOrEqual(1);
      expect(res.body.version).toBe(2);
    } finally {
      await t?.close();
    }
  });

  describe('two API instances on one database with the Redis socket adapter', () => {
    let a: TestApp;
    let b: TestApp;
    let token: string;
    const sockets: Socket[] = [];

    beforeAll(async () => {
      a = await createTestApp({ ...opts, env: { SOCKET_ADAPTER: 'redis' } });
      b = await createTestApp({ ...opts, env: { SOCKET_ADAPTER: 'redis' }, sqlitePath: a.sqlitePath, queuePrefix: a.queuePrefix });
      token = await a.login();
    });
    afterAll(async () => {
      await b?.close({ keepData: true });
      await a?.close();
    });

    it('has exactly one instance pushing ticks', () => {
      expect([a.get(CounterTicker).isLeader(), b.get(CounterTicker).isLeader()].sort()).toEqual([false, true]);
    });

    it('ticks once per interval: each client of each instance gets each tick once, and one finish', async () => {
      const created = await a
        .http()
        .post('/api/counters')
        .set('Authorization', `Bearer ${token}`)
        .send({ name: 'two-instances', max: 8, intervalMs: 100 })
        .expect(201);
      const id = created.body.id as string;
      const received = new Map<Socket, Counter[]>();
      for (const app of [a, b]) {
        const s = await app.socket(token);
        sockets.push(s);
        await s.emitWithAck('subscribe', { topics: [`counter:${id}`] });
        received.set(s, []);
        s.on('counter.updated', (p: Counter) => received.get(s)?.push(p));
      }
      const finishedOnEach = sockets.map((s) => nextSocketEvent<Counter>(s, 'counter.updated', (p) => p.status === 'finished'));
      await b.http().post(`/api/counters/${id}/start`).set('Authorization', `Bearer ${token}`).expect(200);
      for (const f of await Promise.all(finishedOnEach)) expect(f).toMatchObject({ value: 8, version: 3 });
      await waitFor(
        async () => (await a.http().get(`/api/counters/${id}`).set('Authorization', `Bearer ${token}`)).body.status === 'finished',
      );
      // A stray duplicate would arrive right behind the finish: a marker change made on each instance after it, and
      // received by every client, comes after anything either instance pushed before it.
      const marker = await a
        .http()
        .post('/api/counters')
        .set('Authorization', `Bearer ${token}`)
        .send({ name: 'two-instances-marker', initial: 0 })
        .expect(201);
      for (const s of sockets) await s.emitWithAck('subscribe', { topics: [`counter:${marker.body.id}`] });
      const markersOnEach = sockets.map((s) =>
        nextSocketEvent<Counter>(s, 'counter.updated', (p) => p.id === marker.body.id && p.value === 2),
      );
      await a.http().post(`/api/counters/${marker.body.id}/increment`).set('Authorization', `Bearer ${token}`).send({}).expect(200);
      await b.http().post(`/api/counters/${marker.body.id}/increment`).set('Authorization', `Bearer ${token}`).send({}).expect(200);
      await Promise.all(markersOnEach);
      for (const [s, list] of received)
        received.set(
          s,
          list.filter((p) => p.id === id),
        );
      for (const [, list] of received) {
        const values = list.map((p) => p.value);
        expect(new Set(values).size).toBe(values.length); // no tick pushed twice
        expect(values[0]).toBe(0);
        expect(values[values.length - 1]).toBe(8);
        expect(list.filter((p) => p.status === 'finished')).toHaveLength(1);
        expect(values.length).toBeGreaterThanOrEqual(7); // start + (almost) every tick
      }
      const [row] = await a.dataSource().query(`SELECT status, "baseValue", version FROM counters WHERE id = '${id}'`);
      expect(row).toEqual({ status: 'finished', baseValue: 8, version: 3 });
    });

    it('keeps stock decrements exact when both instances sell concurrently', async () => {
      const created = await a
        .http()
        .post('/api/counters')
        .set('Authorization', `Bearer ${token}`)
        .send({ name: 'two-instance-stock', initial: 100, min: 0 })
        .expect(201);
      const id = created.body.id as string;
      const results = await Promise.all(
        Array.from({ length: 140 }, (_, i) =>
          (i % 2 ? a : b).http().post(`/api/counters/${id}/decrement`).set('Authorization', `Bearer ${token}`).send({}),
        ),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(100);
      expect(results.filter((r) => r.status === 409)).toHaveLength(40);
      const res = await b.http().get(`/api/counters/${id}`).set('Authorization', `Bearer ${token}`).expect(200);
      expect(res.body).toMatchObject({ value: 0, version: 101 });
    }, 30_000);
  });
});

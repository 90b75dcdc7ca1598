import { createTestApp, nextSocketEvent, pendingSchemaChanges, TestApp, waitFor } from '@pulseboard/api/testing';
import type { Counter, Page } from '@pulseboard/shared/contracts';
import type { Socket } from 'socket.io-client';
import { COUNTERS_MIGRATIONS } from './migrations';
import { CountersModule } from './counters.module';

describe('counters over HTTP (real SQLite + Redis)', () => {
  let t: TestApp;
  let token: string;
  let seq = 0;
  const auth = () => ({ Authorization: `Bearer ${token}` });
  const post = (path: string, body: object = {}, headers: Record<string, string> = {}) =>
    t.http().post(`/api/counters${path}`).set(auth()).set(headers).send(body);
  const get = (path = '') => t.http().get(`/api/counters${path}`).set(auth());
  const create = async (body: object = {}): Promise<Counter> => {
    const res = await post('', { name: `c-${++seq}`, ...body }).expect(201);
    return res.body as Counter;
  };
  const stored = async (id: string): Promise<Counter> => (await get(`/${id}`).expect(200)).body as Counter;
  const countRows = async (): Promise<number> => Number((await t.dataSource().query('SELECT COUNT(*) AS n FROM counters'))[0].n);

  beforeAll(async () => {
    t = await createTestApp({ imports: [CountersModule], migrations: COUNTERS_MIGRATIONS });
    token = await t.login();
  });
  afterAll(() => t.close());

  it("creates exactly the entities' schema with its migration", async () => {
    expect(await pendingSchemaChanges(t.dataSource())).toEqual([]);
  });

  describe('POST /api/counters', () => {
    it('answers 201 with an idle counter at its initial value and the contract defaults', async () => {
      const res = await post('', { name: 'cameras', initial: 1000, min: 0 }).expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'cameras',
        value: 1000,
        initial: 1000,
        min: 0,
        max: null,
        step: 1,
        intervalMs: 1000,
        status: 'idle',
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(await stored(res.body.id)).toEqual(res.body);
    });

    it('answers 409 for a duplicate name and stores nothing', async () => {
      const before = await countRows();
      const res = await post('', { name: 'cameras' }).expect(409);
      expect(res.body).toEqual({ statusCode: 409, message: "A counter named 'cameras' already exists", error: 'Conflict' });
      expect(await countRows()).toBe(before);
    });

    it.each([
      ['initial below min', { initial: -1, min: 0 }, /initial \(-1\) must be within \[0, \+∞\]/],
      ['initial above max', { initial: 101, max: 100 }, /initial \(101\) must be within/],
      ['min greater than max', { min: 5, max: 1, initial: 3 }, /min \(5\) must not be greater than max \(1\)/],
      ['a step of 0', { step: 0 }, /step should not be equal to 0/],
      ['a fractional initial', { initial: 1.5 }, /initial must be an integer/],
      ['a string amount', { initial: '3' }, /initial must be an integer/],
      ['a too short interval', { intervalMs: 49 }, /intervalMs must not be less than 50/],
      ['a too long interval', { intervalMs: 3_600_001 }, /intervalMs must not be greater than 3600000/],
      ['an empty name', { name: '  ' }, /name must be longer than or equal to 1/],
      ['a 101-character name', { name: 'x'.repeat(101) }, /name must be shorter than or equal to 100/],
      ['an unknown field', { colour: 'red' }, /property colour should not exist/],
      ['a null initial', { initial: null }, /initial must be an integer/],
    ])('answers 400 for %s and stores nothing', async (_what, body, message) => {
      const before = await countRows();
      const res = await post('', { name: `bad-${++seq}`, ...body }).expect(400);
      expect([res.body.message].flat().join(' ')).toMatch(message);
      expect(await countRows()).toBe(before);
    });

    it('accepts a 100-character name and null bounds', async () => {
      const res = await post('', { name: 'n'.repeat(100), min: null, max: null }).expect(201);
      expect(res.body).toMatchObject({ min: null, max: null });
    });
  });

  describe('GET /api/counters', () => {
    it('pages and sorts by a whitelisted field and filters by status', async () => {
      const prefix = `list-${Date.now()}`;
      for (const n of ['b', 'a', 'c']) await post('', { name: `${prefix}-${n}` }).expect(201);
      const all = (await get(`?sort=name&pageSize=100`).expect(200)).body as Page<Counter>;
      const names = all.items.map((c) => c.name).filter((n) => n.startsWith(prefix));
      expect(names).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
      const page2 = (await get(`?sort=-name&page=2&pageSize=2`).expect(200)).body as Page<Counter>;
      expect(page2).toMatchObject({ page: 2, pageSize: 2, total: all.total, nextCursor: null });
      expect(page2.items).toHaveLength(2);

      const c = await create();
      await post(`/${c.id}/start`).expect(200);
      const running = (await get('?status=running&pageSize=100').expect(200)).body as Page<Counter>;
      expect(running.items.map((x) => x.id)).toContain(c.id);
      expect(running.items.every((x) => x.status === 'running')).toBe(true);
      await post(`/${c.id}/reset`).expect(200);
    });

    it.each([['?sort=value'], ['?sort=password'], ['?status=sleeping'], ['?pageSize=101'], ['?page=0']])(
      'answers 400 for %s',
      async (query) => {
        const res = await get(query).expect(400);
        expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      },
    );

    it('answers 404 for an unknown id and 400 for a malformed one, like every other resource', async () => {
      const res = await get('/8d7c5d0e-0000-4000-8000-000000000000').expect(404);
      expect(res.body.message).toBe("Counter '8d7c5d0e-0000-4000-8000-000000000000' not found");
      expect((await get('/not-a-uuid').expect(400)).body.message).toMatch(/uuid is expected/);
      await post('/not-a-uuid/increment').expect(400);
    });
  });

  describe('increment and decrement', () => {
    it('moves the value by the amount and bumps the version', async () => {
      const c = await create({ initial: 10, min: 0, max: 20 });
      const up = await post(`/${c.id}/increment`, { amount: 5 }).expect(200);
      expect(up.body).toMatchObject({ value: 15, version: 2 });
      const down = await post(`/${c.id}/decrement`).expect(200);
      expect(down.body).toMatchObject({ value: 14, version: 3 });
      expect(await stored(c.id)).toMatchObject({ value: 14, version: 3, status: 'idle' });
    });

    it('refuses a sale when the stock is 0 (409, nothing changes)', async () => {
      const c = await create({ name: `cameras-${++seq}`, initial: 0, min: 0 });
      const res = await post(`/${c.id}/decrement`).expect(409);
      expect(res.body).toEqual({
        statusCode: 409,
        message: `Counter '${c.name}' would go below its minimum 0; value is 0`,
        error: 'Conflict',
      });
      expect(await stored(c.id)).toMatchObject({ value: 0, version: 1 });
    });

    it('refuses to go above max (409, nothing changes)', async () => {
      const c = await create({ initial: 99, max: 100 });
      const res = await post(`/${c.id}/increment`, { amount: 2 }).expect(409);
      expect(res.body.message).toBe(`Counter '${c.name}' would go above its maximum 100; value is 99`);
      expect(await stored(c.id)).toMatchObject({ value: 99, version: 1 });
    });

    it.each([[{ amount: 0 }], [{ amount: -1 }], [{ amount: 1.5 }], [{ amount: 1_000_000_001 }], [{ amount: '1' }], [{ by: 1 }]])(
      'answers 400 for %j and changes nothing',
      async (body) => {
        const c = await create();
        await post(`/${c.id}/increment`, body).expect(400);
        expect(await stored(c.id)).toMatchObject({ value: 0, version: 1 });
      },
    );

    it('never sells below 0 and loses no sale under 400 concurrent decrements', async () => {
      const c = await create({ initial: 300, min: 0 });
      const results = await Promise.all(Array.from({ length: 400 }, () => post(`/${c.id}/decrement`)));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(300);
      expect(statuses.filter((s) => s === 409)).toHaveLength(100);
      const values = results.filter((r) => r.status === 200).map((r) => r.body.value as number);
      expect(new Set(values).size).toBe(300);
      expect(Math.min(...values)).toBe(0);
      expect(await stored(c.id)).toMatchObject({ value: 0, version: 301 });
    }, 30_000);

    it('groups concurrent changes into few statements and answers each as if they ran one after another', async () => {
      const c = await create({ initial: 1000, min: 0 });
      const statements = jest.spyOn(t.dataSource(), 'createQueryRunner');
      const results = await Promise.all(Array.from({ length: 200 }, () => post(`/${c.id}/decrement`)));
      const sent = statements.mock.calls.length;
      statements.mockRestore();
      expect(results.map((r) => r.status)).toEqual(Array(200).fill(200));
      const answers = results.map((r) => r.body as Counter).sort((a, b) => a.version - b.version);
      // Versions 2..201, each exactly once, and each answer's value is what that version holds.
      expect(answers.map((a) => a.version)).toEqual(Array.from({ length: 200 }, (_, i) => i + 2));
      expect(answers.every((a) => a.value === 1000 - (a.version - 1))).toBe(true);
      expect(await stored(c.id)).toMatchObject({ value: 800, version: 201 });
      expect(sent).toBeLessThan(200);
    }, 30_000);

    it('stays exact with mixed amounts and directions at the same time, near both bounds', async () => {
      const c = await create({ initial: 50, min: 0, max: 100 });
      const calls = [
        ...Array.from({ length: 60 }, () => ['decrement', 3] as const),
        ...Array.from({ length: 60 }, () => ['increment', 2] as const),
        ...Array.from({ length: 60 }, () => ['decrement', 1] as const),
      ].sort(() => Math.random() - 0.5);
      const results = await Promise.all(calls.map(([action, amount]) => post(`/${c.id}/${action}`, { amount })));
      let net = 0;
      let applied = 0;
      results.forEach((r, i) => {
        expect([200, 409]).toContain(r.status);
        if (r.status === 200) {
          applied++;
          net += calls[i][0] === 'increment' ? calls[i][1] : -calls[i][1];
          expect(r.body.value).toBeGreaterThanOrEqual(0);
          expect(r.body.value).toBeLessThanOrEqual(100);
        } else {
          // Refused only when that change really did not fit at the moment it ran.
          const m = /would go (below its minimum 0|above its maximum 100); value is (\d+)$/.exec(r.body.message);
          expect(m).not.toBeNull();
          const [action, amount] = calls[i];
          const value = Number(m?.[2]);
          expect(action === 'increment' ? value + amount > 100 : value - amount < 0).toBe(true);
        }
      });
      const versions = results.filter((r) => r.status === 200).map((r) => r.body.version as number);
      expect(new Set(versions).size).toBe(applied);
      expect(await stored(c.id)).toMatchObject({ value: 50 + net, version: 1 + applied });
    }, 30_000);
  });

  describe('lifecycle', () => {
    it('walks start → pause → resume → cancel → start → reset', async () => {
      const c = await create({ initial: 5, max: 1000, intervalMs: 3_600_000 });
      expect((await post(`/${c.id}/start`).expect(200)).body).toMatchObject({ status: 'running', value: 5, version: 2 });
      await post(`/${c.id}/increment`, { amount: 3 }).expect(200);
      expect((await post(`/${c.id}/pause`).expect(200)).body).toMatchObject({ status: 'paused', value: 8 });
      expect((await post(`/${c.id}/resume`).expect(200)).body).toMatchObject({ status: 'running', value: 8 });
      expect((await post(`/${c.id}/cancel`).expect(200)).body).toMatchObject({ status: 'cancelled', value: 5 });
      await post(`/${c.id}/increment`, { amount: 2 }).expect(200);
      // Starting a cancelled counter restarts it at initial.
      expect((await post(`/${c.id}/start`).expect(200)).body).toMatchObject({ status: 'running', value: 5 });
      expect((await post(`/${c.id}/reset`).expect(200)).body).toMatchObject({ status: 'idle', value: 5, version: 9 });
    });

    it.each([
      ['running', 'start', 'pause or cancel it first'],
      ['paused', 'start', 'resume or cancel it first'],
      ['idle', 'pause', 'only a running counter can be paused'],
      ['paused', 'pause', 'only a running counter can be paused'],
      ['idle', 'resume', 'only a paused counter can be resumed'],
      ['running', 'resume', 'only a paused counter can be resumed'],
      ['idle', 'cancel', 'only a running or paused counter can be cancelled'],
      ['finished', 'start', 'reset it first'],
      ['finished', 'pause', 'reset it first'],
      ['finished', 'cancel', 'reset it first'],
    ])('answers 409 from %s on %s, naming the status, and changes nothing', async (status, action, hint) => {
      const c = await create({ initial: status === 'finished' ? 1 : 0, max: 1, intervalMs: 3_600_000 });
      if (status === 'running' || status === 'paused') await post(`/${c.id}/start`).expect(200);
      if (status === 'paused') await post(`/${c.id}/pause`).expect(200);
      if (status === 'finished') await post(`/${c.id}/start`).expect(200); // starts on its bound: finished at once
      const before = await stored(c.id);
      expect(before.status).toBe(status);
      const res = await post(`/${c.id}/${action}`).expect(409);
      expect(res.body.message).toBe(`Counter '${c.name}' is ${status}; ${hint}`);
      expect(await stored(c.id)).toEqual(before);
    });

    it('resets from finished', async () => {
      const c = await create({ initial: 1, max: 1 });
      await post(`/${c.id}/start`).expect(200);
      expect((await post(`/${c.id}/reset`).expect(200)).body).toMatchObject({ status: 'idle', value: 1 });
    });
  });

  describe('auto-tick and live updates', () => {
    let socket: Socket;
    beforeAll(async () => {
      socket = await t.socket(token);
      const ack = await socket.emitWithAck('subscribe', { topics: ['counters'] });
      expect(ack).toEqual({ ok: true, replay: { counters: [] } });
    });

    it('ticks a timer up to max, pushes each tick once, and finishes exactly on the bound', async () => {
      const c = await create({ initial: 0, max: 5, intervalMs: 100 });
      const seen: Counter[] = [];
      const onUpdate = (p: Counter) => p.id === c.id && seen.push(p);
      socket.on('counter.updated', onUpdate);
      const finished = nextSocketEvent<Counter>(socket, 'counter.updated', (p) => p.id === c.id && p.status === 'finished');
      await post(`/${c.id}/start`).expect(200);
      expect(await finished).toMatchObject({ value: 5, status: 'finished', version: 3 });
      socket.off('counter.updated', onUpdate);
      const values = seen.map((p) => p.value);
      expect(values[0]).toBe(0); // the start itself
      expect(values[values.length - 1]).toBe(5);
      // Increasing: no tick pushed twice; ordering by (version, updatedAt) is monotonic.
      for (let i = 1; i < seen.length; i++) {
        expect(values[i]).toBeGreaterThan(values[i - 1]);
        expect(Date.parse(seen[i].updatedAt)).toBeGreaterThanOrEqual(Date.parse(seen[i - 1].updatedAt));
      }
      expect(await stored(c.id)).toMatchObject({ value: 5, status: 'finished', version: 3 });
      const [row] = await t.dataSource().query(`SELECT status, "baseValue" FROM counters WHERE id = '${c.id}'`);
      expect(row).toEqual({ status: 'finished', baseValue: 5 });
    });

    it('derives the value on read with no write per tick, and freezes it on pause', async () => {
      const c = await create({ initial: 100, min: 0, step: -1, intervalMs: 50 });
      await post(`/${c.id}/start`).expect(200);
      await waitFor(async () => (await stored(c.id)).value <= 95, { what: 'ticks' });
      const [row] = await t.dataSource().query(`SELECT version, "baseValue" FROM counters WHERE id = '${c.id}'`);
      expect(row).toEqual({ version: 2, baseValue: 100 });
      const paused = (await post(`/${c.id}/pause`).expect(200)).body as Counter;
      expect(paused.value).toBeLessThanOrEqual(95);
      // A marker counter with the same interval ticks three times: three intervals passed, and the paused one did not move.
      const marker = await create({ initial: 0, max: 1_000_000, intervalMs: 50 });
      await post(`/${marker.id}/start`).expect(200);
      await waitFor(async () => (await stored(marker.id)).value >= 3, { what: 'three ticks of the marker' });
      await post(`/${marker.id}/cancel`).expect(200);
      expect((await stored(c.id)).value).toBe(paused.value);
    });

    it('keeps ticking after a manual change on a running counter', async () => {
      const c = await create({ initial: 0, max: 1_000_000, intervalMs: 100 });
      await post(`/${c.id}/start`).expect(200);
      const after = (await post(`/${c.id}/increment`, { amount: 1000 }).expect(200)).body as Counter;
      expect(after).toMatchObject({ status: 'running', version: 3 });
      expect(after.value).toBeGreaterThanOrEqual(1000);
      await waitFor(async () => (await stored(c.id)).value >= after.value + 2, { what: 'ticks after the change' });
      await post(`/${c.id}/cancel`).expect(200);
    });

    it('pushes counter.updated to counter:<id> and counter.deleted on delete (204, then 404)', async () => {
      const c = await create();
      const other = await t.socket(token);
      await other.emitWithAck('subscribe', { topics: [`counter:${c.id}`] });
      const updated = nextSocketEvent<Counter>(other, 'counter.updated');
      await post(`/${c.id}/increment`).expect(200);
      expect(await updated).toMatchObject({ id: c.id, value: 1, version: 2 });
      const deleted = nextSocketEvent<{ id: string }>(socket, 'counter.deleted', (p) => p.id === c.id);
      const gone = nextSocketEvent<{ id: string }>(other, 'counter.deleted');
      const res = await t.http().delete(`/api/counters/${c.id}`).set(auth()).expect(204);
      expect(res.text).toBe('');
      expect(await deleted).toEqual({ id: c.id });
      expect(await gone).toEqual({ id: c.id });
      await get(`/${c.id}`).expect(404);
      await t.http().delete(`/api/counters/${c.id}`).set(auth()).expect(404);
    });
  });

  describe('Idempotency-Key', () => {
    const key = (k: string) => ({ 'Idempotency-Key': k });

    it('returns the first response to a repeat and changes nothing', async () => {
      const c = await create({ initial: 10, min: 0 });
      const a = await post(`/${c.id}/decrement`, { amount: 3 }, key('sale-1')).expect(200);
      const b = await post(`/${c.id}/decrement`, { amount: 3 }, key('sale-1')).expect(200);
      expect(b.body).toEqual(a.body);
      expect(b.headers['idempotent-replayed']).toBe('true');
      expect(await stored(c.id)).toMatchObject({ value: 7, version: 2 });
      // Another key is another sale.
      await post(`/${c.id}/decrement`, { amount: 3 }, key('sale-2')).expect(200);
      expect(await stored(c.id)).toMatchObject({ value: 4, version: 3 });
    });

    it('applies concurrent duplicates once', async () => {
      const c = await create({ initial: 100, min: 0 });
      const results = await Promise.all(Array.from({ length: 25 }, () => post(`/${c.id}/decrement`, {}, key('burst'))));
      expect(results.map((r) => r.status)).toEqual(Array(25).fill(200));
      expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
      expect(await stored(c.id)).toMatchObject({ value: 99, version: 2 });
    });

    it('replays a 409 and a creation; the key on another counter is another request (422)', async () => {
      const c = await create({ initial: 0, min: 0 });
      const first = await post(`/${c.id}/decrement`, {}, key('k')).expect(409);
      await post(`/${c.id}/increment`, {}, key('other')).expect(200);
      const again = await post(`/${c.id}/decrement`, {}, key('k')).expect(409);
      expect(again.body).toEqual(first.body);
      expect(await stored(c.id)).toMatchObject({ value: 1, version: 2 });
      const d = await create({ initial: 0 });
      const reused = await post(`/${d.id}/increment`, {}, key('k')).expect(422); // same key, another request: refused
      expect(reused.body.message).toBe(
        "Idempotency-Key 'k' was already used with another request (method, path or body); use a new key for a new request",
      );
      expect(await stored(d.id)).toMatchObject({ value: 0, version: 1 });
      const name = `idem-${++seq}`;
      const c1 = await post('', { name }, key('create-1')).expect(201);
      const c2 = await post('', { name }, key('create-1')).expect(201);
      expect(c2.body).toEqual(c1.body);
      await post('', { name }, key('create-2')).expect(409);
    });

    it('runs a key again once it is older than 24 h', async () => {
      const c = await create({ initial: 10 });
      await post(`/${c.id}/increment`, {}, key('old')).expect(200);
      const dayAgo = new Date(Date.now() - 24 * 3600 * 1000 - 1000).toISOString().replace('T', ' ').replace('Z', '');
      await t.dataSource().query(`UPDATE idempotency_keys SET "createdAt" = ? WHERE key = 'old'`, [dayAgo]);
      const res = await post(`/${c.id}/increment`, {}, key('old')).expect(200);
      expect(res.headers['idempotent-replayed']).toBeUndefined();
      expect(await stored(c.id)).toMatchObject({ value: 12, version: 3 });
    });

    it('answers 400 for a malformed key and changes nothing', async () => {
      const c = await create();
      await post(`/${c.id}/increment`, {}, key('x'.repeat(201))).expect(400);
      expect(await stored(c.id)).toMatchObject({ value: 0, version: 1 });
    });
  });

  describe('roles', () => {
    it('lets a viewer read but not change counters (403, nothing changes)', async () => {
      const c = await create();
      const viewer = await t.tokenFor('viewer');
      await t.http().get(`/api/counters/${c.id}`).set('Authorization', `Bearer ${viewer}`).expect(200);
      await t.http().post(`/api/counters/${c.id}/increment`).set('Authorization', `Bearer ${viewer}`).send({}).expect(403);
      await t.http().delete(`/api/counters/${c.id}`).set('Authorization', `Bearer ${viewer}`).expect(403);
      await t.http().get(`/api/counters`).expect(401);
      expect(await stored(c.id)).toMatchObject({ version: 1 });
    });
  });
});

// Idempotency-Key on every create and change: bound to its request (422 otherwise), per user, replayed on jobs and
// events too, and a key whose request died is taken over. The whole API, real SQLite + Redis.
import { createTestApp, type TestApp } from '@pulseboard/api/testing';
import { AppModule } from '../app.module';

describe('Idempotency-Key', () => {
  let t: TestApp;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    t = await createTestApp({ root: AppModule, env: { QUEUE_PROCESSORS: 'off', FEED_BLOCKS_SIM_INTERVAL_MS: '3600000' } });
    alice = await t.tokenFor('operator');
    bob = await t.tokenFor('operator');
  });
  afterAll(() => t.close());

  const post = (token: string, path: string, body: unknown, key: string) =>
    t
      .http()
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', key)
      .send(body as object);
  const count = async (table: string) => Number((await t.dataSource().query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  it('answers 422 for the same key with another body, path or method, and changes nothing', async () => {
    const first = await post(alice, '/api/events', { type: 'idem', source: 's', title: 'one' }, 'bound-1').expect(201);
    const events = await count('events');
    const message =
      "Idempotency-Key 'bound-1' was already used with another request (method, path or body); use a new key for a new request";
    expect((await post(alice, '/api/events', { type: 'idem', source: 's', title: 'two' }, 'bound-1').expect(422)).body.message).toBe(
      message,
    );
    expect((await post(alice, '/api/counters', { name: 'idem-other-path' }, 'bound-1').expect(422)).body.message).toBe(message);
    expect(await count('events')).toBe(events);
    const again = await post(alice, '/api/events', { type: 'idem', source: 's', title: 'one' }, 'bound-1').expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('keeps keys per user: the same key from another user is their own request', async () => {
    const a = await post(alice, '/api/counters', { name: 'idem-alice' }, 'shared-key').expect(201);
    const b = await post(bob, '/api/counters', { name: 'idem-bob' }, 'shared-key').expect(201);
    expect(b.body.id).not.toBe(a.body.id);
  });

  it('accepts a key on job creation and batch ingestion, applying each once under concurrent repeats', async () => {
    const jobs = await count('jobs');
    const job = { type: 'demo.simulate', payload: { durationMs: 0 } };
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(alice, '/api/jobs', job, 'job-once')));
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(202));
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
    expect(await count('jobs')).toBe(jobs + 1);

    const events = await count('events');
    const batch = { events: [1, 2, 3].map((i) => ({ type: 'idem', source: 'batch', title: `b${i}` })) };
    const b1 = await post(alice, '/api/events/batch', batch, 'batch-once').expect(201);
    const b2 = await post(alice, '/api/events/batch', batch, 'batch-once').expect(201);
    expect(b2.body).toEqual(b1.body);
    expect(await count('events')).toBe(events + 3);
  });

  it('lets a retry take over a key whose request died mid-way (older than the takeover time)', async () => {
    // A request that claimed its key and never answered (the process died): its row has no answer.
    const claimed = await post(alice, '/api/counters', { name: 'idem-died' }, 'died-1').expect(201);
    await t.dataSource().query(`UPDATE idempotency_keys SET "responseStatus" = NULL, "responseBody" = NULL WHERE key = 'died-1'`);
    await t.http().delete(`/api/counters/${claimed.body.id}`).set('Authorization', `Bearer ${alice}`).expect(204);
    // Within the takeover time the key is "still in progress"...
    const started = Date.now();
    const busy = await post(alice, '/api/counters', { name: 'idem-died' }, 'died-1');
    expect(busy.status).toBe(409);
    expect(busy.body.message).toBe("A request with Idempotency-Key 'died-1' is still in progress; retry later");
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_000);
    // ...and after it, a retry runs the request.
    const old = new Date(Date.now() - 60_000).toISOString().replace('T', ' ').replace('Z', '');
    await t.dataSource().query(`UPDATE idempotency_keys SET "createdAt" = ? WHERE key = 'died-1'`, [old]);
    const retried = await post(alice, '/api/counters', { name: 'idem-died' }, 'died-1').expect(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    const replay = await post(alice, '/api/counters', { name: 'idem-died' }, 'died-1').expect(201);
    expect(replay.body).toEqual(retried.body);
  });

  it('commits a change and its stored answer together: when storing the answer fails, the change is undone and a retry applies it once', async () => {
    const counter = (await post(alice, '/api/counters', { name: 'idem-atomic', initial: 10 }, 'atomic-create').expect(201)).body as {
      id: string;
    };
    const events = await count('events');
    const jobs = await count('jobs');
    // A real database failure right after the change: storing this key's answer is refused.
    await t.dataSource().query(`CREATE TRIGGER fail_answer BEFORE UPDATE OF "responseStatus" ON idempotency_keys
      WHEN NEW.key LIKE 'atomic-fail-%' AND NEW."responseStatus" IS NOT NULL BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    try {
      const failed = [
        await post(alice, `/api/counters/${counter.id}/decrement`, {}, 'atomic-fail-1'),
        await post(alice, '/api/events', { type: 'idem', source: 'atomic', title: 'once' }, 'atomic-fail-2'),
        await post(alice, '/api/events/batch', { events: [{ type: 'idem', source: 'atomic', title: 'b' }] }, 'atomic-fail-3'),
        await post(alice, '/api/jobs', { type: 'demo.simulate', payload: { durationMs: 0 } }, 'atomic-fail-4'),
      ];
      for (const r of failed) expect(r.status).toBeGreaterThanOrEqual(500);
      // Nothing of the changes stayed.
      expect((await t.http().get(`/api/counters/${counter.id}`).set('Authorization', `Bearer ${alice}`).expect(200)).body.value).toBe(10);
      expect(await count('events')).toBe(events);
      expect(await count('jobs')).toBe(jobs);
    } finally {
      await t.dataSource().query('DROP TRIGGER fail_answer');
    }
    // The retries (the database is fine again) apply each change once, and their repeats replay it.
    for (let i = 0; i < 2; i++) {
      expect((await post(alice, `/api/counters/${counter.id}/decrement`, {}, 'atomic-fail-1').expect(200)).body.value).toBe(9);
      await post(alice, '/api/events', { type: 'idem', source: 'atomic', title: 'once' }, 'atomic-fail-2').expect(201);
      await post(alice, '/api/events/batch', { events: [{ type: 'idem', source: 'atomic', title: 'b' }] }, 'atomic-fail-3').expect(201);
      await post(alice, '/api/jobs', { type: 'demo.simulate', payload: { durationMs: 0 } }, 'atomic-fail-4').expect(202);
    }
    expect(await count('events')).toBe(events + 2);
    expect(await count('jobs')).toBe(jobs + 1);
  });
});

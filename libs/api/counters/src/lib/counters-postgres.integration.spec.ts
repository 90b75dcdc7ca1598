import { createPostgresDatabase, createTestApp, describePostgres, pendingSchemaChanges, TestApp, waitFor } from '@pulseboard/api/testing';
import { CountersModule } from './counters.module';
import { CountersRepository } from './counters.repository';
import { CountersService } from './counters.service';
import { COUNTERS_MIGRATIONS } from './migrations';

describePostgres('counters on PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> };
  let t: TestApp;
  let token: string;
  const post = (path: string, body: object = {}, headers: Record<string, string> = {}) =>
    t.http().post(`/api/counters${path}`).set('Authorization', `Bearer ${token}`).set(headers).send(body);
  const get = (id: string) => t.http().get(`/api/counters/${id}`).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    db = await createPostgresDatabase();
    t = await createTestApp({ imports: [CountersModule], migrations: COUNTERS_MIGRATIONS, databaseUrl: db.url });
    token = await t.login();
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it("creates exactly the entities' schema with its migration", async () => {
    expect(await pendingSchemaChanges(t.dataSource())).toEqual([]);
  });

  it('keeps a stock exact under concurrent decrements and answers 409 at 0', async () => {
    const c = (await post('', { name: 'pg-stock', initial: 150, min: 0 }).expect(201)).body;
    const results = await Promise.all(Array.from({ length: 200 }, () => post(`/${c.id}/decrement`)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(150);
    expect(results.filter((r) => r.status === 409)).toHaveLength(50);
    expect((await get(c.id).expect(200)).body).toMatchObject({ value: 0, version: 151 });
    await post('', { name: 'pg-stock' }).expect(409);
  }, 30_000);

  it('answers grouped concurrent changes one version each', async () => {
    const c = (await post('', { name: 'pg-grouped', initial: 1000, min: 0 }).expect(201)).body;
    // Hold the row from another connection, so the first change's statement waits on it and the other 119 queue
    // behind it whatever order and pace the requests arrive in; then let go.
    const lock = t.dataSource().createQueryRunner();
    await lock.startTransaction();
    await lock.query('SELECT id FROM counters WHERE id = $1 FOR UPDATE', [c.id]);
    // Statements for this counter only (the ticker and other background work use the same pool meanwhile).
    const statements = jest.spyOn(t.app.get(CountersRepository), 'run');
    let results: Awaited<ReturnType<typeof post>>[];
    try {
      const all = Promise.all(Array.from({ length: 120 }, () => post(`/${c.id}/decrement`, { amount: 2 }).then((r) => r)));
      const pending = (t.app.get(CountersService) as unknown as { pendingChanges: Map<string, unknown[]> }).pendingChanges;
      await waitFor(() => (pending.get(c.id)?.length ?? 0) === 119, { what: '119 changes queued behind the first' });
      await lock.commitTransaction();
      results = await all;
    } finally {
      if (lock.isTransactionActive) await lock.rollbackTransaction();
      await lock.release();
    }
    const sent = statements.mock.calls.filter(([, params]) => params['id'] === c.id).length;
    statements.mockRestore();
    const versions = results.map((r) => r.body.version as number).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 120 }, (_, i) => i + 2));
    expect(results.every((r) => r.body.value === 1000 - 2 * (r.body.version - 1))).toBe(true);
    expect((await get(c.id).expect(200)).body).toMatchObject({ value: 760, version: 121 });
    // The first change alone, then the 119 that queued behind it as one statement.
    expect(sent).toBe(2);
  }, 30_000);

  it('ticks, pauses, changes a running counter and finishes exactly on the bound', async () => {
    const c = (await post('', { name: 'pg-timer', max: 8, intervalMs: 100 }).expect(201)).body;
    await post(`/${c.id}/start`).expect(200);
    await waitFor(async () => (await get(c.id)).body.value >= 2);
    const paused = (await post(`/${c.id}/pause`).expect(200)).body;
    expect(paused.status).toBe('paused');
    await post(`/${c.id}/resume`).expect(200);
    const increment = (await post(`/${c.id}/increment`, { amount: 1 }, { 'Idempotency-Key': 'pg-1' }).expect(200)).body;
    await post(`/${c.id}/increment`, { amount: 1 }, { 'Idempotency-Key': 'pg-1' }).expect(200);
    await waitFor(async () => (await get(c.id)).body.status === 'finished', { what: 'finished' });
    // Reads derive `finished` at once; the ticker persists it on its next pass.
    const row = await waitFor(
      async () => {
        const [r] = await t.dataSource().query(`SELECT status, "baseValue", version FROM counters WHERE id = $1`, [c.id]);
        return r.status === 'finished' ? r : null;
      },
      { what: 'finished persisted' },
    );
    // Persisted by the increment when it reached the bound (a slow machine), otherwise by the ticker's next pass.
    expect(row).toEqual({
      status: 'finished',
      baseValue: 8,
      version: increment.status === 'finished' ? increment.version : increment.version + 1,
    });
    expect(increment.version).toBe(5); // created, started, paused, resumed, incremented (the replay changes nothing)
    expect((await post(`/${c.id}/start`).expect(409)).body.message).toBe("Counter 'pg-timer' is finished; reset it first");
    await get('not-a-uuid').expect(400);
  });

  it('commits a keyed change and its stored answer together: when storing the answer fails, nothing changed, and a retry applies it once', async () => {
    const c = (await post('', { name: 'pg-atomic', initial: 10 }).expect(201)).body;
    const ds = t.dataSource();
    await ds.query(`CREATE FUNCTION fail_answer() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`);
    await ds.query(`CREATE TRIGGER fail_answer BEFORE UPDATE ON idempotency_keys FOR EACH ROW
      WHEN (NEW.key = 'pg-atomic' AND NEW."responseStatus" IS NOT NULL) EXECUTE FUNCTION fail_answer()`);
    try {
      const failed = await post(`/${c.id}/decrement`, {}, { 'Idempotency-Key': 'pg-atomic' });
      expect(failed.status).toBeGreaterThanOrEqual(500);
      expect((await get(c.id)).body).toMatchObject({ value: 10, version: 1 });
    } finally {
      await ds.query('DROP TRIGGER fail_answer ON idempotency_keys');
      await ds.query('DROP FUNCTION fail_answer');
    }
    for (let i = 0; i < 2; i++)
      expect((await post(`/${c.id}/decrement`, {}, { 'Idempotency-Key': 'pg-atomic' }).expect(200)).body).toMatchObject({
        value: 9,
        version: 2,
      });
  });
});

import {
  createPostgresDatabase,
  createTestApp,
  describePostgres,
  expectPagesMatchItems,
  pendingSchemaChanges,
  TestApp,
} from '@pulseboard/api/testing';
import type { Page, PulseEvent } from '@pulseboard/shared/contracts';
import { EVENTS_MIGRATIONS } from './migrations';
import { EventsModule } from './events.module';

describePostgres('events on PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> };
  let t: TestApp;
  let op: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    db = await createPostgresDatabase();
    t = await createTestApp({ imports: [EventsModule], migrations: EVENTS_MIGRATIONS, databaseUrl: db.url });
    op = await t.tokenFor('operator');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('migrations create exactly the schema of the entity', async () => {
    expect(await pendingSchemaChanges(t.dataSource())).toEqual([]);
  });

  it('stores a batch, lists it with filters, prefix search and a cursor walk', async () => {
    const events = Array.from({ length: 25 }, (_, i) => ({
      type: 't',
      source: 'pg',
      title: `${i % 2 ? 'Disk_50%' : 'cpu'} ${i}`,
      occurredAt: new Date(Date.UTC(2025, 0, 1, 0, i % 5)).toISOString(),
    }));
    await t.http().post('/api/events/batch').set(auth(op)).send({ events }).expect(201);
    const search = (await t.http().get('/api/events').query({ source: 'pg', q: 'disk_50%' }).set(auth(op)).expect(200))
      .body as Page<PulseEvent>;
    expect(search.total).toBe(12);
    expect((await t.http().get('/api/events').query({ source: 'pg', q: 'disk_5%0' }).set(auth(op))).body.total).toBe(0);
    const all = ((await t.http().get('/api/events').query({ source: 'pg', pageSize: 100 }).set(auth(op))).body as Page<PulseEvent>).items;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p: Page<PulseEvent> = (
        await t
          .http()
          .get('/api/events')
          .query({ source: 'pg', pageSize: 4, ...(cursor ? { cursor } : {}) })
          .set(auth(op))
      ).body;
      seen.push(...p.items.map((e) => e.id));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.id));
  });

  it('lists every event as GET /api/events/:id answers it, by offset and by cursor', async () => {
    const events = ['Ünïcode ✓', 'plain', 'İstanbul'].map((title, i) => ({
      type: 'mixed',
      source: 'pg-mixed',
      title,
      payload: { i, nested: [1, 'two', null, { deep: true }] },
      occurredAt: new Date(Date.UTC(2024, 1, 29, 23, 59, 59, i)).toISOString(),
    }));
    const { ids } = (await t.http().post('/api/events/batch').set(auth(op)).send({ events }).expect(201)).body;
    await t.http().post(`/api/events/${ids[0]}/complete`).set(auth(op)).send({}).expect(200);
    for (const sort of ['-occurredAt', 'title']) {
      const items = await expectPagesMatchItems(t, op, '/api/events', { source: 'pg-mixed', sort, pageSize: 2 });
      // Newest first; by title in the database's collation (both walks agree, checked above).
      if (sort === '-occurredAt') expect(items.map((e) => (e as PulseEvent).title)).toEqual(['İstanbul', 'plain', 'Ünïcode ✓']);
      else expect(items).toHaveLength(3);
    }
    // A title prefix (case-insensitive, LIKE with escaping on PostgreSQL) walked with a cursor.
    const found = await expectPagesMatchItems(t, op, '/api/events', { source: 'pg-mixed', q: 'ü', pageSize: 1 });
    expect(found.map((e) => (e as PulseEvent).title)).toEqual(['Ünïcode ✓']);
  });

  it('completes with RETURNING, refuses a second completion, and reopens', async () => {
    const e = (await t.http().post('/api/events').set(auth(op)).send({ type: 'a', source: 'pg', title: 'x' }).expect(201))
      .body as PulseEvent;
    const done = (await t.http().post(`/api/events/${e.id}/complete`).set(auth(op)).send({ expectedVersion: 1 }).expect(200))
      .body as PulseEvent;
    expect(done).toMatchObject({ status: 'completed', version: 2, completedBy: expect.stringMatching(/^operator-/) });
    expect(Date.parse(done.completedAt as string)).toBeGreaterThan(Date.now() - 60_000);
    await t.http().post(`/api/events/${e.id}/complete`).set(auth(op)).send({}).expect(409);
    await t.http().post(`/api/events/${e.id}/reopen`).set(auth(op)).expect(200);
    const stats = (await t.http().get('/api/events/stats').set(auth(op)).expect(200)).body;
    expect(stats.counts).toEqual({ open: 28, completed: 1 }); // 25 + 3 listed above (one completed) + this one
    expect(stats.perMinute[59].count).toBeGreaterThanOrEqual(1);
  });

  it('refuses with a 400 a value PostgreSQL cannot store, failing only that create among those grouped with it', async () => {
    const post = (title: string) => t.http().post('/api/events').set(auth(op)).send({ type: 't', source: 'pg-refused', title });
    // Sent together: the creates share one statement until it fails, then each is stored alone.
    const answers = await Promise.all([post('fine 1'), post('nul \u0000 inside'), post('fine 2'), post('fine 3')]);
    expect(answers.map((a) => a.status)).toEqual([201, 400, 201, 201]);
    expect(answers[1].body.message).toBe('A text value contains a character the database cannot store (such as U+0000)');
    const stored = (await t.http().get('/api/events').query({ source: 'pg-refused' }).set(auth(op)).expect(200)).body as Page<PulseEvent>;
    expect(stored.items.map((e) => e.title).sort()).toEqual(['fine 1', 'fine 2', 'fine 3']);
    // A 200-character title whose lower case is longer (its search key is cut to 200 characters): stored.
    const long = await post('İ'.repeat(200)).expect(201);
    expect(long.body.title).toBe('İ'.repeat(200));
  });
});

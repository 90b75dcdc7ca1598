import {
  auditEntryOf,
  createPostgresDatabase,
  createTestApp,
  describePostgres,
  pendingSchemaChanges,
  TestApp,
  waitFor,
} from '@pulseboard/api/testing';
import { COUNTERS_MIGRATIONS, CountersModule } from '@pulseboard/api/counters';
import type { AuditEntry, Counter, Page } from '@pulseboard/shared/contracts';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditModule } from './audit.module';
import { AuditService } from './audit.service';
import { AUDIT_MIGRATIONS } from './migrations';

const MIGRATIONS = [...AUDIT_MIGRATIONS, ...COUNTERS_MIGRATIONS];

describe('audit over HTTP (real SQLite + Redis)', () => {
  let t: TestApp;
  let admin: string;
  let operator: string;
  let viewer: string;
  const auth = (tok: string) => ({ Authorization: `Bearer ${tok}` });
  // GET /api/audit writes what this instance has buffered first, so an entry is listed as soon as its answer is sent.
  const audit = async (query: Record<string, string> = {}): Promise<Page<AuditEntry>> =>
    (await t.http().get('/api/audit').query(query).set(auth(admin)).expect(200)).body;
  /** The one entry of the request answered with `X-Request-Id: requestId`. */
  const entryOf = (requestId: string): Promise<AuditEntry> => auditEntryOf(t, admin, requestId);

  beforeAll(async () => {
    // TRUST_PROXY=loopback: this suite's requests come from 127.0.0.1, as through a local proxy.
    t = await createTestApp({ imports: [AuditModule, CountersModule], migrations: MIGRATIONS, env: { TRUST_PROXY: 'loopback' } });
    admin = await t.login();
    operator = await t.tokenFor('operator');
    viewer = await t.tokenFor('viewer');
  });
  afterAll(() => t.close());

  it("creates exactly the entity's schema with its migration on SQLite", async () => {
    expect(await pendingSchemaChanges(t.dataSource())).toEqual([]);
  });

  it('records a change with actor, action from the route, resource from its params, status, address and request id', async () => {
    const created = await t
      .http()
      .post('/api/counters')
      .set(auth(operator))
      .set('X-Request-Id', 'audit-create-1')
      .send({ name: 'audited', initial: 1, min: 0 })
      .expect(201);
    const counter = created.body as Counter;
    const dec = await t
      .http()
      .post(`/api/counters/${counter.id}/decrement`)
      .set(auth(operator))
      .set('X-Request-Id', 'audit-dec-1')
      .send({ amount: 1 })
      .expect(200);
    expect(dec.body.value).toBe(0);
    const createEntry = await entryOf('audit-create-1');
    expect(createEntry).toMatchObject({
      action: 'counters.create',
      resourceType: 'counters',
      resourceId: null,
      status: 201,
      method: 'POST',
      path: '/api/counters',
    });
    expect(createEntry.actor?.username).toMatch(/^operator-/);
    const e = await entryOf('audit-dec-1');
    expect(e).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      actor: createEntry.actor,
      action: 'counters.decrement',
      resourceType: 'counters',
      resourceId: counter.id,
      status: 200,
      ip: '127.0.0.1',
      requestId: 'audit-dec-1',
      method: 'POST',
      path: `/api/counters/${counter.id}/decrement`,
    });
    expect(Date.now() - Date.parse(e.at)).toBeLessThan(60_000);
  });

  it('records refused requests with their status: a 409, a 403, a 401 without an actor, a 400 and an unknown route', async () => {
    const counter = (await t.http().post('/api/counters').set(auth(operator)).send({ name: 'stock-zero', initial: 0, min: 0 }).expect(201))
      .body as Counter;
    await t.http().post(`/api/counters/${counter.id}/decrement`).set(auth(operator)).set('X-Request-Id', 'audit-409').send({}).expect(409);
    await t.http().post(`/api/counters/${counter.id}/reset`).set(auth(viewer)).set('X-Request-Id', 'audit-403').expect(403);
    await t.http().delete(`/api/counters/${counter.id}`).set('X-Request-Id', 'audit-401').expect(401);
    await t
      .http()
      .post('/api/counters')
      .set(auth(operator))
      .set('Content-Type', 'application/json')
      .set('X-Request-Id', 'audit-400')
      .send('{"name":')
      .expect(400);
    await t.http().post('/api/nothing-here/x').set(auth(operator)).set('X-Request-Id', 'audit-404').expect(404);
    expect(await entryOf('audit-409')).toMatchObject({
      action: 'counters.decrement',
      resourceId: counter.id,
      status: 409,
      actor: { username: expect.stringMatching(/^operator-/) },
    });
    expect(await entryOf('audit-403')).toMatchObject({
      action: 'counters.reset',
      resourceId: counter.id,
      status: 403,
      actor: { username: expect.stringMatching(/^viewer-/) },
    });
    expect(await entryOf('audit-401')).toMatchObject({ action: 'counters.delete', resourceId: counter.id, status: 401, actor: null });
    // Routing comes before the body is read: a malformed body is recorded under the route it was sent to.
    expect(await entryOf('audit-400')).toMatchObject({ action: 'counters.create', resourceType: 'counters', status: 400 });
    expect(await entryOf('audit-404')).toMatchObject({ action: 'nothing-here.unrouted', resourceType: 'nothing-here', status: 404 });
  });

  it('records logins, failed ones with no actor and the username tried, and never stores a password', async () => {
    await t
      .http()
      .post('/api/auth/login')
      .set('X-Request-Id', 'audit-login-bad')
      .send({ username: 'admin', password: 'wrong-password-123' })
      .expect(401);
    await t
      .http()
      .post('/api/auth/login')
      .set('X-Request-Id', 'audit-login-ok')
      .send({ username: 'admin', password: 'test-admin-password' })
      .expect(200);
    expect(await entryOf('audit-login-bad')).toMatchObject({
      action: 'auth.login',
      resourceType: 'auth',
      resourceId: 'admin',
      status: 401,
      actor: null,
    });
    expect(await entryOf('audit-login-ok')).toMatchObject({
      action: 'auth.login',
      resourceId: 'admin',
      status: 200,
      actor: { username: 'admin' },
    });
    const rows = await t.dataSource().query('SELECT * FROM audit_entries');
    expect(JSON.stringify(rows)).not.toMatch(/wrong-password-123|test-admin-password/);
  });

  it('takes the address from X-Forwarded-For only when the proxy is trusted (loopback here)', async () => {
    await t
      .http()
      .post('/api/counters')
      .set(auth(operator))
      .set('X-Forwarded-For', '203.0.113.9')
      .set('X-Request-Id', 'audit-xff')
      .send({ name: 'via-proxy' })
      .expect(201);
    expect((await entryOf('audit-xff')).ip).toBe('203.0.113.9');
  });

  it('ignores X-Forwarded-For when TRUST_PROXY is off (the default): the address is the peer', async () => {
    const direct = await createTestApp({ imports: [AuditModule, CountersModule], migrations: MIGRATIONS, env: { TRUST_PROXY: 'off' } });
    try {
      const token = await direct.tokenFor('operator');
      await direct
        .http()
        .post('/api/counters')
        .set('Authorization', `Bearer ${token}`)
        .set('X-Forwarded-For', '203.0.113.9')
        .set('X-Request-Id', 'audit-no-xff')
        .send({ name: 'direct' })
        .expect(201);
      expect((await auditEntryOf(direct, await direct.login(), 'audit-no-xff')).ip).toMatch(/127\.0\.0\.1$/);
    } finally {
      await direct.close();
    }
  });

  it('lists an entry as soon as its answer was sent (the buffer is written before a read)', async () => {
    await t.http().post('/api/counters').set(auth(operator)).set('X-Request-Id', 'audit-at-once').send({ name: 'at-once' }).expect(201);
    const { items } = await audit({ pageSize: '5' });
    expect(items.map((e) => e.requestId)).toContain('audit-at-once');
  });

  it('does not record reads', async () => {
    await t.http().get('/api/counters').set(auth(viewer)).set('X-Request-Id', 'audit-read').expect(200);
    await t
      .http()
      .post('/api/counters')
      .set(auth(operator))
      .set('X-Request-Id', 'audit-after-read')
      .send({ name: 'after-read' })
      .expect(201);
    await entryOf('audit-after-read');
    expect((await audit({ pageSize: '100' })).items.find((e) => e.requestId === 'audit-read')).toBeUndefined();
  });

  it('filters by actor (name or id), action, resource and time, newest first, paginated', async () => {
    const c = (await t.http().post('/api/counters').set(auth(operator)).send({ name: 'filtered' }).expect(201)).body as Counter;
    for (let i = 0; i < 3; i++) await t.http().post(`/api/counters/${c.id}/increment`).set(auth(operator)).send({}).expect(200);
    await t.http().post(`/api/counters/${c.id}/increment`).set(auth(admin)).send({}).expect(200);
    const mine = await waitFor(async () => {
      const p = await audit({ resourceType: 'counters', resourceId: c.id, action: 'counters.increment' });
      return p.total === 4 ? p : null;
    });
    const ats = mine.items.map((e) => e.at);
    expect(ats).toEqual([...ats].sort().reverse());
    expect(mine.items[0].actor?.username).toBe('admin');
    const byName = await audit({ resourceId: c.id, actor: 'admin' });
    expect(byName.items.map((e) => e.action)).toEqual(['counters.increment']);
    const byId = await audit({ resourceId: c.id, actor: byName.items[0].actor?.id as string });
    expect(byId.total).toBe(1);
    const page2 = await audit({ resourceId: c.id, action: 'counters.increment', pageSize: '3', page: '2' });
    expect(page2).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(page2.items).toHaveLength(1);
    const oldest = mine.items[3].at;
    expect((await audit({ resourceId: c.id, action: 'counters.increment', to: oldest })).total).toBe(0);
    expect((await audit({ resourceId: c.id, action: 'counters.increment', from: oldest })).total).toBe(4);
    expect((await audit({ resourceId: c.id, from: new Date(Date.now() + 60_000).toISOString() })).total).toBe(0);
  });

  it('answers 400 for bad filters', async () => {
    for (const q of [{ from: 'yesterday' }, { to: '2026-13-01' }, { pageSize: '101' }, { nope: '1' }]) {
      await t.http().get('/api/audit').query(q).set(auth(admin)).expect(400);
    }
  });

  // The other fields come from the Swagger CLI plugin of the API build (not applied under jest).
  it('documents GET /api/audit and its page of entries in Swagger', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    expect(doc.paths['/api/audit'].get.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/AuditPageDto');
  });

  it('is for admins only', async () => {
    await t.http().get('/api/audit').set(auth(operator)).expect(403);
    await t.http().get('/api/audit').set(auth(viewer)).expect(403);
    await t.http().get('/api/audit').expect(401);
  });

  it('prunes entries older than AUDIT_RETENTION_DAYS and keeps the others', async () => {
    const repo = t.dataSource().getRepository(AuditEntryEntity);
    const base = {
      actorId: null,
      actorUsername: null,
      action: 'counters.create',
      resourceType: 'counters',
      resourceId: null,
      status: 201,
      ip: '127.0.0.1',
      requestId: 'x',
      method: 'POST',
      path: '/api/counters',
    };
    const day = 24 * 3600_000;
    await repo.insert([
      { ...base, id: 'old-0000-0000-0000-000000000000', at: new Date(Date.now() - 91 * day) },
      { ...base, id: 'new-0000-0000-0000-000000000000', at: new Date(Date.now() - 89 * day) },
    ]);
    expect(await t.get(AuditService).prune()).toBe(1);
    expect(await repo.findOneBy({ id: 'old-0000-0000-0000-000000000000' })).toBeNull();
    expect(await repo.findOneBy({ id: 'new-0000-0000-0000-000000000000' })).not.toBeNull();
  });
});

describe('audit retention at start', () => {
  it('prunes at start with AUDIT_RETENTION_DAYS', async () => {
    const first = await createTestApp({ imports: [AuditModule], migrations: AUDIT_MIGRATIONS });
    const repo = first.dataSource().getRepository(AuditEntryEntity);
    const base = {
      actorId: null,
      actorUsername: null,
      action: 'auth.login',
      resourceType: 'auth',
      resourceId: null,
      status: 401,
      ip: '127.0.0.1',
      requestId: 'x',
      method: 'POST',
      path: '/api/auth/login',
    };
    await repo.insert([
      { ...base, id: 'a-3-days', at: new Date(Date.now() - 3 * 24 * 3600_000) },
      { ...base, id: 'a-1-hour', at: new Date(Date.now() - 3600_000) },
    ]);
    await first.close({ keepData: true });
    const again = await createTestApp({
      imports: [AuditModule],
      migrations: AUDIT_MIGRATIONS,
      sqlitePath: first.sqlitePath,
      queuePrefix: first.queuePrefix,
      env: { AUDIT_RETENTION_DAYS: '2' },
    });
    try {
      const ids = (await again.dataSource().getRepository(AuditEntryEntity).find()).map((e) => e.id);
      expect(ids).toContain('a-1-hour');
      expect(ids).not.toContain('a-3-days');
    } finally {
      await again.close();
    }
  });
});

describePostgres('audit on PostgreSQL', () => {
  it("runs the migration to exactly the entity's schema and records and filters entries", async () => {
    const db = await createPostgresDatabase();
    try {
      // The entities of every module this file started are registered (TypeORM's metadata is per process).
      const t = await createTestApp({ imports: [AuditModule, CountersModule], migrations: MIGRATIONS, databaseUrl: db.url });
      try {
        expect(await pendingSchemaChanges(t.dataSource())).toEqual([]);
        await t
          .http()
          .post('/api/auth/login')
          .set('X-Request-Id', 'pg-login')
          .send({ username: 'nobody', password: 'whatever-123' })
          .expect(401);
        const admin = await t.login();
        const res = await t
          .http()
          .get('/api/audit')
          .query({ action: 'auth.login', actor: 'admin', from: new Date(Date.now() - 60_000).toISOString() })
          .set('Authorization', `Bearer ${admin}`)
          .expect(200);
        expect(res.body.total).toBe(1);
        const failed = await t.http().get('/api/audit').query({ resourceId: 'nobody' }).set('Authorization', `Bearer ${admin}`).expect(200);
        expect(failed.body.items).toEqual([expect.objectContaining({ requestId: 'pg-login', status: 401, actor: null })]);
        expect(await t.get(AuditService).prune(Date.now() + 91 * 24 * 3600_000)).toBe(2); // the two logins
      } finally {
        await t.close();
      }
    } finally {
      await db.drop();
    }
  });
});

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { AUDIT_MIGRATIONS, AuditModule } from '@pulseboard/api/audit';
import { createPostgresDatabase, createTestApp, describePostgres, freePort, pendingSchemaChanges, TestApp } from '@pulseboard/api/testing';

describe('core over HTTP (real SQLite + Redis)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ imports: [AuditModule], migrations: AUDIT_MIGRATIONS });
  });
  afterAll(() => t.close());

  it('GET /api/health answers ok with database and redis up, without a token', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up' } });
  });

  it('serves the Swagger UI at /api/docs and the document at /api/docs-json with bearer auth', async () => {
    const ui = await t.http().get('/api/docs/').expect(200);
    expect(ui.text).toContain('swagger-ui');
    const doc = await t.http().get('/api/docs-json').expect(200);
    expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/auth/login', '/api/auth/me', '/api/users']));
  });

  it("runs migrations that create exactly the entities' schema on SQLite, with WAL and synchronous=NORMAL", async () => {
    expect(await pendingSchemaChanges(t.dataSource())).toEqual([]);
    const [mode] = await t.dataSource().query('PRAGMA journal_mode');
    expect(mode.journal_mode).toBe('wal');
    const [sync] = await t.dataSource().query('PRAGMA synchronous');
    expect(sync.synchronous).toBe(1); // NORMAL
  });

  it("answers every request with X-Request-Id: the client's own when well formed, else one it assigns", async () => {
    const own = await t.http().get('/api/health').set('X-Request-Id', 'trace-7:abc').expect(200);
    expect(own.headers['x-request-id']).toBe('trace-7:abc');
    const bad = await t.http().post('/api/auth/login').set('X-Request-Id', 'has spaces').send({}).expect(400);
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const doc = await t.http().get('/api/docs-json').expect(200);
    expect(doc.body.info.description).toContain('X-Request-Id');
  });

  it('answers a real server error with a bare 500: no stack, no SQL, no driver message', async () => {
    // A fault the server cannot recover from: the table behind a route is gone (a bug, not client input).
    const broken = await createTestApp({ imports: [AuditModule], migrations: AUDIT_MIGRATIONS });
    try {
      const admin = await broken.login();
      await broken.dataSource().query('DROP TABLE audit_entries');
      const res = await broken.http().get('/api/audit').set('Authorization', `Bearer ${admin}`);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ statusCode: 500, message: 'Internal server error', error: 'Internal Server Error' });
      expect(JSON.stringify(res.body)).not.toMatch(/at \w+ \(|\.ts:\d+|SQLITE|SELECT|audit_entries/);
    } finally {
      await broken.close();
    }
  });
});

describe('health when Redis is down', () => {
  it('answers 200 degraded with redis down, and the API keeps serving', async () => {
    const port = await freePort();
    const t = await createTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    try {
      const res = await t.http().get('/api/health').expect(200);
      expect(res.body).toEqual({ status: 'degraded', checks: { database: 'up', redis: 'down' } });
      await t.login();
    } finally {
      await t.close({ keepData: false });
    }
  });
});

describePostgres('PostgreSQL', () => {
  it("runs the same migrations to exactly the entities' schema and serves logins", async () => {
    const db = await createPostgresDatabase();
    try {
      const t = await createTestApp({ imports: [AuditModule], migrations: AUDIT_MIGRATIONS, databaseUrl: db.url });
      try {
        expect(t.dataSource().options.type).toBe('postgres');
        expect(await pendingSchemaChanges(t.dataSource())).toEqual([]);
        await t.login();
      } finally {
        await t.close();
      }
    } finally {
      await db.drop();
    }
  });
});

describe('invalid configuration', () => {
  it('stops the API process at start with one line naming the variable', async () => {
    // The real entry point (apps/api/src/main.ts), transpiled on the fly.
    const root = join(__dirname, '../../..');
    const out = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
        {
          cwd: root,
          env: {
            ...process.env,
            PORT: 'not-a-port',
            TS_NODE_PROJECT: 'apps/api/tsconfig.app.json',
            TS_NODE_COMPILER_OPTIONS: JSON.stringify({ module: 'commonjs' }),
          },
        },
      );
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    expect(out.code).toBe(1);
    expect(out.stderr.trim()).toBe("Invalid configuration: PORT must be an integer, got 'not-a-port'");
  }, 60_000);

  it('refuses to build the app module with an invalid variable', async () => {
    await expect(createTestApp({ env: { QUEUE_PROCESSORS: 'maybe' } })).rejects.toThrow(/QUEUE_PROCESSORS must be one of inline, off/);
  });
});

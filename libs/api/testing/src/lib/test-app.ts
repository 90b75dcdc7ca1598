// Starts the real Nest app (production setup, real SQLite or PostgreSQL, real Redis) for integration tests.
import { Module, Type } from '@nestjs/common';
import type { DynamicModule, ForwardReference } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deepStrictEqual } from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AUTH_MIGRATIONS, AuthModule, UsersService } from '@pulseboard/api/auth';
import {
  configureApp,
  CoreModule,
  createHttpAdapter,
  MigrationList,
  parseEnv,
  PULSEBOARD_CONFIG,
  type PulseboardHttpApp,
} from '@pulseboard/api/core';
import { PulseboardIoAdapter, RealtimeModule } from '@pulseboard/api/realtime';
import type { AuditEntry, LoginResponse, Page, Role } from '@pulseboard/shared/contracts';

type ImportEntry = Type | DynamicModule | Promise<DynamicModule> | ForwardReference;

export const TEST_ADMIN = { username: 'admin', password: 'test-admin-password' };
export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const TEST_PG_URL = process.env['TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestAppOptions {
  /** Feature modules under test. */
  imports?: ImportEntry[];
  /** Their migrations (the auth migrations are always included). */
  migrations?: MigrationList;
  /** Extra environment for this app (validated like production). */
  env?: Record<string, string>;
  /** Reuse a database file, e.g. to restart on the same data. Default: a fresh temp file. */
  sqlitePath?: string;
  /** Reuse a queue prefix (with `sqlitePath`, a restart of the same deployment). Default: a random one. */
  queuePrefix?: string;
  /** Use PostgreSQL at this URL instead of SQLite. */
  databaseUrl?: string;
  /** Serve the console at / as the API app does. */
  console?: boolean;
  /** A whole root module (e.g. apps/api's AppModule) instead of core + auth + realtime + `imports`. */
  root?: Type;
}

export interface TestApp {
  app: PulseboardHttpApp;
  url: string;
  sqlitePath: string;
  queuePrefix: string;
  http(): TestAgent;
  /** Logs in and returns the access token. */
  login(username?: string, password?: string): Promise<string>;
  /** A token for a new user with `role` (created directly through UsersService). */
  tokenFor(role: Role): Promise<string>;
  /** A connected socket.io client with `token` (resolves on connect, rejects on connect_error). */
  socket(token: string, opts?: { autoConnect?: boolean }): Promise<Socket>;
  dataSource(): DataSource;
  get<T>(token: Type<T> | string | symbol): T;
  /** Closes the app; `keepData` leaves the database file and Redis keys for a restart. */
  close(opts?: { keepData?: boolean }): Promise<void>;
}

const openSockets = new Set<Socket>();

export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const dir = opts.sqlitePath ? null : mkdtempSync(join(tmpdir(), 'pulseboard-test-'));
  const sqlitePath = opts.sqlitePath ?? join(dir as string, 'db.sqlite');
  const queuePrefix = opts.queuePrefix ?? `pbtest-${randomBytes(5).toString('hex')}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SQLITE_PATH: sqlitePath,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    JWT_SECRET: 'integration-test-secret-0123456789',
    ADMIN_USERNAME: TEST_ADMIN.username,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    ...opts.env,
  };
  // The app reads this environment through its config provider only: process.env stays untouched, so apps
  // with different settings can run side by side and close in any order.
  const appEnv: Record<string, string | undefined> = { ...process.env, ...env };
  if (!opts.databaseUrl && !('DATABASE_URL' in env)) delete appEnv['DATABASE_URL'];
  const config = Object.freeze(parseEnv(appEnv));

  @Module({
    imports: [
      CoreModule.forRoot({ migrations: [...AUTH_MIGRATIONS, ...((opts.migrations as unknown[]) ?? [])] as MigrationList }),
      AuthModule,
      RealtimeModule.forApi(),
      ...(opts.imports ?? []),
    ],
  })
  class TestRootModule {}

  const moduleRef = await Test.createTestingModule({ imports: [opts.root ?? TestRootModule] })
    .overrideProvider(PULSEBOARD_CONFIG)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<PulseboardHttpApp>(createHttpAdapter(config), { bodyParser: false, bufferLogs: true });
  await configureApp(app, { console: opts.console ?? false });
  app.useWebSocketAdapter(new PulseboardIoAdapter(app));
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const sockets = new Set<Socket>();

  const t: TestApp = {
    app,
    url,
    sqlitePath,
    queuePrefix,
    http: () => request(app.getHttpServer()),
    async login(username = TEST_ADMIN.username, password = TEST_ADMIN.password) {
      const res = await request(app.getHttpServer()).post('/api/auth/login').send({ username, password });
      if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as LoginResponse).accessToken;
    },
    async tokenFor(role: Role) {
      const username = `${role}-${randomBytes(4).toString('hex')}`;
      const password = 'password-for-tests';
      await app.get(UsersService).create({ username, password, role });
      return t.login(username, password);
    },
    socket(token: string) {
      const s = io(url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.add(s);
      openSockets.add(s);
      return new Promise<Socket>((resolve, reject) => {
        s.once('connect', () => resolve(s));
        s.once('connect_error', (e) => reject(e));
      });
    },
    dataSource: () => app.get(DataSource),
    get: <T>(token: Type<T> | string | symbol) => app.get<T>(token as Type<T>),
    async close(closeOpts = {}) {
      for (const s of sockets) {
        s.disconnect();
        openSockets.delete(s);
      }
      await app.close();
      if (!closeOpts.keepData) {
        if (dir) rmSync(dir, { recursive: true, force: true });
        await deleteRedisKeys(`${queuePrefix}*`);
      }
    },
  };
  return t;
}

/** Removes every Redis key matching `pattern` (the queues and relay of one test app). */
export async function deleteRedisKeys(pattern: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A fresh PostgreSQL database for one test file; `drop()` removes it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `pbtest_${randomBytes(5).toString('hex')}`;
  const admin = new DataSource({ type: 'postgres', url: TEST_PG_URL });
  await admin.initialize();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.destroy();
  const u = new URL(TEST_PG_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const a = new DataSource({ type: 'postgres', url: TEST_PG_URL });
      await a.initialize();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.destroy();
    },
  };
}

/**
 * SQL TypeORM would still run to make the database match the entities. Empty means the migrations create
 * exactly the schema the entities describe.
 */
export async function pendingSchemaChanges(ds: DataSource): Promise<string[]> {
  const log = await ds.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}

/** Polls `fn` until it returns a truthy value (no fixed sleeps in tests). */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${opts.what ?? 'condition'}${last ? `: ${(last as Error).message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 25));
  }
}

/**
 * The audit entry of the request answered with `X-Request-Id: requestId`, read as an admin once it is written
 * (entries are written in batches).
 */
export function auditEntryOf(t: TestApp, adminToken: string, requestId: string): Promise<AuditEntry> {
  return waitFor(
    async () =>
      (
        (await t.http().get('/api/audit').query({ pageSize: '100' }).set('Authorization', `Bearer ${adminToken}`).expect(200))
          .body as Page<AuditEntry>
      ).items.find((e) => e.requestId === requestId),
    { what: `the audit entry of ${requestId}` },
  );
}

/**
 * Reads a list route's pages (`query` plus `sort`, `pageSize`, `page` or `cursor`) from `GET path`, first by offset
 * then by walking `nextCursor`, and checks that each item equals what `GET path/:id` answers for it and that both walks
 * give the same items. Gives the items in list order.
 */
export async function expectPagesMatchItems(
  t: TestApp,
  token: string,
  path: string,
  query: Record<string, string | number>,
): Promise<{ id: string }[]> {
  const get = async (p: string, q: Record<string, string | number> = {}) =>
    (await t.http().get(p).query(q).set('Authorization', `Bearer ${token}`).expect(200)).body;
  const byOffset: { id: string }[] = [];
  let page = await get(path, { ...query, page: 1 });
  for (let n = 2; page.items.length; n++) {
    byOffset.push(...page.items);
    page = await get(path, { ...query, page: n });
  }
  const byCursor: { id: string }[] = [];
  page = await get(path, query);
  for (;;) {
    byCursor.push(...page.items);
    if (!page.nextCursor) break;
    page = await get(path, { ...query, cursor: page.nextCursor });
  }
  deepStrictEqual(byCursor, byOffset, 'the cursor walk and the offset pages differ');
  for (const item of byOffset) deepStrictEqual(item, await get(`${path}/${item.id}`), `${path}/${item.id} differs from its list item`);
  return byOffset;
}

/** Resolves with the next `event` the socket receives (optionally matching `filter`). */
export function nextSocketEvent<T = unknown>(
  s: Socket,
  event: string,
  filter: (p: T) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      s.off(event, handler);
      reject(new Error(`no '${event}' within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (p: T) => {
      if (!filter(p)) return;
      clearTimeout(timer);
      s.off(event, handler);
      resolve(p);
    };
    s.on(event, handler);
  });
}

/** A TCP port nothing listens on right now (for a server a test starts itself, or to point at nothing). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

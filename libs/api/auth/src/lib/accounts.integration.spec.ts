import { Logger } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@pulseboard/api/core';
import type { Socket } from 'socket.io-client';
import {
  createPostgresDatabase,
  createTestApp,
  deleteRedisKeys,
  describePostgres,
  freePort,
  TEST_ADMIN,
  TestApp,
} from '@pulseboard/api/testing';
import { SESSION_ENDED_EVENT, SessionEnded, User } from '@pulseboard/shared/contracts';
import { ACCOUNT_LIMIT } from './login-throttle';
import { CreateUsers1732300000000 } from './migrations/1732300000000-create-users';
import { UserAccounts1764000000000 } from './migrations/1764000000000-user-accounts';
import { LAST_ADMIN_MESSAGE, UsersService } from './users.service';

const PASSWORD = 'a-good-password';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function createUser(t: TestApp, adminToken: string, username: string, role: User['role']): Promise<User> {
  const res = await t.http().post('/api/users').set(bearer(adminToken)).send({ username, password: PASSWORD, role }).expect(201);
  return res.body as User;
}

/** Resolves with how the server ended the socket: the `session.ended` reason and the disconnect reason. */
function sessionEnd(s: Socket): Promise<{ reason: string | null; disconnect: string; atMs: number }> {
  let reason: string | null = null;
  s.on(SESSION_ENDED_EVENT, (m: SessionEnded) => (reason = m.reason));
  return new Promise((resolve) => s.once('disconnect', (d) => resolve({ reason, disconnect: d, atMs: Date.now() })));
}

describe('accounts on two API instances sharing the database and Redis', () => {
  let a: TestApp;
  let b: TestApp;
  let adminA: string;

  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ sqlitePath: a.sqlitePath, queuePrefix: a.queuePrefix });
    adminA = await a.login();
  });
  afterAll(async () => {
    await b.close({ keepData: true });
    await a.close();
  });
  // Every test logs in from 127.0.0.1: each starts with a fresh address bucket (the limit is 20 a minute).
  beforeEach(() => deleteRedisKeys(`${a.queuePrefix}:login:addr:*`));

  it("applies a demotion to the user's next request on the other instance (403), and closes its sockets there", async () => {
    const u = await createUser(a, adminA, 'demoted-admin', 'admin');
    const token = await b.login('demoted-admin', PASSWORD);
    await b.http().get('/api/users').set(bearer(token)).expect(200); // b now holds the user's state
    const s = await b.socket(token);
    const ended = sessionEnd(s);

    const patched = await a.http().patch(`/api/users/${u.id}`).set(bearer(adminA)).send({ role: 'viewer' }).expect(200);
    const changedAt = Date.now();
    expect(patched.body).toEqual({ ...u, role: 'viewer' });

    const res = await b.http().get('/api/users').set(bearer(token)).expect(403);
    expect(res.body.message).toBe("This action needs the 'admin' role; you are 'viewer'");
    await b.http().get('/api/auth/me').set(bearer(token)).expect(200); // still logged in, as a viewer
    const end = await ended;
    expect(end).toMatchObject({ reason: 'account-changed', disconnect: 'io server disconnect' });
    expect(end.atMs - changedAt).toBeLessThan(5000);
  });

  it('disables a user: its next request on the other instance is 401, its login 401 like a bad password, its socket closed', async () => {
    const u = await createUser(a, adminA, 'to-disable', 'operator');
    const token = await b.login('to-disable', PASSWORD);
    await b.http().get('/api/auth/me').set(bearer(token)).expect(200);
    const s = await b.socket(token);
    const ended = sessionEnd(s);

    const patched = await a.http().patch(`/api/users/${u.id}`).set(bearer(adminA)).send({ disabled: true }).expect(200);
    const changedAt = Date.now();
    expect(patched.body).toMatchObject({ id: u.id, disabled: true });

    await b.http().get('/api/auth/me').set(bearer(token)).expect(401);
    const login = await b.http().post('/api/auth/login').send({ username: 'to-disable', password: PASSWORD }).expect(401);
    expect(login.body.message).toBe('Wrong username or password');
    await expect(b.socket(token)).rejects.toMatchObject({ message: 'unauthorized' });
    const end = await ended;
    expect(end.reason).toBe('account-changed');
    expect(end.atMs - changedAt).toBeLessThan(5000);

    // Enabled again: a new login works; the token from before the disable stays dead.
    await a.http().patch(`/api/users/${u.id}`).set(bearer(adminA)).send({ disabled: false }).expect(200);
    await b.login('to-disable', PASSWORD);
    await b.http().get('/api/auth/me').set(bearer(token)).expect(401);
  });

  it("resets a user's password: its old tokens stop on every instance, the new password logs in", async () => {
    const u = await createUser(a, adminA, 'forgetful', 'viewer');
    const token = await b.login('forgetful', PASSWORD);
    await b.http().get('/api/auth/me').set(bearer(token)).expect(200);
    await a.http().patch(`/api/users/${u.id}`).set(bearer(adminA)).send({ password: 'brand-new-password' }).expect(200);
    await b.http().get('/api/auth/me').set(bearer(token)).expect(401);
    await b.http().post('/api/auth/login').send({ username: 'forgetful', password: PASSWORD }).expect(401);
    await b.login('forgetful', 'brand-new-password');
  });

  it('lets any user change their own password with the current one (204); their tokens and sockets end', async () => {
    await createUser(a, adminA, 'self-service', 'viewer');
    const token = await a.login('self-service', PASSWORD);
    const s = await b.socket(token);
    const ended = sessionEnd(s);
    const wrong = await a
      .http()
      .post('/api/auth/password')
      .set(bearer(token))
      .send({ currentPassword: 'not-my-password', newPassword: 'my-next-password' })
      .expect(400);
    expect(wrong.body.message).toEqual(['currentPassword is not your current password']);
    await a.http().post('/api/auth/password').set(bearer(token)).send({ currentPassword: PASSWORD, newPassword: 'short' }).expect(400);
    await a.http().get('/api/auth/me').set(bearer(token)).expect(200); // nothing changed so far

    await a
      .http()
      .post('/api/auth/password')
      .set(bearer(token))
      .send({ currentPassword: PASSWORD, newPassword: 'my-next-password' })
      .expect(204);
    await b.http().get('/api/auth/me').set(bearer(token)).expect(401);
    expect((await ended).reason).toBe('account-changed');
    await a.login('self-service', 'my-next-password');
    await a.http().post('/api/auth/password').send({ currentPassword: 'x', newPassword: 'whatever-123' }).expect(401);
  });

  it('refuses to disable or demote the last enabled admin (409, nothing changed), and allows it when another exists', async () => {
    const me = (await a.http().get('/api/auth/me').set(bearer(adminA)).expect(200)).body as User;
    const users = (await a.http().get('/api/users').set(bearer(adminA)).expect(200)).body as User[];
    // Earlier tests may have left admins: demote them so `admin` is the last one.
    for (const u of users.filter((x) => x.role === 'admin' && x.id !== me.id && !x.disabled)) {
      await a.http().patch(`/api/users/${u.id}`).set(bearer(adminA)).send({ role: 'viewer' }).expect(200);
    }
    for (const body of [{ disabled: true }, { role: 'operator' }, { role: 'viewer', disabled: true }]) {
      const res = await a.http().patch(`/api/users/${me.id}`).set(bearer(adminA)).send(body).expect(409);
      expect(res.body).toEqual({ statusCode: 409, message: LAST_ADMIN_MESSAGE, error: 'Conflict' });
    }
    expect((await a.http().get('/api/auth/me').set(bearer(adminA)).expect(200)).body).toMatchObject({ role: 'admin', disabled: false });

    const other = await createUser(a, adminA, 'second-admin', 'admin');
    await a.http().patch(`/api/users/${me.id}`).set(bearer(adminA)).send({ role: 'operator' }).expect(200);
    const otherToken = await a.login('second-admin', PASSWORD);
    await a.http().patch(`/api/users/${other.id}`).set(bearer(otherToken)).send({ disabled: true }).expect(409);
    await a.http().patch(`/api/users/${me.id}`).set(bearer(otherToken)).send({ role: 'admin' }).expect(200);
  });

  it.each([
    ['an empty body', {}, 'Give at least one of role, disabled, password'],
    ['an unknown role', { role: 'root' }, 'role must be one of the following values: viewer, operator, admin'],
    ['disabled as a string', { disabled: 'yes' }, 'disabled must be a boolean value'],
    ['an unknown field', { username: 'renamed' }, 'property username should not exist'],
  ])('answers 400 to PATCH with %s', async (_name, body, message) => {
    const u = await createUser(a, adminA, `patch-400-${Object.keys(body).join('') || 'empty'}`, 'viewer');
    const res = await a.http().patch(`/api/users/${u.id}`).set(bearer(adminA)).send(body).expect(400);
    expect([res.body.message].flat()).toContain(message);
  });

  it('documents the new routes in Swagger', async () => {
    const doc = (await a.http().get('/api/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths['/api/users/{id}'])).toEqual(['patch']);
    expect(Object.keys(doc.paths['/api/auth/password'])).toEqual(['post']);
    expect(doc.paths['/api/users'].get.responses['200'].content['application/json'].schema).toMatchObject({ type: 'array' });
  });

  it('answers 404 for an unknown user, 400 for a malformed id, 403 to a non-admin', async () => {
    await a.http().patch('/api/users/0190a1b2-0000-7000-8000-000000000009').set(bearer(adminA)).send({ role: 'viewer' }).expect(404);
    await a.http().patch('/api/users/nope').set(bearer(adminA)).send({ role: 'viewer' }).expect(400);
    const op = await a.tokenFor('operator');
    const me = (await a.http().get('/api/auth/me').set(bearer(op)).expect(200)).body as User;
    await a.http().patch(`/api/users/${me.id}`).set(bearer(op)).send({ role: 'admin' }).expect(403);
  });

  it('keeps usernames unique without regard to case (409), and logs in with any case', async () => {
    await createUser(a, adminA, 'CaseUser', 'viewer');
    const res = await a
      .http()
      .post('/api/users')
      .set(bearer(adminA))
      .send({ username: 'caseuser', password: PASSWORD, role: 'admin' })
      .expect(409);
    expect(res.body.message).toBe("A user named 'caseuser' already exists (names are compared without regard to case)");
    const [n] = await a.dataSource().query(`SELECT COUNT(*) AS n FROM users WHERE lower(username) = 'caseuser'`);
    expect(Number(n.n)).toBe(1);
    await a.login('CASEUSER', PASSWORD);
  });

  it.each([
    ['7 bytes', 'abcdefg', 7],
    ['73 bytes', 'a'.repeat(73), 73],
    ['37 two-byte characters (74 bytes)', 'é'.repeat(37), 74],
  ])('refuses a password of %s with a 400 that says the limit in bytes', async (_name, password, bytes) => {
    const res = await a
      .http()
      .post('/api/users')
      .set(bearer(adminA))
      .send({ username: `pw-${bytes}`, password, role: 'viewer' })
      .expect(400);
    expect(res.body.message).toEqual([`password must be 8 to 72 bytes long in UTF-8 (bcrypt's limit), got ${bytes}`]);
  });

  it('accepts passwords of 8 and 72 bytes, counted in bytes (4 two-byte characters are 8)', async () => {
    for (const [username, password] of [
      ['pw-eight', 'é'.repeat(4)],
      ['pw-max', 'é'.repeat(36)],
    ]) {
      await a.http().post('/api/users').set(bearer(adminA)).send({ username, password, role: 'viewer' }).expect(201);
      await a.login(username, password);
    }
  });

  it(`throttles logins to one account across instances: ${ACCOUNT_LIMIT.limit} attempts, then 429 even with the right password`, async () => {
    await createUser(a, adminA, 'targeted', 'viewer');
    for (let i = 0; i < ACCOUNT_LIMIT.limit; i++) {
      const t = i % 2 ? a : b;
      await t
        .http()
        .post('/api/auth/login')
        .send({ username: i % 3 ? 'targeted' : 'TARGETED', password: `wrong-${i}` })
        .expect(401);
    }
    const res = await a.http().post('/api/auth/login').send({ username: 'targeted', password: PASSWORD }).expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(60);
    await b.http().post('/api/auth/login').send({ username: 'targeted', password: PASSWORD }).expect(429);
    // Another account from the same address is not affected.
    await b.login();
  });

  it("lets a successful login clear the account's count", async () => {
    await createUser(a, adminA, 'typo-prone', 'viewer');
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < ACCOUNT_LIMIT.limit - 1; i++) {
        await a.http().post('/api/auth/login').send({ username: 'typo-prone', password: 'wrong-password' }).expect(401);
      }
      await a.login('typo-prone', PASSWORD);
    }
  });

  it('runs bcrypt off the event loop: the main thread never hashes nor compares', async () => {
    // The module object the old code used (bcryptjs' CommonJS build); the worker threads load their own copy.
    const bcrypt = require('bcryptjs') as typeof import('bcryptjs');
    const spies = (['hash', 'hashSync', 'compare', 'compareSync'] as const).map((f) => jest.spyOn(bcrypt, f));
    try {
      await createUser(a, adminA, 'threaded', 'viewer');
      await a.login('threaded', PASSWORD);
      await a.http().post('/api/auth/login').send({ username: 'threaded', password: 'wrong-password' }).expect(401);
      for (const s of spies) expect(s).not.toHaveBeenCalled();
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});

describe('while Redis is unreachable', () => {
  it('reads user states from the database on every request (no change can be missed), and logins still work', async () => {
    const t = await createTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}` } });
    try {
      const admin = await t.login();
      const u = await createUser(t, admin, 'no-redis-admin', 'admin');
      const token = await t.login('no-redis-admin', PASSWORD);
      await t.http().get('/api/users').set(bearer(token)).expect(200);
      // A change made by another instance, whose announcement cannot reach this one.
      await t.dataSource().query(`UPDATE users SET role = 'viewer' WHERE id = '${u.id}'`);
      await t.http().get('/api/users').set(bearer(token)).expect(403);
    } finally {
      await t.close();
    }
  });
});

describe('TRUST_PROXY', () => {
  const attempts = async (t: TestApp, n: number, xff: string) => {
    for (let i = 0; i < n; i++) {
      await t
        .http()
        .post('/api/auth/login')
        .set('X-Forwarded-For', xff)
        .send({ username: `u${i}-${xff}`, password: 'wrong-password' })
        .expect(401);
    }
  };

  it('off (default): X-Forwarded-For is ignored, every client behind the same peer shares its bucket', async () => {
    const t = await createTestApp();
    try {
      await attempts(t, 20, '198.51.100.1');
      await t.http().post('/api/auth/login').set('X-Forwarded-For', '198.51.100.2').send(TEST_ADMIN).expect(429);
    } finally {
      await t.close();
    }
  });

  it('loopback: the client address comes from X-Forwarded-For, so clients behind the proxy have their own buckets', async () => {
    const t = await createTestApp({ env: { TRUST_PROXY: 'loopback' } });
    try {
      await attempts(t, 20, '198.51.100.1');
      await t.http().post('/api/auth/login').set('X-Forwarded-For', '198.51.100.1').send(TEST_ADMIN).expect(429);
      await t.http().post('/api/auth/login').set('X-Forwarded-For', '198.51.100.2').send(TEST_ADMIN).expect(200);
    } finally {
      await t.close();
    }
  });

  it('a hop count (1): the address the nearest proxy saw is the client, whatever the client wrote before it', async () => {
    const t = await createTestApp({ env: { TRUST_PROXY: '1' } });
    try {
      // The client writes a different address each time; the one proxy appends the address it saw.
      for (let i = 0; i < 20; i++) await attempts(t, 1, `203.0.113.${i + 1}, 198.51.100.1`);
      await t.http().post('/api/auth/login').set('X-Forwarded-For', '203.0.113.99, 198.51.100.1').send(TEST_ADMIN).expect(429);
      await t.http().post('/api/auth/login').set('X-Forwarded-For', '198.51.100.1, 198.51.100.2').send(TEST_ADMIN).expect(200);
    } finally {
      await t.close();
    }
  });
});

describe('ADMIN_PASSWORD after the first start', () => {
  it('is announced as ignored in one line when it differs, and applied with ADMIN_PASSWORD_RESET=on', async () => {
    const first = await createTestApp();
    const oldToken = await first.login();
    await first.close({ keepData: true });
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const changed = { ADMIN_PASSWORD: 'the-new-admin-password' };
    try {
      const second = await createTestApp({ sqlitePath: first.sqlitePath, queuePrefix: first.queuePrefix, env: changed });
      const lines = warn.mock.calls.map((c) => String(c[0])).filter((m) => m.startsWith('ADMIN_PASSWORD is ignored'));
      expect(lines).toEqual([
        expect.stringMatching(
          /^ADMIN_PASSWORD is ignored: user 'admin' already exists with another password; start once with ADMIN_PASSWORD_RESET=on to apply it, or change it with PATCH \/api\/users\/[0-9a-f-]{36}$/,
        ),
      ]);
      expect(lines[0]).not.toContain('\n');
      await second.login(); // the old password still works
      await second.http().post('/api/auth/login').send({ username: 'admin', password: changed.ADMIN_PASSWORD }).expect(401);
      await second.close({ keepData: true });

      warn.mockClear();
      const third = await createTestApp({
        sqlitePath: first.sqlitePath,
        queuePrefix: first.queuePrefix,
        env: { ...changed, ADMIN_PASSWORD_RESET: 'on' },
      });
      try {
        expect(warn.mock.calls.map((c) => String(c[0]))).toEqual(
          expect.arrayContaining([expect.stringMatching(/^ADMIN_PASSWORD_RESET=on: user 'admin' has ADMIN_PASSWORD/)]),
        );
        await third.login('admin', changed.ADMIN_PASSWORD);
        await third.http().post('/api/auth/login').send(TEST_ADMIN).expect(401);
        await third.http().get('/api/auth/me').set(bearer(oldToken)).expect(401);
      } finally {
        await third.close();
      }
    } finally {
      warn.mockRestore();
    }
  });

  it('says nothing when it matches', async () => {
    const first = await createTestApp();
    await first.close({ keepData: true });
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      const again = await createTestApp({ sqlitePath: first.sqlitePath, queuePrefix: first.queuePrefix });
      await again.close();
      expect(warn.mock.calls.filter((c) => String(c[0]).includes('ADMIN_PASSWORD'))).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('the accounts migration on an existing database', () => {
  it('stops, naming them, when existing usernames differ only in case; runs once they are renamed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-migrate-'));
    const open = async (migrations: unknown[]) => {
      const ds = new DataSource(buildDataSourceOptions({ databaseUrl: null, sqlitePath: join(dir, 'db.sqlite') }, migrations as never));
      return ds.initialize();
    };
    try {
      const before = await open([CreateUsers1732300000000]);
      await before.query(
        `INSERT INTO users (id, username, "passwordHash", role) VALUES ('1', 'Bob', 'x', 'viewer'), ('2', 'bob', 'x', 'viewer')`,
      );
      await before.destroy();
      const typeormLog = jest.spyOn(console, 'log').mockImplementation(() => undefined); // its own failure line
      await expect(open([CreateUsers1732300000000, UserAccounts1764000000000])).rejects.toThrow(
        'Usernames must be unique without regard to case; rename all but one of each before upgrading: bob',
      );
      typeormLog.mockRestore();
      const fix = await open([CreateUsers1732300000000]);
      await fix.query(`UPDATE users SET username = 'bob2' WHERE id = '2'`);
      await fix.destroy();
      const after = await open([CreateUsers1732300000000, UserAccounts1764000000000]);
      expect(await after.query(`SELECT username, disabled, "tokenVersion" FROM users ORDER BY id`)).toEqual([
        { username: 'Bob', disabled: 0, tokenVersion: 0 },
        { username: 'bob2', disabled: 0, tokenVersion: 0 },
      ]);
      await after.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describePostgres('accounts on PostgreSQL', () => {
  it('keeps usernames unique without regard to case, and the last enabled admin', async () => {
    const db = await createPostgresDatabase();
    try {
      const t = await createTestApp({ databaseUrl: db.url });
      try {
        const admin = await t.login();
        await createUser(t, admin, 'PgUser', 'viewer');
        await t.http().post('/api/users').set(bearer(admin)).send({ username: 'pguser', password: PASSWORD, role: 'viewer' }).expect(409);
        await t.login('PGUSER', PASSWORD);
        const me = (await t.http().get('/api/auth/me').set(bearer(admin)).expect(200)).body as User;
        await t.http().patch(`/api/users/${me.id}`).set(bearer(admin)).send({ disabled: true }).expect(409);
        // Two admins demoted at once (straight to the service: the guard would serialise them): one remains.
        const other = await createUser(t, admin, 'pg-admin-2', 'admin');
        const users = t.get(UsersService);
        const results = await Promise.allSettled([users.update(other.id, { role: 'viewer' }), users.update(me.id, { role: 'viewer' })]);
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
        expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { message: LAST_ADMIN_MESSAGE } });
        const [n] = await t.dataSource().query(`SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled = false`);
        expect(Number(n.n)).toBe(1);
      } finally {
        await t.close();
      }
    } finally {
      await db.drop();
    }
  }, 30_000);
});

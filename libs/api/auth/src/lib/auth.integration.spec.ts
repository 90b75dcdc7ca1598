import { createTestApp, TEST_ADMIN, TestApp } from '@pulseboard/api/testing';
import type { LoginResponse, User } from '@pulseboard/shared/contracts';

describe('auth and users over HTTP (real SQLite + Redis)', () => {
  let t: TestApp;
  let adminToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    adminToken = await t.login();
  });
  afterAll(() => t.close());

  describe('POST /api/auth/login', () => {
    it('answers 200 with a token, its lifetime and the user', async () => {
      const res = await t.http().post('/api/auth/login').send(TEST_ADMIN).expect(200);
      const body = res.body as LoginResponse;
      expect(body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(body.expiresIn).toBe(8 * 3600);
      expect(body.user).toEqual({
        id: expect.any(String),
        username: 'admin',
        role: 'admin',
        disabled: false,
        createdAt: expect.any(String),
      });
    });

    it('answers 401 for a wrong password and for an unknown user, with the same message', async () => {
      const a = await t.http().post('/api/auth/login').send({ username: 'admin', password: 'nope-nope' }).expect(401);
      const b = await t.http().post('/api/auth/login').send({ username: 'ghost', password: 'nope-nope' }).expect(401);
      expect(a.body).toEqual({ statusCode: 401, message: 'Wrong username or password', error: 'Unauthorized' });
      expect(b.body.message).toBe(a.body.message);
    });

    it.each([
      ['a missing password', { username: 'admin' }],
      ['a number as username', { username: 42, password: 'x' }],
      ['an unknown field', { ...TEST_ADMIN, remember: true }],
      ['an empty body', {}],
    ])('answers 400 for %s', async (_name, body) => {
      const res = await t.http().post('/api/auth/login').send(body).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.message).toEqual(expect.arrayContaining([expect.any(String)]));
    });

    it('answers 400 for malformed JSON', async () => {
      const res = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"username":').expect(400);
      expect(res.body.message).toMatch(/^Malformed JSON body/);
    });

    it('answers 413 for a body over 1 MiB', async () => {
      const res = await t
        .http()
        .post('/api/auth/login')
        .send({ username: 'a', password: 'x'.repeat(1_100_000) })
        .expect(413);
      expect(res.body).toEqual({ statusCode: 413, message: 'Request body is larger than the 1 MiB limit', error: 'Payload Too Large' });
    });
  });

  describe('GET /api/auth/me', () => {
    it('returns the current user', async () => {
      const res = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${adminToken}`).expect(200);
      expect(res.body as User).toMatchObject({ username: 'admin', role: 'admin' });
    });

    it('answers 401 without a token, with a bad token and with a token signed by another key', async () => {
      await t.http().get('/api/auth/me').expect(401);
      await t.http().get('/api/auth/me').set('Authorization', 'Bearer not.a.token').expect(401);
      const forged = adminToken.split('.').slice(0, 2).join('.') + '.c2lnbmF0dXJl';
      const res = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${forged}`).expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    });

    it('answers 401 for an expired token', async () => {
      const { JwtService } = await import('@nestjs/jwt');
      const me = (await t.http().get('/api/auth/me').set('Authorization', `Bearer ${adminToken}`).expect(200)).body as User;
      const expired = await t
        .get(JwtService)
        .signAsync(
          { sub: me.id, username: 'admin', role: 'admin', ver: 0, exp: Math.floor(Date.now() / 1000) - 10 },
          { algorithm: 'HS256', issuer: 'pulseboard', audience: 'pulseboard-api' },
        );
      const res = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${expired}`).expect(401);
      expect(res.body.message).toMatch(/expired/);
    });
  });

  describe('users and roles', () => {
    it('lets an admin create and list users; passwords are stored hashed', async () => {
      const created = await t
        .http()
        .post('/api/users')
        .set('Authorization', `Bearer ${adminToken}`)
        .send({ username: 'alice', password: 'alice-password', role: 'operator' })
        .expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        username: 'alice',
        role: 'operator',
        disabled: false,
        createdAt: expect.any(String),
      });
      const list = await t.http().get('/api/users').set('Authorization', `Bearer ${adminToken}`).expect(200);
      expect(Array.isArray(list.body)).toBe(true);
      expect(list.body.map((u: User) => u.username)).toEqual(expect.arrayContaining(['admin', 'alice']));
      expect(list.body.find((u: User) => u.username === 'alice')).toEqual(created.body);
      const [row] = await t.dataSource().query(`SELECT "passwordHash" FROM users WHERE username = 'alice'`);
      expect(row.passwordHash).toMatch(/^\$2[aby]\$10\$/);
      await t.http().post('/api/auth/login').send({ username: 'alice', password: 'alice-password' }).expect(200);
    });

    it('answers 409 for a duplicate username and changes nothing', async () => {
      const before = await t.dataSource().query(`SELECT COUNT(*) AS n FROM users`);
      const res = await t
        .http()
        .post('/api/users')
        .set('Authorization', `Bearer ${adminToken}`)
        .send({ username: 'admin', password: 'whatever-123', role: 'viewer' })
        .expect(409);
      expect(res.body.message).toBe("A user named 'admin' already exists (names are compared without regard to case)");
      expect(await t.dataSource().query(`SELECT COUNT(*) AS n FROM users`)).toEqual(before);
    });

    it.each([
      [{ username: 'bo', password: 'long-enough', role: 'viewer' }, /username must be/],
      [{ username: 'bob', password: 'short', role: 'viewer' }, /password must be 8 to 72 bytes long in UTF-8 \(bcrypt's limit\), got 5/],
      [{ username: 'bob', password: 'long-enough', role: 'root' }, /role must be one of/],
      [{ username: 'bob', password: 'long-enough', role: 'viewer', admin: true }, /property admin should not exist/],
    ])('answers 400 for an invalid user %j', async (body, message) => {
      const res = await t.http().post('/api/users').set('Authorization', `Bearer ${adminToken}`).send(body).expect(400);
      expect(res.body.message.join(' ')).toMatch(message);
    });

    it('answers 403 to an operator and a viewer on user management, naming the role needed', async () => {
      for (const role of ['operator', 'viewer'] as const) {
        const token = await t.tokenFor(role);
        const res = await t.http().get('/api/users').set('Authorization', `Bearer ${token}`).expect(403);
        expect(res.body.message).toBe(`This action needs the 'admin' role; you are '${role}'`);
        await t
          .http()
          .post('/api/users')
          .set('Authorization', `Bearer ${token}`)
          .send({ username: 'mallory', password: 'mallory-pass', role: 'admin' })
          .expect(403);
      }
      const count = await t.dataSource().query(`SELECT COUNT(*) AS n FROM users WHERE username = 'mallory'`);
      expect(Number(count[0].n)).toBe(0);
    });

    it('lets a viewer read its own user', async () => {
      const token = await t.tokenFor('viewer');
      const res = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
      expect(res.body.role).toBe('viewer');
    });
  });

  it('answers 404 with the standard body for an unknown API route', async () => {
    const res = await t.http().get('/api/nothing-here').set('Authorization', `Bearer ${adminToken}`).expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});

describe('login rate limit', () => {
  it('answers 429 with Retry-After after 20 attempts a minute from one address, and changes nothing', async () => {
    const t = await createTestApp();
    try {
      // Other usernames each time: this is the address's limit, not an account's.
      for (let i = 0; i < 20; i++) {
        await t
          .http()
          .post('/api/auth/login')
          .send({ username: `guess-${i}`, password: `wrong-${i}` })
          .expect(401);
      }
      const res = await t.http().post('/api/auth/login').send(TEST_ADMIN).expect(429);
      expect(res.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      expect(res.body.message).toMatch(/^Too many login attempts; try again in \d+ s$/);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    } finally {
      await t.close();
    }
  });
});

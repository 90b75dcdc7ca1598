import { JwtService } from '@nestjs/jwt';
import { io, Socket } from 'socket.io-client';
import { createTestApp, nextSocketEvent, TestApp, waitFor } from '@pulseboard/api/testing';
import { ServerEvents, SESSION_ENDED_EVENT, SessionEnded, User } from '@pulseboard/shared/contracts';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimePublisher } from './realtime-publisher';

const PASSWORD = 'a-good-password';
// What the API signs with (TokenService); written out here, as a client would see them.
const JWT_ISSUER = 'pulseboard';
const JWT_AUDIENCE = 'pulseboard-api';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('socket sessions: token checks, expiry, recovery', () => {
  let t: TestApp;
  let admin: string;
  let user: User;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login();
    user = (
      await t.http().post('/api/users').set(bearer(admin)).send({ username: 'socket-user', password: PASSWORD, role: 'viewer' }).expect(201)
    ).body;
  });
  afterAll(() => t.close());

  /** A token as the API would issue it (the user's current token version), with `opts` overriding. */
  async function sign(claims: object, opts: object = {}): Promise<string> {
    const [row] = await t.dataSource().query(`SELECT "tokenVersion" AS v FROM users WHERE id = '${user.id}'`);
    return t
      .get(JwtService)
      .signAsync(
        { sub: user.id, username: user.username, role: user.role, ver: Number(row.v), ...claims },
        { algorithm: 'HS256', issuer: JWT_ISSUER, audience: JWT_AUDIENCE, expiresIn: 60, ...opts },
      );
  }

  /** A client that reconnects by itself (as browsers do), with recovery; `drop()` cuts its connection like a network loss. */
  async function recoverableSocket(token: string): Promise<{ s: Socket; drop(): Promise<void> }> {
    const s = io(t.url, { path: '/socket.io', auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise<void>((r) => s.once('connect', () => r()));
    await s.emitWithAck('subscribe', { topics: ['counters'] });
    // A broadcast packet carries the offset a recovery resumes from; without one the client cannot ask for it.
    const got = nextSocketEvent(s, ServerEvents.counterDeleted);
    t.get(RealtimePublisher).publish(ServerEvents.counterDeleted, { id: 'x' }, ['counters']);
    await got;
    const server = t.get(RealtimeGateway).server;
    return {
      s,
      async drop() {
        const id = s.id as string;
        s.io.engine.close();
        // Until the server has seen the close it has not stored the session for recovery.
        await waitFor(() => !s.connected && !server.sockets.sockets.has(id), { what: 'the server to see the drop' });
      },
    };
  }

  /** How a reconnect ends: the connect_error message, or 'recovered' / 'connected'. */
  const reconnectOutcome = (s: Socket) =>
    new Promise<string>((resolve) => {
      s.once('connect_error', (e) => resolve(e.message));
      s.once('connect', () => resolve(s.recovered ? 'recovered' : 'connected'));
    });

  it('answers 401 to a token of another algorithm, issuer or audience signed with the right key, and refuses its socket', async () => {
    await t
      .http()
      .get('/api/auth/me')
      .set(bearer(await sign({})))
      .expect(200);
    for (const opts of [{ algorithm: 'HS384' }, { issuer: 'evil' }, { audience: 'other' }]) {
      const res = await t
        .http()
        .get('/api/auth/me')
        .set(bearer(await sign({}, opts)))
        .expect(401);
      expect(res.body.message).toBe('Invalid or expired token; log in again');
      await expect(t.socket(await sign({}, opts))).rejects.toMatchObject({ message: 'unauthorized' });
    }
  });

  it('closes a socket when its token expires, after a session.ended saying so', async () => {
    const s = await t.socket(await sign({}, { expiresIn: 2 }));
    const connectedAt = Date.now();
    let reason: string | null = null;
    s.on(SESSION_ENDED_EVENT, (m: SessionEnded) => (reason = m.reason));
    const disconnect = await new Promise<string>((r) => s.once('disconnect', r));
    expect(Date.now() - connectedAt).toBeLessThan(3500);
    expect({ reason, disconnect }).toEqual({ reason: 'token-expired', disconnect: 'io server disconnect' });
  });

  it('recovers a dropped session whose token and user are still fine', async () => {
    const { s, drop } = await recoverableSocket(await t.login('socket-user', PASSWORD));
    try {
      await drop();
      const back = new Promise<void>((r) => s.once('connect', () => r()));
      s.connect();
      await back;
      expect(s.recovered).toBe(true);
    } finally {
      s.disconnect();
    }
  });

  it('authenticates a recovered session again: a user disabled while away is refused, not recovered', async () => {
    const { s, drop } = await recoverableSocket(await t.login('socket-user', PASSWORD));
    try {
      await drop();
      await t.http().patch(`/api/users/${user.id}`).set(bearer(admin)).send({ disabled: true }).expect(200);
      s.connect();
      expect(await reconnectOutcome(s)).toBe('unauthorized');
    } finally {
      s.disconnect();
      await t.http().patch(`/api/users/${user.id}`).set(bearer(admin)).send({ disabled: false }).expect(200);
    }
  });

  it('authenticates a recovered session again: a token that expired while away is refused', async () => {
    const { s, drop } = await recoverableSocket(await sign({}, { expiresIn: 2 }));
    try {
      await drop();
      // Reconnect only once the token is past its exp (whole seconds) and the server no longer accepts it.
      await waitFor(
        async () =>
          (
            await t
              .http()
              .get('/api/auth/me')
              .set(bearer((s.auth as { token: string }).token))
          ).status === 401,
        {
          timeoutMs: 5000,
          intervalMs: 100,
        },
      );
      s.connect();
      expect(await reconnectOutcome(s)).toBe('unauthorized');
    } finally {
      s.disconnect();
    }
  }, 10_000);
});

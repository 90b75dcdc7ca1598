import Redis from 'ioredis';
import { io } from 'socket.io-client';
import { countSocketWrites, createTestApp, nextSocketEvent, TEST_REDIS_URL, TestApp, waitFor } from '@pulseboard/api/testing';
import { ServerEvents, SubscribeAck } from '@pulseboard/shared/contracts';
import { RealtimePublisher, relayChannel } from './realtime-publisher';
import { RealtimeReplay } from './realtime-replay';
import { RealtimeGateway } from './realtime.gateway';

const COUNTER_ID = '0b7f3c1e-6a1d-4f53-9a8e-2c4b1f0d9e77';
const counter = (value: number) => ({
  id: COUNTER_ID,
  name: 'c',
  value,
  initial: 0,
  min: null,
  max: null,
  step: 1,
  intervalMs: 1000,
  status: 'idle' as const,
  version: value,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
});

describe('socket.io gateway (real app)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    token = await t.tokenFor('viewer');
  });
  afterAll(() => t.close());

  it('refuses a handshake without a valid token with connect_error "unauthorized"', async () => {
    await expect(t.socket('')).rejects.toMatchObject({ message: 'unauthorized' });
    await expect(t.socket('bad.token.here')).rejects.toMatchObject({ message: 'unauthorized' });
  });

  it('acknowledges subscribe with the replay of each topic', async () => {
    t.get(RealtimeReplay).register('blocks', () => [{ number: 1 }, { number: 2 }]);
    const s = await t.socket(token);
    const ack: SubscribeAck = await s.emitWithAck('subscribe', { topics: ['blocks', 'counters'] });
    expect(ack).toEqual({ ok: true, replay: { blocks: [{ number: 1 }, { number: 2 }], counters: [] } });
  });

  it('writes the messages queued for a client in one turn together (one corked write), each intact and in order', async () => {
    const s = await t.socket(token);
    await s.emitWithAck('subscribe', { topics: ['counters'] });
    const conn = t
      .get(RealtimeGateway)
      .server.of('/')
      .sockets.get(s.id as string)?.conn as unknown as {
      transport: { name: string; socket: { _socket: { writableCorked: number } } };
    };
    expect(conn.transport.name).toBe('websocket');
    const tcp = conn.transport.socket._socket;
    const writes = countSocketWrites(tcp);
    const values: number[] = [];
    const all = new Promise<void>((resolve) =>
      s.on(ServerEvents.counterUpdated, (c: { value: number }) => values.push(c.value) === 200 && resolve()),
    );
    for (let v = 1; v <= 200; v++) t.get(RealtimePublisher).publish(ServerEvents.counterUpdated, counter(v), ['counters']);
    await all;
    expect(values).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // engine.io sends the first at once and the other 199 when that write is done: one write each without the cork.
    expect(writes.count()).toBeLessThanOrEqual(4);
    writes.restore();
    expect(tcp.writableCorked).toBe(0);
  });

  it('answers ok:false with a clear error for unknown topics and bad bodies, and joins nothing', async () => {
    const s = await t.socket(token);
    const bad: SubscribeAck = await s.emitWithAck('subscribe', { topics: ['counters', 'secrets'] });
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('unknown topic(s): secrets') });
    const empty: SubscribeAck = await s.emitWithAck('subscribe', 'nope');
    expect(empty).toMatchObject({ ok: false, error: 'topics must be a non-empty array of topic names' });
    const got: unknown[] = [];
    s.on(ServerEvents.counterUpdated, (p) => got.push(p));
    const probe = await t.socket(token);
    await probe.emitWithAck('subscribe', { topics: ['counters'] });
    const received = nextSocketEvent(probe, ServerEvents.counterUpdated);
    t.get(RealtimePublisher).publish(ServerEvents.counterUpdated, counter(1), ['counters']);
    await received;
    expect(got).toEqual([]);
  });

  it('delivers a publish once to subscribers of any of its topics, and stops after unsubscribe', async () => {
    const a = await t.socket(token);
    const b = await t.socket(token);
    await a.emitWithAck('subscribe', { topics: ['counters', `counter:${COUNTER_ID}`] });
    await b.emitWithAck('subscribe', { topics: [`counter:${COUNTER_ID}`] });
    const seenA: number[] = [];
    a.on(ServerEvents.counterUpdated, (c) => seenA.push(c.value));
    const gotB = nextSocketEvent<{ value: number }>(b, ServerEvents.counterUpdated);
    t.get(RealtimePublisher).publish(ServerEvents.counterUpdated, counter(7), ['counters', `counter:${COUNTER_ID}`]);
    expect((await gotB).value).toBe(7);
    await waitFor(() => seenA.length === 1);
    await b.emitWithAck('unsubscribe', { topics: [`counter:${COUNTER_ID}`] });
    const late: number[] = [];
    b.on(ServerEvents.counterUpdated, (c) => late.push(c.value));
    const nextA = nextSocketEvent<{ value: number }>(a, ServerEvents.counterUpdated, (c) => c.value === 8);
    t.get(RealtimePublisher).publish(ServerEvents.counterUpdated, counter(8), ['counters', `counter:${COUNTER_ID}`]);
    await nextA;
    expect(seenA).toEqual([7, 8]);
    expect(late).toEqual([]);
  });

  it('emits updates a worker relays through Redis to the subscribed clients', async () => {
    const s = await t.socket(token);
    await s.emitWithAck('subscribe', { topics: ['counters'] });
    const got = nextSocketEvent<{ value: number }>(s, ServerEvents.counterUpdated);
    const pub = new Redis(TEST_REDIS_URL);
    try {
      // The relay subscriber may still be connecting right after start: publish until one is delivered.
      await waitFor(
        async () =>
          (await pub.publish(
            relayChannel(t.queuePrefix),
            JSON.stringify({
              event: ServerEvents.counterUpdated,
              payload: counter(42),
              topics: ['counters'],
            }),
          )) > 0,
      );
      expect((await got).value).toBe(42);
    } finally {
      pub.disconnect();
    }
  });

  it('gives a client that reconnects within the recovery window what it missed', async () => {
    const s = io(t.url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnectionDelay: 50, forceNew: true });
    try {
      await new Promise((r) => s.once('connect', r));
      await s.emitWithAck('subscribe', { topics: ['counters'] });
      const seen: number[] = [];
      s.on(ServerEvents.counterUpdated, (c) => seen.push(c.value));
      // A recovery offset exists once the client has received one packet.
      t.get(RealtimePublisher).publish(ServerEvents.counterUpdated, counter(100), ['counters']);
      await waitFor(() => seen.length === 1);
      const reconnected = new Promise((r) => s.once('connect', r));
      s.io.engine.close(); // a network drop, not a deliberate disconnect
      await waitFor(() => !s.connected);
      t.get(RealtimePublisher).publish(ServerEvents.counterUpdated, counter(101), ['counters']);
      await reconnected;
      expect(s.recovered).toBe(true);
      await waitFor(() => seen.length === 2, { what: 'the missed update' });
      expect(seen).toEqual([100, 101]);
    } finally {
      s.disconnect();
    }
  });
});

describe('two API instances with SOCKET_ADAPTER=redis', () => {
  it('delivers an update made on one instance to a client of the other, exactly once', async () => {
    const a = await createTestApp({ env: { SOCKET_ADAPTER: 'redis' } });
    const b = await createTestApp({ env: { SOCKET_ADAPTER: 'redis' }, sqlitePath: a.sqlitePath, queuePrefix: a.queuePrefix });
    try {
      const s = await a.socket(await a.login());
      await s.emitWithAck('subscribe', { topics: ['counters'] });
      const seen: number[] = [];
      s.on(ServerEvents.counterUpdated, (c) => seen.push(c.value));
      // The streams adapter starts reading shortly after start: publish until the first one crosses over.
      await waitFor(
        () => {
          if (!seen.length) b.get(RealtimePublisher).publish(ServerEvents.counterUpdated, counter(1), ['counters']);
          return seen.length > 0;
        },
        { intervalMs: 200 },
      );
      const n = seen.length;
      b.get(RealtimePublisher).publish(ServerEvents.counterUpdated, counter(2), ['counters']);
      await waitFor(() => seen.includes(2));
      // A marker published after it arrives after any duplicate of it would (one publisher, one ordered stream).
      b.get(RealtimePublisher).publish(ServerEvents.counterUpdated, counter(3), ['counters']);
      await waitFor(() => seen.includes(3), { what: 'the marker' });
      expect(seen.filter((v) => v === 2)).toHaveLength(1);
      expect(seen.length).toBe(n + 2);
    } finally {
      await b.close({ keepData: true });
      await a.close();
    }
  });
});

import { WritableSignal, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { Subscription } from 'rxjs';
import { SubscribeAck } from '@pulseboard/shared/contracts';
import { AuthService } from '../auth/auth.service';
import { REALTIME_SOCKET_FACTORY, RealtimeSocket, RealtimeSocketOptions } from './socket.factory';
import { RESTART_RECONNECT_MS, SocketService } from './socket.service';

type Listener = (...args: unknown[]) => void;
type AckCallback = (error: Error | null, ack?: SubscribeAck) => void;

/** Stands in for socket.io's client socket; the test plays the server. */
class FakeSocket implements RealtimeSocket {
  connected = false;
  recovered = false;
  active = false;
  readonly listeners = new Map<string, Set<Listener>>();
  /** Everything emitted, with the ack callback split off. */
  readonly sent: { event: string; data: unknown; ack?: AckCallback }[] = [];

  connect = jest.fn(() => {
    this.active = true;
  });
  disconnect = jest.fn(() => {
    const wasConnected = this.connected;
    this.connected = false;
    this.active = false;
    if (wasConnected) this.fire('disconnect', 'io client disconnect');
  });
  on(event: string, listener: Listener) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)?.add(listener);
    return this;
  }
  off(event: string, listener?: Listener) {
    if (listener) this.listeners.get(event)?.delete(listener);
    else this.listeners.delete(event);
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as AckCallback) : undefined;
    this.sent.push({ event, data: args[0], ack });
    return this;
  }
  timeout() {
    return this;
  }

  fire(event: string, ...args: unknown[]) {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }
  /** The server accepts a connection (a recovered one keeps the previous session's rooms). */
  accept({ recovered = false } = {}) {
    this.connected = true;
    this.active = true;
    this.recovered = recovered;
    this.fire('connect');
  }
  /** The network drops; socket.io will reconnect by itself. */
  drop() {
    this.connected = false;
    this.active = true;
    this.fire('disconnect', 'transport close');
  }
  subscribes(): string[][] {
    return this.sent.filter((m) => m.event === 'subscribe').map((m) => (m.data as { topics: string[] }).topics);
  }
  unsubscribes(): string[][] {
    return this.sent.filter((m) => m.event === 'unsubscribe').map((m) => (m.data as { topics: string[] }).topics);
  }
  /** Acknowledges the latest `subscribe`, replaying `replay`. */
  ackLastSubscribe(replay: Record<string, unknown[]> = {}) {
    const last = this.sent.filter((m) => m.event === 'subscribe').pop();
    last?.ack?.(null, { ok: true, replay });
  }
  listenerCount(event: string) {
    return this.listeners.get(event)?.size ?? 0;
  }
}

function setup({ loggedIn = true } = {}) {
  const socket = new FakeSocket();
  let options: RealtimeSocketOptions | undefined;
  const isLoggedIn: WritableSignal<boolean> = signal(loggedIn);
  const token = signal<string | null>('token-1');
  const auth = { isLoggedIn, token, logout: jest.fn() };
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      { provide: AuthService, useValue: auth },
      {
        provide: REALTIME_SOCKET_FACTORY,
        useValue: (o: RealtimeSocketOptions) => {
          options = o;
          return socket;
        },
      },
    ],
  });
  jest.spyOn(TestBed.inject(Router), 'url', 'get').mockReturnValue('/jobs');
  const service = TestBed.inject(SocketService);
  TestBed.tick(); // runs the login effect
  return { service, socket, auth, options: () => options };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SocketService', () => {
  let subs: Subscription[];
  beforeEach(() => (subs = []));
  afterEach(() => subs.forEach((s) => s.unsubscribe()));

  it('connects to /socket.io with the current token, websocket first, backing off from 500 ms to 10 s', () => {
    const { socket, options, auth } = setup();
    expect(socket.connect).toHaveBeenCalledTimes(1);
    const opts = options();
    expect(opts).toMatchObject({
      path: '/socket.io',
      autoConnect: false,
      reconnection: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 10_000,
    });
    expect(opts?.transports?.[0]).toBe('websocket');

    const authFn = opts?.auth as (cb: (data: object) => void) => void;
    const seen: object[] = [];
    authFn((data) => seen.push(data));
    auth.token.set('token-2');
    authFn((data) => seen.push(data));
    expect(seen).toEqual([{ token: 'token-1' }, { token: 'token-2' }]);
  });

  it('does not connect while logged out, and disconnects on logout', () => {
    const { socket, auth, service } = setup({ loggedIn: false });
    expect(socket.connect).not.toHaveBeenCalled();
    expect(service.status()).toBe('disconnected');

    auth.isLoggedIn.set(true);
    TestBed.tick();
    expect(socket.connect).toHaveBeenCalledTimes(1);
    expect(service.status()).toBe('connecting');
    socket.accept();

    auth.isLoggedIn.set(false);
    TestBed.tick();
    expect(socket.disconnect).toHaveBeenCalled();
    expect(service.status()).toBe('disconnected');
  });

  it('reports connecting, connected, connecting during a short outage, and disconnected when a retry fails', () => {
    const { socket, service } = setup();
    expect(service.status()).toBe('connecting');
    socket.accept();
    expect(service.status()).toBe('connected');
    socket.drop();
    expect(service.status()).toBe('connecting');
    socket.fire('connect_error', new Error('xhr poll error'));
    expect(service.status()).toBe('disconnected');
    socket.accept();
    expect(service.status()).toBe('connected');
  });

  it('shows "restarting" when the server says it restarts, and reconnects by itself once it is back', () => {
    jest.useFakeTimers();
    try {
      const { service, socket } = setup();
      socket.accept();
      socket.fire('session.ended', { reason: 'server-restarting' });
      expect(service.status()).toBe('restarting');
      // The server closes the socket: socket.io does not retry that on its own.
      socket.connected = false;
      socket.active = false;
      socket.fire('disconnect', 'io server disconnect');
      expect(service.status()).toBe('restarting');
      socket.fire('connect_error', new Error('xhr poll error'));
      expect(service.status()).toBe('restarting');
      const before = socket.connect.mock.calls.length;
      jest.advanceTimersByTime(RESTART_RECONNECT_MS);
      expect(socket.connect.mock.calls.length).toBe(before + 1);
      socket.accept();
      expect(service.status()).toBe('connected');
    } finally {
      jest.useRealTimers();
    }
  });

  it('signs out when the server ends the session for a changed account or an expired token', () => {
    const { socket, auth } = setup();
    socket.accept();
    socket.fire('session.ended', { reason: 'account-changed' });
    expect(auth.logout).toHaveBeenCalledWith({ returnUrl: '/jobs' });
  });

  it('logs out when the server refuses the token', () => {
    const { socket, auth } = setup();
    socket.fire('connect_error', new Error('unauthorized'));
    expect(auth.logout).toHaveBeenCalledWith({ returnUrl: '/jobs' });
  });

  it('does not log out on other connection errors', () => {
    const { socket, auth } = setup();
    socket.fire('connect_error', new Error('websocket error'));
    expect(auth.logout).not.toHaveBeenCalled();
  });

  it('subscribes while connected and emits the acknowledgement with its replay', async () => {
    const { socket, service } = setup();
    socket.accept();
    const acks: SubscribeAck[] = [];
    subs.push(service.subscribe(['events']).subscribe((ack) => acks.push(ack)));

    expect(socket.subscribes()).toEqual([['events']]);
    socket.ackLastSubscribe({ events: [{ id: 'e1' }] });
    await flush();
    expect(acks).toEqual([{ ok: true, replay: { events: [{ id: 'e1' }] } }]);
  });

  it('sends topics asked for while offline as soon as it connects', async () => {
    const { socket, service } = setup();
    const acks: SubscribeAck[] = [];
    subs.push(service.subscribe(['jobs', 'counters']).subscribe((ack) => acks.push(ack)));
    expect(socket.subscribes()).toEqual([]);

    socket.accept();
    expect(socket.subscribes()).toEqual([['jobs', 'counters']]);
    socket.ackLastSubscribe();
    await flush();
    expect(acks).toHaveLength(1);
  });

  it('re-subscribes every remembered topic after a reconnect that lost the session', async () => {
    const { socket, service } = setup();
    socket.accept();
    const jobsAcks: SubscribeAck[] = [];
    const blocksAcks: SubscribeAck[] = [];
    subs.push(service.subscribe(['jobs']).subscribe((ack) => jobsAcks.push(ack)));
    subs.push(service.subscribe(['blocks', 'jobs']).subscribe((ack) => blocksAcks.push(ack)));
    socket.ackLastSubscribe();
    socket.sent.filter((m) => m.event === 'subscribe')[0].ack?.(null, { ok: true, replay: {} });
    await flush();

    socket.drop();
    socket.accept({ recovered: false });

    expect(socket.subscribes().at(-1)?.sort()).toEqual(['blocks', 'jobs']);
    socket.ackLastSubscribe({ blocks: [{ number: 1 }], jobs: [] });
    await flush();
    // Each stream gets the new acknowledgement, with only its own topics' replay.
    expect(jobsAcks.at(-1)).toEqual({ ok: true, replay: { jobs: [] } });
    expect(blocksAcks.at(-1)).toEqual({ ok: true, replay: { blocks: [{ number: 1 }], jobs: [] } });
    expect(jobsAcks).toHaveLength(2);
    expect(blocksAcks).toHaveLength(2);
  });

  it('does not re-subscribe after a reconnect that recovered the session', () => {
    const { socket, service } = setup();
    socket.accept();
    subs.push(service.subscribe(['counters']).subscribe());
    expect(socket.subscribes()).toHaveLength(1);

    socket.drop();
    socket.accept({ recovered: true });
    expect(socket.subscribes()).toHaveLength(1);
  });

  it('after a recovered reconnect, still sends the changes made while offline', () => {
    const { socket, service } = setup();
    socket.accept();
    const counters = service.subscribe(['counters']).subscribe();
    socket.drop();
    counters.unsubscribe();
    subs.push(service.subscribe(['jobs']).subscribe());

    socket.accept({ recovered: true });
    expect(socket.unsubscribes()).toEqual([['counters']]);
    expect(socket.subscribes()).toEqual([['counters'], ['jobs']]);
  });

  it('unsubscribes a topic on the server only when its last stream ends', () => {
    const { socket, service } = setup();
    socket.accept();
    const first = service.subscribe(['jobs']).subscribe();
    const second = service.subscribe(['jobs']).subscribe();

    first.unsubscribe();
    expect(socket.unsubscribes()).toEqual([]);
    second.unsubscribe();
    expect(socket.unsubscribes()).toEqual([['jobs']]);

    // A topic nobody wants any more is not re-subscribed after a reconnect.
    socket.drop();
    socket.accept();
    expect(socket.subscribes()).toEqual([['jobs'], ['jobs']]);
  });

  it('reports a subscription the server did not acknowledge in time', async () => {
    const { socket, service } = setup();
    socket.accept();
    const acks: SubscribeAck[] = [];
    subs.push(service.subscribe(['jobs']).subscribe((ack) => acks.push(ack)));
    socket.sent[0].ack?.(new Error('operation has timed out'));
    await flush();
    expect(acks).toEqual([{ ok: false, replay: {}, error: 'operation has timed out' }]);
  });

  it('refuses invalid topics', () => {
    const { service, socket } = setup();
    socket.accept();
    let error: Error | undefined;
    service.subscribe(['users' as never]).subscribe({ error: (e: Error) => (error = e) });
    expect(error?.message).toContain('users');
    expect(socket.subscribes()).toEqual([]);
  });

  it('delivers server events to on() and removes the listener on unsubscribe', () => {
    const { socket, service } = setup();
    const seen: unknown[] = [];
    const sub = service.on('job.updated').subscribe((job) => seen.push(job.id));
    expect(socket.listenerCount('job.updated')).toBe(1);

    socket.fire('job.updated', { id: 'j1' });
    sub.unsubscribe();
    socket.fire('job.updated', { id: 'j2' });

    expect(seen).toEqual(['j1']);
    expect(socket.listenerCount('job.updated')).toBe(0);
  });
});

import { DestroyRef, Injectable, effect, inject, signal, untracked } from '@angular/core';
import { Router } from '@angular/router';
import { Observable, Subject, filter } from 'rxjs';
import {
  ClientMessages,
  SOCKET_PATH,
  SESSION_ENDED_EVENT,
  SOCKET_UNAUTHORIZED,
  SessionEnded,
  ServerEventPayloads,
  SubscribeAck,
  Topic,
  isValidTopic,
} from '@pulseboard/shared/contracts';
import { AuthService } from '../auth/auth.service';
import { REALTIME_SOCKET_FACTORY, RealtimeSocket } from './socket.factory';

export type ConnectionStatus = 'connected' | 'connecting' | 'restarting' | 'disconnected';

/** After the server closed the socket because it restarts, the first reconnect attempt comes this much later. */
export const RESTART_RECONNECT_MS = 1000;

/** How long the server gets to acknowledge a `subscribe`. */
export const SUBSCRIBE_ACK_TIMEOUT_MS = 5000;

interface TopicsAck {
  topics: readonly Topic[];
  ack: SubscribeAck;
}

/**
 * The one socket.io connection of the console. It is open while a user is logged in, authenticates with the
 * current token, and keeps the topics that pages asked for subscribed across reconnects.
 */
@Injectable({ providedIn: 'root' })
export class SocketService {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  private readonly statusState = signal<ConnectionStatus>('disconnected');
  /**
   * `connected`, `connecting` (first connect or a short outage), `restarting` (the server said it restarts; the
   * console reconnects by itself) or `disconnected` (offline, or logged out).
   */
  readonly status = this.statusState.asReadonly();

  /** How many open `subscribe()` streams want each topic. */
  private readonly wanted = new Map<Topic, number>();
  /** Topics the server holds for the current connection, as far as this client knows. */
  private readonly serverTopics = new Set<Topic>();
  private readonly resubscribed = new Subject<TopicsAck>();
  /** The server said it restarts: the next disconnect is followed by a reconnect. */
  private restarting = false;

  private readonly socket: RealtimeSocket = inject(REALTIME_SOCKET_FACTORY)({
    path: SOCKET_PATH,
    autoConnect: false,
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 10_000,
    // A callback, so every (re)connect presents the token of the moment.
    auth: (cb: (data: object) => void) => cb({ token: this.auth.token() }),
  });

  constructor() {
    this.socket.on('connect', () => this.onConnect());
    this.socket.on(SESSION_ENDED_EVENT, (e: SessionEnded) => {
      this.restarting = e?.reason === 'server-restarting';
      if (this.restarting) this.statusState.set('restarting');
      // A changed account or an expired token: the session is over, sign in again.
      else if (this.auth.isLoggedIn()) this.auth.logout({ returnUrl: this.router.url });
    });
    this.socket.on('disconnect', () => {
      if (this.restarting) {
        // A disconnect by the server is not retried by socket.io itself: try again once the server is back.
        setTimeout(() => this.auth.isLoggedIn() && this.socket.connect(), RESTART_RECONNECT_MS);
        return;
      }
      this.statusState.set(this.socket.active ? 'connecting' : 'disconnected');
    });
    this.socket.on('connect_error', (error: Error) => {
      this.statusState.set(this.restarting ? 'restarting' : 'disconnected');
      if (error?.message === SOCKET_UNAUTHORIZED && this.auth.isLoggedIn()) {
        this.auth.logout({ returnUrl: this.router.url });
      }
    });

    effect(() => {
      const loggedIn = this.auth.isLoggedIn();
      untracked(() => (loggedIn ? this.open() : this.close()));
    });
    inject(DestroyRef).onDestroy(() => this.socket.disconnect());
  }

  /**
   * Subscribes to `topics` for as long as the returned Observable is subscribed, and emits the server's
   * acknowledgement (with its replay, restricted to these topics) each time the topics are (re)subscribed:
   * once now, or at the next connect when offline, and again after every reconnect that did not recover the
   * session. Several streams may share a topic; it is unsubscribed on the server when the last one ends.
   */
  subscribe(topics: readonly Topic[]): Observable<SubscribeAck> {
    return new Observable<SubscribeAck>((subscriber) => {
      const mine = [...new Set(topics)];
      const invalid = mine.filter((topic) => !isValidTopic(topic));
      if (invalid.length) {
        subscriber.error(new Error(`Invalid topic(s): ${invalid.join(', ')}`));
        return;
      }
      for (const topic of mine) this.wanted.set(topic, (this.wanted.get(topic) ?? 0) + 1);

      const later = this.resubscribed
        .pipe(filter(({ topics: sent }) => sent.some((topic) => mine.includes(topic))))
        .subscribe(({ ack }) => subscriber.next(forTopics(ack, mine)));

      if (this.socket.connected) {
        // Sent even when another stream holds these topics already: this caller wants its own replay.
        for (const topic of mine) this.serverTopics.add(topic);
        void this.requestSubscribe(mine).then((ack) => subscriber.closed || subscriber.next(ack));
      }

      return () => {
        later.unsubscribe();
        const released = mine.filter((topic) => {
          const left = (this.wanted.get(topic) ?? 1) - 1;
          if (left > 0) this.wanted.set(topic, left);
          else this.wanted.delete(topic);
          return left <= 0;
        });
        if (released.length && this.socket.connected) {
          for (const topic of released) this.serverTopics.delete(topic);
          this.socket.emit(ClientMessages.unsubscribe, { topics: released });
        }
      };
    });
  }

  /** The payloads of one server event; the listener is removed when the Observable is unsubscribed. */
  on<E extends keyof ServerEventPayloads>(event: E): Observable<ServerEventPayloads[E]> {
    return new Observable<ServerEventPayloads[E]>((subscriber) => {
      const listener = (payload: ServerEventPayloads[E]) => subscriber.next(payload);
      this.socket.on(event, listener);
      return () => this.socket.off(event, listener);
    });
  }

  private open(): void {
    if (this.socket.connected || this.socket.active) return;
    this.statusState.set('connecting');
    this.socket.connect();
  }

  private close(): void {
    this.socket.disconnect();
    this.statusState.set('disconnected');
  }

  private onConnect(): void {
    this.restarting = false;
    this.statusState.set('connected');
    // A recovered session kept its rooms; any other connect starts with none.
    if (!this.socket.recovered) this.serverTopics.clear();

    const stale = [...this.serverTopics].filter((topic) => !this.wanted.has(topic));
    if (stale.length) {
      for (const topic of stale) this.serverTopics.delete(topic);
      this.socket.emit(ClientMessages.unsubscribe, { topics: stale });
    }
    const missing = [...this.wanted.keys()].filter((topic) => !this.serverTopics.has(topic));
    if (missing.length) {
      for (const topic of missing) this.serverTopics.add(topic);
      void this.requestSubscribe(missing).then((ack) => this.resubscribed.next({ topics: missing, ack }));
    }
  }

  private requestSubscribe(topics: readonly Topic[]): Promise<SubscribeAck> {
    return new Promise((resolve) => {
      this.socket
        .timeout(SUBSCRIBE_ACK_TIMEOUT_MS)
        .emit(ClientMessages.subscribe, { topics }, (error: Error | null, ack?: SubscribeAck) => {
          if (error || !ack) {
            resolve({ ok: false, replay: {}, error: error?.message ?? 'The server did not acknowledge the subscription' });
          } else {
            if (!ack.ok) for (const topic of topics) this.serverTopics.delete(topic);
            resolve(ack);
          }
        });
    });
  }
}

function forTopics(ack: SubscribeAck, topics: readonly Topic[]): SubscribeAck {
  const replay: Record<string, unknown[]> = {};
  for (const topic of topics) if (ack.replay?.[topic]) replay[topic] = ack.replay[topic];
  return { ...ack, replay };
}

import { BeforeApplicationShutdown, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { Session, TokenService, UserStateService } from '@pulseboard/api/auth';
import {
  ClientMessages,
  isValidTopic,
  SESSION_ENDED_EVENT,
  SessionEndReason,
  SessionEnded,
  SOCKET_UNAUTHORIZED,
  SubscribeAck,
  SubscribeRequest,
} from '@pulseboard/shared/contracts';
import { RealtimeReplay } from './realtime-replay';

const MAX_TOPICS_PER_CALL = 100;
/** setTimeout's longest delay; a later expiry re-arms the timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Room of every socket of one user (not a topic: clients cannot subscribe to or leave it). */
const userRoom = (userId: string): string => `user:${userId}`;

/** What a socket carries (persisted with its session for recovery, so plain data only). */
interface SocketData {
  user: Session['user'];
  expiresAtMs: number;
}

type TopicsCheck = { ok: true; topics: string[] } | { ok: false; error: string };

export function checkTopics(body: unknown): TopicsCheck {
  const topics = (body as Partial<SubscribeRequest> | null)?.topics;
  if (!Array.isArray(topics) || topics.length === 0) {
    return { ok: false, error: 'topics must be a non-empty array of topic names' };
  }
  if (topics.length > MAX_TOPICS_PER_CALL) return { ok: false, error: `at most ${MAX_TOPICS_PER_CALL} topics per call` };
  const bad = topics.filter((t) => !isValidTopic(t));
  if (bad.length) {
    return {
      ok: false,
      error: `unknown topic(s): ${bad.map(String).join(', ')}; valid: counters, jobs, events, blocks, counter:<id>, job:<id>`,
    };
  }
  return { ok: true, topics: [...new Set(topics as string[])] };
}

/**
 * The socket.io endpoint: handshake authentication (for recovered sessions too), topic rooms joined with
 * `subscribe`, and the end of a session: a socket is closed when its token expires and when its user is changed
 * on any instance (role, disabled, password), after a `session.ended` event saying why.
 */
@WebSocketGateway()
export class RealtimeGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy, BeforeApplicationShutdown
{
  private readonly logger = new Logger(RealtimeGateway.name);
  private stopListening?: () => void;
  private readonly expiryTimers = new WeakMap<Socket, NodeJS.Timeout>();

  @WebSocketServer()
  server: Server;

  constructor(
    private readonly tokens: TokenService,
    private readonly replays: RealtimeReplay,
    private readonly states: UserStateService,
  ) {}

  afterInit(server: Server): void {
    server.use((socket, next) => {
      this.authenticate(socket)
        .then((session) => {
          if (!session) return next(new Error(SOCKET_UNAUTHORIZED));
          Object.assign(socket.data as SocketData, session);
          next();
        })
        .catch((e: Error) => {
          this.logger.warn(`handshake check failed: ${e.message}`);
          next(new Error(SOCKET_UNAUTHORIZED));
        });
    });
    this.stopListening = this.states.onChange((userId) => {
      if (userId) void this.endSessions(userId);
      else void this.recheckAll();
    });
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }

  /** Shutdown: every socket of this instance is told why ("server restarting", the console reconnects) and closed. */
  beforeApplicationShutdown(): void {
    if (!this.server) return;
    for (const socket of [...this.server.sockets.sockets.values()]) this.end(socket, 'server-restarting');
  }

  async handleConnection(socket: Socket): Promise<void> {
    const data = socket.data as SocketData;
    if (!data.user) return; // refused by the middleware
    await socket.join(userRoom(data.user.id));
    this.armExpiry(socket);
  }

  handleDisconnect(socket: Socket): void {
    clearTimeout(this.expiryTimers.get(socket));
  }

  private authenticate(socket: Socket): Promise<Session | null> {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    return this.tokens.authenticate(typeof token === 'string' ? token : null);
  }

  private armExpiry(socket: Socket): void {
    clearTimeout(this.expiryTimers.get(socket));
    const left = (socket.data as SocketData).expiresAtMs - Date.now();
    if (left <= 0) return this.end(socket, 'token-expired');
    const timer = setTimeout(() => this.armExpiry(socket), Math.min(left, MAX_TIMER_MS));
    timer.unref();
    this.expiryTimers.set(socket, timer);
  }

  /** This instance's sockets of a user that changed: closed; the client logs in again. */
  private async endSessions(userId: string): Promise<void> {
    if (!this.server) return;
    const sockets = await this.server.local.in(userRoom(userId)).fetchSockets();
    for (const s of sockets) this.end(this.server.sockets.sockets.get(s.id), 'account-changed');
  }

  /** After missed change messages (Redis was away): every local socket whose session no longer holds is closed. */
  private async recheckAll(): Promise<void> {
    if (!this.server) return;
    for (const socket of [...this.server.sockets.sockets.values()]) {
      const session = await this.authenticate(socket).catch(() => undefined);
      if (session === null) this.end(socket, 'account-changed');
    }
  }

  private end(socket: Socket | undefined, reason: SessionEndReason): void {
    if (!socket?.connected) return;
    clearTimeout(this.expiryTimers.get(socket));
    const msg: SessionEnded = { reason };
    socket.emit(SESSION_ENDED_EVENT, msg);
    socket.disconnect(true);
  }

  @SubscribeMessage(ClientMessages.subscribe)
  async subscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SubscribeAck> {
    const check = checkTopics(body);
    if (!check.ok) return { ok: false, replay: {}, error: check.error };
    await socket.join(check.topics);
    const replay: Record<string, unknown[]> = {};
    for (const topic of check.topics) replay[topic] = await this.replays.replay(topic);
    return { ok: true, replay };
  }

  @SubscribeMessage(ClientMessages.unsubscribe)
  async unsubscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SubscribeAck> {
    const check = checkTopics(body);
    if (!check.ok) return { ok: false, replay: {}, error: check.error };
    await Promise.all(check.topics.map((t) => socket.leave(t)));
    return { ok: true, replay: {} };
  }
}

import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { TokenService } from '@pulseboard/api/auth';
import {
  ClientMessages,
  isValidTopic,
  SOCKET_UNAUTHORIZED,
  SubscribeAck,
  SubscribeRequest,
} from '@pulseboard/shared/contracts';
import { RealtimeReplay } from './realtime-replay';

const MAX_TOPICS_PER_CALL = 100;

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

/** The socket.io endpoint: handshake authentication, and topic rooms joined with `subscribe`. */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit {
  private readonly logger = new Logger(RealtimeGateway.name);

  @WebSocketServer()
  server: Server;

  constructor(
    private readonly tokens: TokenService,
    private readonly replays: RealtimeReplay,
  ) {}

  afterInit(server: Server): void {
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      this.tokens
        .verify(typeof token === 'string' ? token : null)
        .then((user) => {
          if (!user) return next(new Error(SOCKET_UNAUTHORIZED));
          socket.data.user = user;
          next();
        })
        .catch((e: Error) => {
          this.logger.warn(`handshake check failed: ${e.message}`);
          next(new Error(SOCKET_UNAUTHORIZED));
        });
    });
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

import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { Observable, Subject } from 'rxjs';
import { InjectConfig, PulseboardConfig, REDIS, redisOptionsFromUrl, redisRetryStrategy } from '@pulseboard/api/core';
import type { ServerEventName, ServerEventPayloads, Topic } from '@pulseboard/shared/contracts';
import { RealtimePublisher, relayChannel, RelayMessage } from './realtime-publisher';
import { SocketPublisher } from './socket-publisher';

/** Worker-side publisher: every update goes over Redis pub/sub to the API instances. */
@Injectable()
export class RedisRelayPublisher extends RealtimePublisher {
  private readonly logger = new Logger(RedisRelayPublisher.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly cfg: PulseboardConfig,
  ) {
    super();
  }

  publish<E extends ServerEventName>(event: E, payload: ServerEventPayloads[E], topics: Topic[]): void {
    const msg: RelayMessage = { event, payload, topics };
    // At-most-once like socket.io itself: a push lost while Redis is down is not retried; the database holds the truth.
    this.redis.publish(relayChannel(this.cfg.queuePrefix), JSON.stringify(msg)).catch((e: Error) => {
      this.logger.warn(`relay publish failed: ${e.message}`);
    });
  }
}

/**
 * API-side: the one subscriber of the relay channel. Emits the worker's updates to this instance's own clients, and
 * hands every message to `messages$` for features that follow them too (job changes for SSE streams).
 */
@Injectable()
export class RelaySubscriber implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RelaySubscriber.name);
  private sub?: Redis;
  private readonly messages = new Subject<RelayMessage>();
  /** Every relayed update, after it was emitted to this instance's sockets. */
  readonly messages$: Observable<RelayMessage> = this.messages.asObservable();

  constructor(
    private readonly publisher: SocketPublisher,
    @InjectConfig() private readonly cfg: PulseboardConfig,
  ) {}

  onModuleInit(): void {
    const channel = relayChannel(this.cfg.queuePrefix);
    this.sub = new Redis({ ...redisOptionsFromUrl(this.cfg.redisUrl), retryStrategy: redisRetryStrategy, maxRetriesPerRequest: null });
    this.sub.on('error', () => undefined); // the shared client already reports Redis outages
    this.sub.subscribe(channel).catch((e: Error) => this.logger.warn(`relay subscribe failed: ${e.message}`));
    this.sub.on('message', (_ch: string, raw: string) => {
      try {
        const msg = JSON.parse(raw) as RelayMessage;
        this.publisher.publishLocal(msg.event, msg.payload, msg.topics);
        this.messages.next(msg);
      } catch (e) {
        this.logger.warn(`bad relay message: ${(e as Error).message}`);
      }
    });
  }

  onApplicationShutdown(): void {
    this.sub?.disconnect();
    this.messages.complete();
  }
}

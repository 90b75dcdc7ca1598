import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { PULSEBOARD_CONFIG, PulseboardConfig, redisOptionsFromUrl, redisRetryStrategy } from '@pulseboard/api/core';
import { SOCKET_PATH } from '@pulseboard/shared/contracts';
import { installCorkedWebSocketSends } from './corked-sends';

/** Clients that reconnect within this window get what they missed (connection state recovery). */
export const RECOVERY_WINDOW_MS = 2 * 60 * 1000;

/**
 * socket.io on the HTTP port with connection state recovery. With SOCKET_ADAPTER=redis, the Redis Streams adapter
 * makes every instance's emits reach every client (and keeps recovery working across instances).
 */
export class PulseboardIoAdapter extends IoAdapter {
  private readonly logger = new Logger('Realtime');
  private redis?: Redis;
  /** The adapter's own connections (it duplicates ours); closed with the server so no blocking XREAD outlives it. */
  private readonly redisDuplicates: Redis[] = [];

  constructor(private readonly appCtx: INestApplicationContext) {
    super(appCtx);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const cfg = this.appCtx.get<PulseboardConfig>(PULSEBOARD_CONFIG);
    installCorkedWebSocketSends();
    const server: Server = super.createIOServer(port, {
      ...options,
      path: SOCKET_PATH,
      serveClient: false,
      // Middlewares run for recovered sessions too: the token is checked again (it may have expired, or its user
      // been disabled or changed, while the client was away).
      connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
    });
    if (cfg.socketAdapter === 'redis') {
      this.redis = new Redis({ ...redisOptionsFromUrl(cfg.redisUrl), retryStrategy: redisRetryStrategy, maxRetriesPerRequest: null });
      this.redis.on('error', () => undefined);
      const duplicate = this.redis.duplicate.bind(this.redis);
      this.redis.duplicate = (...args: Parameters<Redis['duplicate']>) => {
        const d = duplicate(...args);
        this.redisDuplicates.push(d);
        return d;
      };
      server.adapter(createAdapter(this.redis, { maxLen: 100_000 }));
      this.logger.log('socket.io uses the Redis Streams adapter (scale-out mode)');
    }
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    for (const d of this.redisDuplicates) d.disconnect();
    this.redis?.disconnect();
  }
}

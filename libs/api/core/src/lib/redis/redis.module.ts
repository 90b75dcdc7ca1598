import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { PULSEBOARD_CONFIG, PulseboardConfig } from '../config/config';
import { redisOptionsFromUrl, redisRetryStrategy } from './redis';
import { redactUrl } from '../outbound/guarded-request';

/** Injection token of the shared command connection (not for blocking commands or pub/sub). */
export const REDIS = Symbol('REDIS');

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}

/**
 * One shared Redis connection. Commands fail at once while Redis is unreachable (no offline queue),
 * so a request that needs Redis can answer 503 instead of hanging.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [PULSEBOARD_CONFIG],
      useFactory: (cfg: PulseboardConfig) => {
        const logger = new Logger('Redis');
        const client = new Redis({
          ...redisOptionsFromUrl(cfg.redisUrl),
          lazyConnect: false,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2000,
          retryStrategy: redisRetryStrategy,
        });
        let warned = false;
        client.on('error', (err) => {
          if (!warned) logger.warn(`Redis at ${redactUrl(cfg.redisUrl)} unreachable: ${err.message}`);
          warned = true;
        });
        client.on('ready', () => {
          if (warned) logger.log('Redis connection restored');
          warned = false;
        });
        return client;
      },
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}

import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { PULSEBOARD_CONFIG, PulseboardConfig } from '../config/config';
import { redisOptionsFromUrl, redisRetryStrategy } from '../redis/redis';

/** Bull's root connection on REDIS_URL; feature modules register their queues with BullModule.registerQueue. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [PULSEBOARD_CONFIG],
      useFactory: (cfg: PulseboardConfig) => ({
        prefix: cfg.queuePrefix,
        redis: {
          ...redisOptionsFromUrl(cfg.redisUrl),
          // Bull's subscriber and blocking clients require these two.
          maxRetriesPerRequest: null,
          enableReadyCheck: false,
          connectTimeout: 2000,
          retryStrategy: redisRetryStrategy,
        },
      }),
    }),
  ],
  exports: [BullModule],
})
export class QueueRootModule {}

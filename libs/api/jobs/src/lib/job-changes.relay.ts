import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { InjectConfig, PulseboardConfig, redisOptionsFromUrl, redisRetryStrategy } from '@pulseboard/api/core';
import { relayChannel, RelayMessage } from '@pulseboard/api/realtime';
import { Job, ServerEvents } from '@pulseboard/shared/contracts';
import { JobsService } from './jobs.service';

/** API side: feeds job changes made by a separate worker (relayed through Redis) into JobsService.changes$ for SSE. */
@Injectable()
export class JobChangesRelay implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(JobChangesRelay.name);
  private sub?: Redis;

  constructor(
    private readonly jobs: JobsService,
    @InjectConfig() private readonly cfg: PulseboardConfig,
  ) {}

  onModuleInit(): void {
    this.sub = new Redis({ ...redisOptionsFromUrl(this.cfg.redisUrl), retryStrategy: redisRetryStrategy, maxRetriesPerRequest: null });
    this.sub.on('error', () => undefined);
    this.sub.subscribe(relayChannel(this.cfg.queuePrefix)).catch((e: Error) => this.logger.warn(`relay subscribe failed: ${e.message}`));
    this.sub.on('message', (_c: string, raw: string) => {
      try {
        const msg = JSON.parse(raw) as RelayMessage;
        if (msg.event === ServerEvents.jobUpdated) this.jobs.changes$.next(msg.payload as Job);
      } catch {
        /* not ours to judge: RelaySubscriber logs bad messages */
      }
    });
  }

  onApplicationShutdown(): void {
    this.sub?.disconnect();
  }
}

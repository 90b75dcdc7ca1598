import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bull';
import { ClusterHeartbeat, InjectConfig, PulseboardConfig } from '@pulseboard/api/core';
import { DEAD_LETTER_QUEUE, IMAGE_QUEUE, JOBS_QUEUE, RESULTS_QUEUE } from '../jobs.queues';
import { DeadLetterProcessor } from './dead-letter.processor';
import { JobsProcessor } from './jobs.processor';
import { ResultsProcessor } from './results.processor';

/** `inline`: process only when QUEUE_PROCESSORS=inline (the API); `always`: the worker. */
export const RUN_PROCESSORS = Symbol('RUN_PROCESSORS');
export type RunProcessorsMode = 'inline' | 'always';

/** Results only write to the database, through JobsService's batcher: the more in flight, the fewer statements. */
export const RESULTS_CONCURRENCY = 32;

/** Attaches one process handler per queue (no named jobs, so no "Missing process handler"). */
@Injectable()
export class ProcessorsRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ProcessorsRunner.name);

  constructor(
    @Inject(RUN_PROCESSORS) private readonly mode: RunProcessorsMode,
    @InjectConfig() private readonly cfg: PulseboardConfig,
    @InjectQueue(JOBS_QUEUE) private readonly jobsQueue: Queue,
    @InjectQueue(IMAGE_QUEUE) private readonly imageQueue: Queue,
    @InjectQueue(RESULTS_QUEUE) private readonly resultsQueue: Queue,
    @InjectQueue(DEAD_LETTER_QUEUE) private readonly deadLetterQueue: Queue,
    private readonly jobsProcessor: JobsProcessor,
    private readonly resultsProcessor: ResultsProcessor,
    private readonly deadLetterProcessor: DeadLetterProcessor,
    private readonly heartbeat: ClusterHeartbeat,
  ) {}

  get enabled(): boolean {
    return this.mode === 'always' || this.cfg.queueProcessors === 'inline';
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.heartbeat.setQueueConcurrency(this.cfg.jobConcurrency);
    const start = (q: Queue, concurrency: number, fn: (j: never) => Promise<void>) => {
      q.process(concurrency, fn as (j: unknown) => Promise<void>).catch((e: Error) =>
        this.logger.error(`queue ${q.name} stopped processing: ${e.message}`),
      );
      q.on('error', (e: Error) => this.logger.warn(`queue ${q.name}: ${e.message}`));
    };
    for (const q of [this.jobsQueue, this.imageQueue]) {
      // Handlers mostly wait (HTTP, timers, streams): with few slots a process sat idle between Redis round trips.
      start(q, this.cfg.jobConcurrency, (j) => this.jobsProcessor.process(j));
      q.on('failed', (j, err: Error) => void this.jobsProcessor.onFailed(j, err));
    }
    start(this.resultsQueue, RESULTS_CONCURRENCY, (j) => this.resultsProcessor.process(j));
    start(this.deadLetterQueue, 2, (j) => this.deadLetterProcessor.process(j));
  }

  /**
   * Shutdown, first step (the queues themselves close last): stop taking jobs here and let the running ones finish,
   * handlers first (they hand their outcome to the results and dead-letter queues, still open), then those queues'.
   * What does not finish within SHUTDOWN_TIMEOUT_MS is handed back: its lock expires and another process takes it.
   */
  async onModuleDestroy(): Promise<void> {
    if (!this.enabled) return;
    this.heartbeat.setQueueConcurrency(0);
    const drain = (queues: Queue[]) =>
      Promise.all(queues.map((q) => q.pause(true).catch((e: Error) => this.logger.warn(`queue ${q.name} did not drain: ${e.message}`))));
    await drain([this.jobsQueue, this.imageQueue]);
    await drain([this.resultsQueue, this.deadLetterQueue]);
  }
}

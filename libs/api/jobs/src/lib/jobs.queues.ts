// Queue names, payloads and Bull settings of the jobs pipeline: jobs (+ jobs-image) -> results | dead-letter.
import type { QueueOptions } from 'bull';
import type { PulseboardConfig } from '@pulseboard/api/core';

export const JOBS_QUEUE = 'jobs';
/** image.fetch runs on its own queue so Bull's limiter can enforce UNSPLASH_RATE_LIMIT_PER_HOUR. */
export const IMAGE_QUEUE = 'jobs-image';
export const RESULTS_QUEUE = 'results';
export const DEAD_LETTER_QUEUE = 'dead-letter';

export const RUN_QUEUES = [JOBS_QUEUE, IMAGE_QUEUE] as const;
export type RunQueueName = (typeof RUN_QUEUES)[number];

export const queueForType = (type: string): RunQueueName => (type === 'image.fetch' ? IMAGE_QUEUE : JOBS_QUEUE);

/** Bull data of a run: the DB row is the source of truth, so only its id travels. */
export interface RunJobData {
  jobId: string;
}
export interface ResultJobData {
  jobId: string;
  result: unknown;
  attempts: number;
}
export interface DeadLetterJobData {
  jobId: string;
  message: string;
  attempts: number;
}

export const KEEP_COMPLETED = { count: 1000, age: 24 * 3600 };
export const KEEP_FAILED = { count: 5000, age: 7 * 24 * 3600 };

/**
 * How the results and dead-letter queues retry a write that failed (the database away): 12 attempts, 1 s doubling,
 * so the last comes 1 + 2 + … + 1024 s ≈ 34 min after the first. A database outage of at least 10 minutes loses no
 * outcome; the row simply completes (or fails) late.
 */
export const OUTCOME_WRITE_RETRY = { attempts: 12, backoff: { type: 'exponential', delay: 1000 } } as const;

/** Total time over which OUTCOME_WRITE_RETRY retries (the sum of its backoff delays). */
export function outcomeRetryWindowMs(retry: { attempts: number; backoff: { delay: number } } = OUTCOME_WRITE_RETRY): number {
  let total = 0;
  for (let n = 1; n < retry.attempts; n++) total += retry.backoff.delay * 2 ** (n - 1);
  return total;
}

export function queueOptions(name: string, cfg: PulseboardConfig): QueueOptions {
  return {
    settings: {
      // A crashed worker's job is picked up again once its lock expires (stalled check), at most once more.
      lockDuration: cfg.jobLockMs,
      lockRenewTime: Math.floor(cfg.jobLockMs / 2),
      stalledInterval: Math.max(500, Math.floor(cfg.jobLockMs / 2)),
      maxStalledCount: 1,
    },
    defaultJobOptions: { removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED },
    ...(name === IMAGE_QUEUE ? { limiter: { max: cfg.unsplashRateLimitPerHour, duration: 3_600_000 } } : {}),
  };
}

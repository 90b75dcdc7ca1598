// Operations on the Bull queues of the jobs pipeline (viewer reads, operator changes).

/** Every queue `GET /api/queues` lists: the run queues (`jobs`, `jobs-image` for `image.fetch`), `results`, `dead-letter`. */
export const QUEUE_NAMES = ['jobs', 'jobs-image', 'results', 'dead-letter'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface QueueCounts {
  /** Jobs waiting to run, those held back by a pause included. */
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
}

export interface QueueInfo {
  name: QueueName | string;
  /** Paused for every worker (globally, in Redis). */
  paused: boolean;
  counts: QueueCounts;
}

export const QUEUE_CLEAN_STATUSES = ['completed', 'failed'] as const;
export type QueueCleanStatus = (typeof QUEUE_CLEAN_STATUSES)[number];
/** Largest `olderThanMs` of a clean: 365 days. */
export const QUEUE_CLEAN_MAX_AGE_MS = 365 * 24 * 3600 * 1000;

export interface CleanQueueRequest {
  status: QueueCleanStatus;
  /** Only entries that finished at least this long ago, 0..QUEUE_CLEAN_MAX_AGE_MS. */
  olderThanMs: number;
}

export interface CleanQueueResponse {
  removed: number;
}

export interface RetryFailedRequest {
  /** Only failed jobs of this type; all failed jobs without it. */
  type?: string;
}

export interface RetryFailedResponse {
  retried: number;
}

import type { IsoDateString, MinuteCount } from './common';

export const JOB_STATUSES = ['pending', 'active', 'retrying', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const JOB_TERMINAL_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];

export const JOB_TYPES = ['demo.simulate', 'image.fetch', 'webhook.deliver', 'events.export'] as const;
export type JobType = (typeof JOB_TYPES)[number];

export interface JobError {
  message: string;
  attempts: number;
}

export interface Job<P = unknown, R = unknown> {
  id: string;
  type: JobType | string;
  payload: P;
  status: JobStatus;
  /** 0..100 */
  progress: number;
  attempts: number;
  maxAttempts: number;
  result: R | null;
  error: JobError | null;
  priority: number;
  createdAt: IsoDateString;
  startedAt: IsoDateString | null;
  finishedAt: IsoDateString | null;
  updatedAt: IsoDateString;
}

export interface CreateJobRequest<P = unknown> {
  type: JobType | string;
  payload: P;
  /** 1..20, default 3 */
  maxAttempts?: number;
  priority?: number;
  delayMs?: number;
}

export interface JobListQuery {
  page?: number;
  pageSize?: number;
  sort?: string;
  status?: JobStatus;
  type?: string;
  /** Case-insensitive text searched in the payload and the error message. */
  q?: string;
}

/** One run of a job's handler. */
export interface JobAttempt {
  attempt: number;
  startedAt: IsoDateString;
  finishedAt: IsoDateString | null;
  /** The attempt's error; null while running or when it succeeded. */
  error: string | null;
}

/** A line the job's handler (or the processor about it) wrote. */
export interface JobLogLine {
  at: IsoDateString;
  line: string;
}

/** `GET /api/jobs/:id`: the job with every attempt and its last log lines (at most 200, oldest first). */
export interface JobDetail<P = unknown, R = unknown> extends Job<P, R> {
  history: JobAttempt[];
  logs: JobLogLine[];
}

/** The most log lines kept per job. */
export const JOB_LOG_LIMIT = 200;

export interface JobStats {
  counts: Record<JobStatus, number>;
  completedPerMinute: MinuteCount[];
}

export interface JobTypeInfo {
  type: JobType | string;
  description: string;
  /** JSON Schema of the payload. */
  payloadSchema: Record<string, unknown>;
  /** A valid payload to start from (addition to the v1 contract). */
  example: unknown;
}

export interface DemoSimulatePayload {
  durationMs: number;
  failTimes?: number;
  failRate?: number;
}
export interface DemoSimulateResult {
  attempt: number;
  durationMs: number;
}

export interface ImageFetchPayload {
  query: string;
}
export interface ImageFetchResult {
  id: string;
  url: string;
  thumbUrl: string;
  author: string;
  description: string | null;
}

export interface WebhookDeliverPayload {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: unknown;
}
export interface WebhookDeliverResult {
  status: number;
  durationMs: number;
}

export interface EventsExportPayload {
  filter: import('./events').EventListQuery;
  format: 'csv' | 'ndjson';
}
export interface EventsExportResult {
  downloadUrl: string;
  rows: number;
  bytes: number;
}

// What every job type implements; JobHandlerRegistry holds one instance per type.
export interface JobRunContext {
  jobId: string;
  /** 1-based attempt number. */
  attempt: number;
  /** Reports progress 0..100 (throttled before it reaches the database and the clients). */
  progress(percent: number): void;
  /** Writes a line to the job's log (GET /api/jobs/:id shows the last 200). Never put secrets in it. */
  log(line: string): void;
  signal?: AbortSignal;
}

export type JsonSchema = Record<string, unknown>;

export interface JobHandler<P = unknown, R = unknown> {
  readonly type: string;
  readonly description: string;
  /** JSON Schema of the payload, served by GET /api/jobs/types. */
  readonly payloadSchema: JsonSchema;
  /** A valid payload the console pre-fills its editor with. */
  readonly example: P;
  /** Problems with the payload; empty when it is acceptable. */
  validate(payload: unknown): string[];
  run(payload: P, ctx: JobRunContext): Promise<R>;
}

/** A failure that retrying cannot fix (e.g. missing configuration): the job goes straight to dead-letter. */
export class NonRetryableJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NonRetryableJobError';
  }
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

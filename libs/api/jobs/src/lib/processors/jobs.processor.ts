import { Injectable, Logger } from '@nestjs/common';
import type { Job as BullJob } from 'bull';
import { JobHandlerRegistry } from '../handlers/job-handler.registry';
import { NonRetryableJobError } from '../handlers/job-handler';
import { JobProcessing } from '../job-processing.service';
import type { RunJobData } from '../jobs.queues';
import { JobJournal } from '../journal/job-journal.service';

/**
 * Runs a job's handler (queues `jobs` and `jobs-image`). Success goes to `results`; the last failed attempt goes to
 * `dead-letter`; earlier failures are thrown so Bull retries them with exponential backoff. Safe to run twice for
 * the same attempt (a stalled job is re-run): every write is conditional on the job's status.
 */
@Injectable()
export class JobsProcessor {
  private readonly logger = new Logger(JobsProcessor.name);

  constructor(
    private readonly jobs: JobProcessing,
    private readonly registry: JobHandlerRegistry,
    private readonly journal: JobJournal,
  ) {}

  async process(bullJob: BullJob<RunJobData>): Promise<void> {
    const { jobId } = bullJob.data;
    const attempt = bullJob.attemptsMade + 1;
    const row = await this.jobs.markActive(jobId, attempt);
    if (!row) return; // cancelled, finished or deleted meanwhile
    const handler = this.registry.get(row.type);
    const maxAttempts = bullJob.opts.attempts ?? 1;
    const started = Date.now();
    await this.journal.attemptStarted(jobId, attempt);
    this.journal.log(jobId, `attempt ${attempt} of ${maxAttempts} started`);
    let result: unknown;
    try {
      if (!handler) throw new NonRetryableJobError(`No handler for job type '${row.type}'`);
      result = await handler.run(row.payload, {
        jobId,
        attempt,
        progress: (n) => this.jobs.reportProgress(jobId, n),
        log: (line) => this.journal.log(jobId, line),
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const final = e instanceof NonRetryableJobError || attempt >= maxAttempts;
      this.journal.log(jobId, `attempt ${attempt} failed after ${Date.now() - started} ms: ${message}${final ? '' : ' (will retry)'}`);
      await this.journal.attemptEnded(jobId, attempt, message);
      if (final) {
        if (attempt < maxAttempts) await bullJob.discard();
        await this.jobs.enqueueDeadLetter(jobId, message, attempt);
      } else {
        await this.jobs.markRetrying(jobId, message, attempt);
      }
      throw e;
    }
    this.journal.log(jobId, `attempt ${attempt} succeeded in ${Date.now() - started} ms`);
    await this.journal.attemptEnded(jobId, attempt, null);
    await this.jobs.enqueueResult(jobId, result, attempt);
  }

  /** Bull's `failed` event: also covers failures that never reached process() (e.g. stalled too often). */
  async onFailed(bullJob: BullJob<RunJobData>, err: Error): Promise<void> {
    try {
      if (await bullJob.isFailed()) {
        await this.jobs.enqueueDeadLetter(bullJob.data.jobId, err.message, Math.max(1, bullJob.attemptsMade));
      }
    } catch (e) {
      this.logger.warn(`dead-letter routing of job ${bullJob.data.jobId} failed: ${(e as Error).message}`);
    }
  }
}

import { Injectable } from '@nestjs/common';
import type { Job as BullJob } from 'bull';
import { JobProcessing } from '../job-processing.service';
import type { DeadLetterJobData } from '../jobs.queues';

/** `dead-letter` queue: writes the error and marks the job failed (idempotent). */
@Injectable()
export class DeadLetterProcessor {
  constructor(private readonly jobs: JobProcessing) {}

  async process(bullJob: BullJob<DeadLetterJobData>): Promise<void> {
    await this.jobs.fail(bullJob.data.jobId, bullJob.data.message, bullJob.data.attempts);
  }
}

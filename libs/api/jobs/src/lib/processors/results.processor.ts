import { Injectable } from '@nestjs/common';
import type { Job as BullJob } from 'bull';
import { JobProcessing } from '../job-processing.service';
import type { ResultJobData } from '../jobs.queues';

/** `results` queue: stores the result and marks the job completed (idempotent). */
@Injectable()
export class ResultsProcessor {
  constructor(private readonly jobs: JobProcessing) {}

  async process(bullJob: BullJob<ResultJobData>): Promise<void> {
    await this.jobs.complete(bullJob.data.jobId, bullJob.data.result, bullJob.data.attempts);
  }
}

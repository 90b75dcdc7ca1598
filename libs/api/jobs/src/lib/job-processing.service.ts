import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bull';
import { WriteBatcher } from '@pulseboard/api/core';
import type { JobStatus } from '@pulseboard/shared/contracts';
import { JobEntity } from './job.entity';
import { MAX_BATCH } from './jobs.repository';
import { JobRecords } from './job-records.service';
import { DEAD_LETTER_QUEUE, KEEP_COMPLETED, KEEP_FAILED, OUTCOME_WRITE_RETRY, RESULTS_QUEUE } from './jobs.queues';

/** At most this often per job do progress updates reach the database and the clients. */
export const PROGRESS_THROTTLE_MS = 250;

interface ProgressState {
  last: number;
  pending?: number;
  timer?: NodeJS.Timeout;
}

/**
 * What happens to a job while it runs, for the processors (worker or inline) and the reconciler: activation,
 * progress (throttled), retrying, the outcome. Every write is conditional on the current status, so replays are
 * harmless; concurrent activations and completions share one statement each (SQLite's one connection).
 */
@Injectable()
export class JobProcessing implements OnModuleDestroy {
  private readonly logger = new Logger(JobProcessing.name);
  private readonly progress = new Map<string, ProgressState>();
  private readonly activations: WriteBatcher<{ id: string; attempt: number }, JobEntity | null>;
  private readonly completions: WriteBatcher<{ id: string; result: unknown; attempts: number }, JobEntity | null>;

  constructor(
    private readonly records: JobRecords,
    @InjectQueue(RESULTS_QUEUE) private readonly resultsQueue: Queue,
    @InjectQueue(DEAD_LETTER_QUEUE) private readonly deadLetterQueue: Queue,
  ) {
    this.activations = new WriteBatcher(async (items) => {
      const startedAt = new Date();
      return this.records.transitionMany(
        items.map((i) => ({ id: i.id, changes: { status: 'active', attempts: i.attempt, startedAt, progress: 0 } })),
        ['pending', 'retrying', 'active'],
      );
    }, MAX_BATCH);
    this.completions = new WriteBatcher(async (items) => {
      const finishedAt = new Date();
      return this.records.transitionMany(
        items.map((i) => ({
          id: i.id,
          changes: { status: 'completed', result: i.result ?? null, error: null, progress: 100, attempts: i.attempts, finishedAt },
        })),
        ['pending', 'active', 'retrying'],
      );
    }, MAX_BATCH);
  }

  onModuleDestroy(): void {
    for (const s of this.progress.values()) clearTimeout(s.timer);
    this.progress.clear();
  }

  /** pending/retrying (or active again after a crash) -> active; null when the job is gone, cancelled or finished. */
  async markActive(id: string, attempt: number): Promise<JobEntity | null> {
    const row = await this.activations.add({ id, attempt });
    if (row) this.records.emit(row);
    return row;
  }

  async markRetrying(id: string, message: string, attempt: number): Promise<void> {
    this.dropProgress(id);
    const row = await this.records.transition(id, ['active'], { status: 'retrying', error: { message, attempts: attempt } });
    if (row) this.records.emit(row);
  }

  async complete(id: string, result: unknown, attempts: number): Promise<void> {
    this.dropProgress(id);
    const row = await this.completions.add({ id, result, attempts });
    if (row) this.records.emit(row);
  }

  async fail(id: string, message: string, attempts: number): Promise<void> {
    this.dropProgress(id);
    const row = await this.records.transition(id, ['pending', 'active', 'retrying'], {
      status: 'failed',
      error: { message, attempts },
      attempts,
      finishedAt: new Date(),
    });
    if (row) this.records.emit(row);
  }

  /** Throttled per job (leading + trailing); 100 is written at once. */
  reportProgress(id: string, percent: number): void {
    const value = Math.max(0, Math.min(100, Math.round(percent)));
    const s = this.progress.get(id) ?? { last: 0 };
    this.progress.set(id, s);
    const wait = s.last + PROGRESS_THROTTLE_MS - Date.now();
    if (value >= 100 || wait <= 0) {
      clearTimeout(s.timer);
      s.timer = undefined;
      s.pending = undefined;
      s.last = Date.now();
      void this.writeProgress(id, value);
      return;
    }
    s.pending = value;
    s.timer ??= setTimeout(() => {
      s.timer = undefined;
      if (s.pending === undefined) return;
      const v = s.pending;
      s.pending = undefined;
      s.last = Date.now();
      void this.writeProgress(id, v);
    }, wait);
  }

  async enqueueDeadLetter(jobId: string, message: string, attempts: number): Promise<void> {
    await this.deadLetterQueue.add(
      { jobId, message, attempts },
      { ...OUTCOME_WRITE_RETRY, removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED },
    );
  }

  async enqueueResult(jobId: string, result: unknown, attempts: number): Promise<void> {
    await this.resultsQueue.add(
      { jobId, result, attempts },
      { ...OUTCOME_WRITE_RETRY, removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED },
    );
  }

  // ---- reconciler-facing (JobReconciler: rows the queue lost track of) ----

  /** The Bull job of a row, and its state ('missing' when Redis holds none). */
  async queueStateOf(row: JobEntity): Promise<string> {
    const bullJob = await this.records.queueOf(row.type).getJob(row.id);
    return bullJob ? bullJob.getState() : 'missing';
  }

  /**
   * A row whose queue entry is gone (Redis lost it, or the worker running it died and Bull gave up): queued again
   * when it has attempts left, otherwise failed with a reason that says what happened.
   */
  async recover(row: JobEntity, reason: string): Promise<'requeued' | 'failed' | null> {
    const from: JobStatus[] = [row.status];
    if (row.status === 'pending' || row.attempts < row.maxAttempts) {
      const changed = await this.records.transition(row.id, from, {
        status: 'pending',
        error: row.status === 'pending' ? row.error : { message: reason, attempts: row.attempts },
      });
      if (!changed) return null;
      const stale = await this.records.queueOf(row.type).getJob(row.id);
      if (stale) await stale.remove().catch(() => undefined); // a failed or stuck entry would keep the id taken
      await this.records.enqueue(changed);
      this.records.emit(changed);
      return 'requeued';
    }
    const failed = await this.records.transition(row.id, from, {
      status: 'failed',
      error: { message: reason, attempts: row.attempts },
      finishedAt: new Date(),
    });
    if (!failed) return null;
    this.records.emit(failed);
    return 'failed';
  }

  private async writeProgress(id: string, progress: number): Promise<void> {
    try {
      const row = await this.records.transition(id, ['active'], { progress });
      if (row) this.records.emit(row);
    } catch (e) {
      this.logger.warn(`progress of job ${id} not saved: ${(e as Error).message}`);
    }
    if (progress >= 100) this.progress.delete(id);
  }

  private dropProgress(id: string): void {
    const s = this.progress.get(id);
    if (s) clearTimeout(s.timer);
    this.progress.delete(id);
  }
}

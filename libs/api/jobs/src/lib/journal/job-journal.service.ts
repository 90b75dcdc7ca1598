// The record of a job's runs: when each attempt started and ended and why it failed, and the lines its handler wrote.
// Written by the processors (in the API or the worker), read by GET /api/jobs/:id. A failure to write here is logged
// and never fails the job itself.
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SqlDialect, WriteBatcher } from '@pulseboard/api/core';
import { JOB_LOG_LIMIT, JobAttempt, JobLogLine } from '@pulseboard/shared/contracts';
import { JobAttemptEntity, JobLogEntity } from './job-journal.entities';

const MAX_LINE = 1000;
const MAX_ERROR = 2000;
/** Lines a job may write beyond the limit before the oldest are deleted (pruning in steps, not on every line). */
const PRUNE_SLACK = 50;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
/** Attempt rows per statement (5 columns each). */
const ATTEMPTS_PER_STATEMENT = 200;

type AttemptWrite = { id: string; row: JobAttemptEntity };

@Injectable()
export class JobJournal {
  private readonly logger = new Logger(JobJournal.name);
  private buffer: JobLogEntity[] = [];
  private flushing: Promise<void> | null = null;
  /** Lines per job since its last prune (a long run is pruned as it goes). */
  private readonly written = new Map<string, number>();
  /** Lines per job since its attempt started here. */
  private readonly linesThisRun = new Map<string, number>();
  // Attempts starting or ending at about the same time (many jobs in parallel) are written in one statement each way.
  private readonly starts = this.attemptWrites(['startedAt', 'finishedAt', 'error']);
  private readonly ends = this.attemptWrites(['finishedAt', 'error']);

  constructor(
    @InjectRepository(JobAttemptEntity) private readonly attempts: Repository<JobAttemptEntity>,
    @InjectRepository(JobLogEntity) private readonly logs: Repository<JobLogEntity>,
    private readonly sql: SqlDialect,
  ) {}

  /** An attempt begins (again, if a stalled run is replayed: the row starts over). */
  async attemptStarted(jobId: string, attempt: number): Promise<void> {
    await this.safely(`attempt ${attempt} of job ${jobId}`, () =>
      this.starts.add(this.attemptWrite(jobId, attempt, { startedAt: new Date(), finishedAt: null, error: null })),
    );
  }

  /** An attempt ends: `error` null when it succeeded. */
  async attemptEnded(jobId: string, attempt: number, error: string | null): Promise<void> {
    const now = new Date();
    // (Should its start have gone unrecorded, the row is created with the end as its start.)
    const ended = { startedAt: now, finishedAt: now, error: error === null ? null : clip(error, MAX_ERROR) };
    await this.safely(`attempt ${attempt} of job ${jobId}`, () => this.ends.add(this.attemptWrite(jobId, attempt, ended)));
    await this.flush();
    // A first attempt that wrote no more than the limit here left no more than the limit: nothing to prune. (A
    // first attempt re-run after a stall elsewhere may leave more, until its job's next attempt ends; reads show the
    // newest lines only either way.)
    const lines = this.linesThisRun.get(jobId) ?? 0;
    this.linesThisRun.delete(jobId);
    if (attempt > 1 || lines > JOB_LOG_LIMIT) await this.prune(jobId);
    else this.written.delete(jobId);
  }

  private attemptWrite(jobId: string, attempt: number, fields: Omit<JobAttemptEntity, 'jobId' | 'attempt'>): AttemptWrite {
    return { id: `${jobId}:${attempt}`, row: Object.assign(new JobAttemptEntity(), { jobId, attempt, ...fields }) };
  }

  /** Upserts of attempt rows that change `update` when the row exists. */
  private attemptWrites(update: (keyof JobAttemptEntity & string)[]): WriteBatcher<AttemptWrite, void> {
    return new WriteBatcher<AttemptWrite, void>(
      (items) =>
        this.sql.insertMany(
          JobAttemptEntity,
          items.map((i) => i.row),
          { upsert: { conflict: ['jobId', 'attempt'], update } },
        ),
      ATTEMPTS_PER_STATEMENT,
    );
  }

  /** A log line of the job; lines written together are stored in one statement. */
  log(jobId: string, line: string): void {
    this.buffer.push(Object.assign(new JobLogEntity(), { jobId, at: new Date(), line: clip(line.replace(/\r?\n/g, ' '), MAX_LINE) }));
    this.written.set(jobId, (this.written.get(jobId) ?? 0) + 1);
    this.linesThisRun.set(jobId, (this.linesThisRun.get(jobId) ?? 0) + 1);
    this.flushing ??= new Promise<void>((r) => setImmediate(r)).then(() => this.drain());
  }

  /** Writes the buffered lines now. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async history(jobId: string): Promise<{ history: JobAttempt[]; logs: JobLogLine[] }> {
    await this.flush();
    const [attempts, lines] = await Promise.all([
      this.attempts.find({ where: { jobId }, order: { attempt: 'ASC' } }),
      this.logs.find({ where: { jobId }, order: { id: 'DESC' }, take: JOB_LOG_LIMIT }),
    ]);
    return {
      history: attempts.map((a) => ({
        attempt: a.attempt,
        startedAt: iso(a.startedAt),
        finishedAt: a.finishedAt ? iso(a.finishedAt) : null,
        error: a.error,
      })),
      logs: lines.reverse().map((l) => ({ at: iso(l.at), line: l.line })),
    };
  }

  private async drain(): Promise<void> {
    while (this.buffer.length) {
      const rows = this.buffer.splice(0, 200);
      await this.safely(`${rows.length} log lines`, () => this.sql.insertMany(JobLogEntity, rows));
    }
    this.flushing = null;
    for (const [jobId, n] of this.written) if (n > JOB_LOG_LIMIT + PRUNE_SLACK) await this.prune(jobId);
  }

  /** Keeps the newest JOB_LOG_LIMIT lines of a job. */
  private async prune(jobId: string): Promise<void> {
    this.written.delete(jobId);
    await this.safely(`pruning the log of job ${jobId}`, async () => {
      const [oldestKept] = await this.logs.find({
        select: { id: true },
        where: { jobId },
        order: { id: 'DESC' },
        skip: JOB_LOG_LIMIT - 1,
        take: 1,
      });
      if (oldestKept)
        await this.logs.createQueryBuilder().delete().where('"jobId" = :jobId AND "id" < :id', { jobId, id: oldestKept.id }).execute();
    });
  }

  private async safely(what: string, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (e) {
      this.logger.warn(`job journal: ${what} not saved: ${(e as Error).message}`);
    }
  }
}

const iso = (d: Date | string): string => new Date(d).toISOString();

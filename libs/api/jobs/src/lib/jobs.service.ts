import { InjectQueue } from '@nestjs/bull';
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  OnModuleDestroy,
  ServiceUnavailableException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Subject } from 'rxjs';
import { Repository } from 'typeorm';
import { InjectConfig, PulseboardConfig, REDIS, resolveSort, UnitOfWork, withTimeout } from '@pulseboard/api/core';
import { RealtimePublisher } from '@pulseboard/api/realtime';
import { Job, JOB_STATUSES, JobStats, JobStatus, jobTopic, MinuteCount, Page, ServerEvents } from '@pulseboard/shared/contracts';
import { CreateJobDto } from './dto/create-job.dto';
import { JobListQueryDto } from './dto/job-list-query.dto';
import { JobEntity, toJob } from './job.entity';
import { JobChanges, JobStore, WriteBatcher } from './job-store';
import { JobHandlerRegistry } from './handlers/job-handler.registry';
import {
  DEAD_LETTER_QUEUE,
  IMAGE_QUEUE,
  JOBS_QUEUE,
  KEEP_COMPLETED,
  KEEP_FAILED,
  OUTCOME_WRITE_RETRY,
  queueForType,
  RESULTS_QUEUE,
  RunJobData,
} from './jobs.queues';

export const JOB_SORT_FIELDS = ['createdAt', 'updatedAt', 'status', 'type', 'priority', 'progress'] as const;
const QUEUE_UNAVAILABLE = 'Job queue unavailable: Redis is not reachable; nothing was stored';
/** At most this often per job do progress updates reach the database and the clients. */
export const PROGRESS_THROTTLE_MS = 250;
const ENQUEUE_TIMEOUT_MS = 2000;
/** Failed jobs retried at once by retryFailed. */
const RETRY_FAILED_CHUNK = 50;

interface ProgressState {
  last: number;
  pending?: number;
  timer?: NodeJS.Timeout;
}

/** The rules of the jobs pipeline and the only writer of the jobs table. */
@Injectable()
export class JobsService implements OnModuleDestroy {
  private readonly logger = new Logger(JobsService.name);
  /** Every change of a job seen by this process (local writes, and worker writes relayed to the API). */
  readonly changes$ = new Subject<Job>();
  private readonly progress = new Map<string, ProgressState>();
  private readonly store: JobStore;
  // Concurrent requests and processors share one SQLite connection: each of these writes a whole batch per statement.
  private readonly inserts: WriteBatcher<JobEntity, undefined>;
  private readonly activations: WriteBatcher<{ id: string; attempt: number }, JobEntity | null>;
  private readonly completions: WriteBatcher<{ id: string; result: unknown; attempts: number }, JobEntity | null>;

  constructor(
    @InjectRepository(JobEntity) private readonly repo: Repository<JobEntity>,
    @InjectQueue(JOBS_QUEUE) private readonly jobsQueue: Queue<RunJobData>,
    @InjectQueue(IMAGE_QUEUE) private readonly imageQueue: Queue<RunJobData>,
    @InjectQueue(RESULTS_QUEUE) private readonly resultsQueue: Queue,
    @InjectQueue(DEAD_LETTER_QUEUE) private readonly deadLetterQueue: Queue,
    private readonly registry: JobHandlerRegistry,
    private readonly publisher: RealtimePublisher,
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly cfg: PulseboardConfig,
    private readonly uow: UnitOfWork,
  ) {
    this.store = new JobStore(repo.manager.connection);
    this.inserts = new WriteBatcher(async (rows) => {
      await this.store.insert(rows);
      return rows.map(() => undefined);
    });
    this.activations = new WriteBatcher(async (items) => {
      const startedAt = new Date();
      return this.transitionMany(
        items.map((i) => ({ id: i.id, changes: { status: 'active', attempts: i.attempt, startedAt, progress: 0 } })),
        ['pending', 'retrying', 'active'],
      );
    });
    this.completions = new WriteBatcher(async (items) => {
      const finishedAt = new Date();
      return this.transitionMany(
        items.map((i) => ({
          id: i.id,
          changes: { status: 'completed', result: i.result ?? null, error: null, progress: 100, attempts: i.attempts, finishedAt },
        })),
        ['pending', 'active', 'retrying'],
      );
    });
  }

  onModuleDestroy(): void {
    for (const s of this.progress.values()) clearTimeout(s.timer);
    this.progress.clear();
    this.changes$.complete();
  }

  // ---- HTTP-facing ----

  async create(dto: CreateJobDto): Promise<Job> {
    const handler = this.registry.get(dto.type);
    if (!handler) {
      throw new BadRequestException([`type must be one of ${this.registry.types().join(', ')}, got '${dto.type}'`]);
    }
    const problems = handler.validate(dto.payload);
    if (problems.length) throw new BadRequestException(problems);
    this.assertQueueReachable();
    const now = new Date();
    const row = this.repo.create({
      id: randomUUID(),
      type: dto.type,
      payload: dto.payload,
      status: 'pending',
      progress: 0,
      attempts: 0,
      maxAttempts: dto.maxAttempts ?? 3,
      result: null,
      error: null,
      priority: dto.priority ?? 0,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      updatedAt: now,
    });
    const runner = this.uow.runner();
    if (runner) {
      // Inside a unit of work (an Idempotency-Key request): the row commits with the stored answer, and is queued
      // once committed (a worker must find it). Should that fail, the reconciler queues the pending row again.
      await this.store.insert([row], runner);
      this.uow.afterCommit(() => {
        withTimeout(this.enqueue(row, dto.delayMs), ENQUEUE_TIMEOUT_MS).catch((e: Error) =>
          this.logger.warn(`enqueue of job ${row.id} failed (${e.message}); the reconciler queues it again`),
        );
      });
      return this.emit(row);
    }
    await this.inserts.add(row);
    try {
      await withTimeout(this.enqueue(row, dto.delayMs), ENQUEUE_TIMEOUT_MS);
    } catch (e) {
      // Nothing may stay stored when the job could not be queued.
      await this.repo.delete({ id: row.id });
      this.logger.warn(`enqueue of job ${row.id} failed: ${(e as Error).message}`);
      throw new ServiceUnavailableException(QUEUE_UNAVAILABLE);
    }
    return this.emit(row);
  }

  async list(q: JobListQueryDto): Promise<Page<Job>> {
    const sort = resolveSort(q.sort, JOB_SORT_FIELDS, '-createdAt');
    const where: Partial<Pick<JobEntity, 'status' | 'type'>> = {};
    if (q.status) where.status = q.status;
    if (q.type) where.type = q.type;
    const order: Record<string, 'ASC' | 'DESC'> = {
      [sort.field]: sort.direction,
      ...(sort.field === 'createdAt' ? {} : { createdAt: 'DESC' }),
      id: 'DESC',
    };
    const [rows, total] = q.q
      ? await this.search(q.q, where, order, q)
      : await this.repo.findAndCount({ where, order, skip: (q.page - 1) * q.pageSize, take: q.pageSize });
    return { items: rows.map((r) => this.view(r)), total, page: q.page, pageSize: q.pageSize, nextCursor: null };
  }

  /** A text search in the payload and the error message: a scan, bounded by the filters and the page. */
  private search(
    text: string,
    where: Partial<Pick<JobEntity, 'status' | 'type'>>,
    order: Record<string, 'ASC' | 'DESC'>,
    q: JobListQueryDto,
  ) {
    const like = this.repo.manager.connection.options.type === 'postgres' ? 'ILIKE' : 'LIKE';
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const qb = this.repo
      .createQueryBuilder('j')
      .where(`(j.payload ${like} :pattern ESCAPE '\\' OR j.error ${like} :pattern ESCAPE '\\')`, { pattern });
    if (where.status) qb.andWhere('j.status = :status', { status: where.status });
    if (where.type) qb.andWhere('j.type = :type', { type: where.type });
    for (const [field, dir] of Object.entries(order)) qb.addOrderBy(`j.${field}`, dir);
    return qb
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
  }

  async get(id: string): Promise<Job> {
    return this.view(await this.findOrThrow(id));
  }

  /** The row, for the download endpoint. */
  async findOrThrow(id: string): Promise<JobEntity> {
    const row = await this.repo.findOneBy({ id });
    if (!row) throw new NotFoundException(`Job '${id}' not found`);
    return row;
  }

  async retry(id: string): Promise<Job> {
    const before = await this.findOrThrow(id);
    if (before.status !== 'failed' && before.status !== 'cancelled') {
      throw new ConflictException(`Job '${id}' is ${before.status}; only failed or cancelled jobs can be retried`);
    }
    this.assertQueueReachable('Job queue unavailable: Redis is not reachable; the job was not changed');
    const row = await this.transition(id, ['failed', 'cancelled'], {
      status: 'pending',
      attempts: 0,
      progress: 0,
      result: null,
      error: null,
      startedAt: null,
      finishedAt: null,
    });
    if (!row) return this.retryConflict(id);
    try {
      await withTimeout(
        this.removeFromQueue(row).then(() => this.enqueue(row)),
        ENQUEUE_TIMEOUT_MS,
      );
    } catch (e) {
      // Back to what it was, unless something moved it on meanwhile (a conditional write, like every other).
      const restored = await this.transition(id, ['pending'], {
        status: before.status,
        attempts: before.attempts,
        progress: before.progress,
        result: before.result,
        error: before.error,
        startedAt: before.startedAt,
        finishedAt: before.finishedAt,
      });
      if (restored) this.emit(restored);
      this.logger.warn(`re-enqueue of job ${id} failed: ${(e as Error).message}`);
      throw new ServiceUnavailableException('Job queue unavailable: Redis is not reachable; the job was not changed');
    }
    return this.emit(row);
  }

  /**
   * Every failed job (of `type`, when given) back to `pending`, each through `retry` like `POST /api/jobs/:id/retry`;
   * a job another request changed meanwhile is skipped. The number retried.
   */
  async retryFailed(type?: string): Promise<number> {
    if (type !== undefined && !this.registry.get(type)) {
      throw new BadRequestException([`type must be one of ${this.registry.types().join(', ')}, got '${type}'`]);
    }
    this.assertQueueReachable('Job queue unavailable: Redis is not reachable; no job was changed');
    const rows = await this.repo.find({
      select: { id: true },
      where: { status: 'failed', ...(type ? { type } : {}) },
      order: { createdAt: 'ASC' },
    });
    let retried = 0;
    for (let i = 0; i < rows.length; i += RETRY_FAILED_CHUNK) {
      const settled = await Promise.allSettled(rows.slice(i, i + RETRY_FAILED_CHUNK).map((r) => this.retry(r.id)));
      for (const s of settled) {
        if (s.status === 'fulfilled') retried++;
        else if (!(s.reason instanceof ConflictException || s.reason instanceof NotFoundException)) throw s.reason;
      }
    }
    return retried;
  }

  async cancel(id: string): Promise<Job> {
    const row = await this.transition(id, ['pending', 'retrying'], { status: 'cancelled', finishedAt: new Date() });
    if (!row) {
      const current = await this.findOrThrow(id);
      throw new ConflictException(`Job '${id}' is ${current.status}; only pending or retrying jobs can be cancelled`);
    }
    // The row already says cancelled, so a run that starts anyway skips it; removing is best effort.
    await withTimeout(this.removeFromQueue(row), ENQUEUE_TIMEOUT_MS).catch((e: Error) =>
      this.logger.warn(`removing job ${id} from the queue failed: ${e.message}`),
    );
    return this.emit(row);
  }

  async stats(now = new Date()): Promise<JobStats> {
    const counts = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
    const raw = await this.repo
      .createQueryBuilder('j')
      .select('j.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .groupBy('j.status')
      .getRawMany<{ status: JobStatus; n: string | number }>();
    for (const r of raw) if (r.status in counts) counts[r.status] = Number(r.n);
    const end = Math.floor(now.getTime() / 60_000) * 60_000;
    const start = end - 59 * 60_000;
    const rows = await this.repo
      .createQueryBuilder('j')
      .select('j.finishedAt', 'finishedAt')
      .where('j.status = :s', { s: 'completed' })
      .andWhere('j.finishedAt >= :since', { since: new Date(start) })
      .getRawMany<{ finishedAt: string | Date }>();
    const buckets = new Array<number>(60).fill(0);
    for (const r of rows) {
      const t =
        r.finishedAt instanceof Date
          ? r.finishedAt.getTime()
          : Date.parse(/Z|[+-]\d\d:?\d\d$/.test(r.finishedAt) ? r.finishedAt : `${r.finishedAt.replace(' ', 'T')}Z`);
      const i = Math.floor((t - start) / 60_000);
      if (i >= 0 && i < 60) buckets[i]++;
    }
    const completedPerMinute: MinuteCount[] = buckets.map((count, i) => ({ at: new Date(start + i * 60_000).toISOString(), count }));
    return { counts, completedPerMinute };
  }

  types() {
    return this.registry.describe();
  }

  // ---- processor-facing (every write is conditional on the current status, so replays are harmless) ----

  /** pending/retrying (or active again after a crash) -> active; null when the job is gone, cancelled or finished. */
  async markActive(id: string, attempt: number): Promise<JobEntity | null> {
    const row = await this.activations.add({ id, attempt });
    if (row) this.emit(row);
    return row;
  }

  async markRetrying(id: string, message: string, attempt: number): Promise<void> {
    this.dropProgress(id);
    const row = await this.transition(id, ['active'], { status: 'retrying', error: { message, attempts: attempt } });
    if (row) this.emit(row);
  }

  async complete(id: string, result: unknown, attempts: number): Promise<void> {
    this.dropProgress(id);
    const row = await this.completions.add({ id, result, attempts });
    if (row) this.emit(row);
  }

  async fail(id: string, message: string, attempts: number): Promise<void> {
    this.dropProgress(id);
    const row = await this.transition(id, ['pending', 'active', 'retrying'], {
      status: 'failed',
      error: { message, attempts },
      attempts,
      finishedAt: new Date(),
    });
    if (row) this.emit(row);
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
    const bullJob = await this.queueOf(row.type).getJob(row.id);
    return bullJob ? bullJob.getState() : 'missing';
  }

  /**
   * A row whose queue entry is gone (Redis lost it, or the worker running it died and Bull gave up): queued again
   * when it has attempts left, otherwise failed with a reason that says what happened.
   */
  async recover(row: JobEntity, reason: string): Promise<'requeued' | 'failed' | null> {
    const from: JobStatus[] = [row.status];
    if (row.status === 'pending' || row.attempts < row.maxAttempts) {
      const changed = await this.transition(row.id, from, {
        status: 'pending',
        error: row.status === 'pending' ? row.error : { message: reason, attempts: row.attempts },
      });
      if (!changed) return null;
      const stale = await this.queueOf(row.type).getJob(row.id);
      if (stale) await stale.remove().catch(() => undefined); // a failed or stuck entry would keep the id taken
      await this.enqueue(changed);
      this.emit(changed);
      return 'requeued';
    }
    const failed = await this.transition(row.id, from, {
      status: 'failed',
      error: { message: reason, attempts: row.attempts },
      finishedAt: new Date(),
    });
    if (!failed) return null;
    this.emit(failed);
    return 'failed';
  }

  // ---- internals ----

  private async writeProgress(id: string, progress: number): Promise<void> {
    try {
      const row = await this.transition(id, ['active'], { progress });
      if (row) this.emit(row);
    } catch (e) {
      this.logger.warn(`progress of job ${id} not saved: ${(e as Error).message}`);
    }
    if (progress >= 100) this.progress.delete(id);
  }

  /** The job as every read path shows it: secret payload fields masked (REST, SSE, socket pushes, the 202 answer). */
  private view(row: JobEntity): Job {
    const job = toJob(row);
    return { ...job, payload: this.registry.redact(job.type, job.payload) };
  }

  private dropProgress(id: string): void {
    const s = this.progress.get(id);
    if (s) clearTimeout(s.timer);
    this.progress.delete(id);
  }

  private assertQueueReachable(message = QUEUE_UNAVAILABLE): void {
    if (this.redis.status !== 'ready') throw new ServiceUnavailableException(message);
  }

  private queueOf(type: string): Queue<RunJobData> {
    return queueForType(type) === IMAGE_QUEUE ? this.imageQueue : this.jobsQueue;
  }

  private async enqueue(row: JobEntity, delayMs?: number): Promise<void> {
    await this.queueOf(row.type).add(
      { jobId: row.id },
      {
        jobId: row.id,
        attempts: row.maxAttempts,
        backoff: { type: 'exponential', delay: this.cfg.jobBackoffMs },
        ...(row.priority > 0 ? { priority: row.priority } : {}),
        ...(delayMs ? { delay: delayMs } : {}),
        removeOnComplete: KEEP_COMPLETED,
        removeOnFail: KEEP_FAILED,
      },
    );
  }

  /** Removes the Bull job of a row (its id is the row's id), unless a worker holds it right now. */
  private async removeFromQueue(row: JobEntity): Promise<void> {
    const bullJob = await this.queueOf(row.type).getJob(row.id);
    if (bullJob) await bullJob.remove().catch((e: Error) => this.logger.warn(`job ${row.id} stays in the queue: ${e.message}`));
  }

  private async retryConflict(id: string): Promise<never> {
    const current = await this.findOrThrow(id);
    throw new ConflictException(`Job '${id}' is ${current.status}; only failed or cancelled jobs can be retried`);
  }

  /** One conditional UPDATE: applies `set` only while the job is in one of `from`; the row as written, or null. */
  private async transition(id: string, from: JobStatus[], set: JobChanges): Promise<JobEntity | null> {
    return (await this.store.transition([{ id, changes: set }], from)).get(id) ?? null;
  }

  /** The same for many jobs in one statement; per item the row as written, or null. */
  private async transitionMany(items: { id: string; changes: JobChanges }[], from: JobStatus[]): Promise<(JobEntity | null)[]> {
    const rows = await this.store.transition(items, from);
    return items.map((i) => rows.get(i.id) ?? null);
  }

  private emit(row: JobEntity): Job {
    const job = this.view(row);
    this.uow.afterCommit(() => {
      this.publisher.publish(ServerEvents.jobUpdated, job, ['jobs', jobTopic(job.id)]);
      this.changes$.next(job);
    });
    return job;
  }
}

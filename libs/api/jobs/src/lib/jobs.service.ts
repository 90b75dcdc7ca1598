import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Observable } from 'rxjs';
import { resolveSort, UnitOfWork, withTimeout, WriteBatcher } from '@pulseboard/api/core';
import { Job, JOB_ACTION_FROM, Page } from '@pulseboard/shared/contracts';
import { CreateJobDto } from './dto/create-job.dto';
import { JobListQueryDto } from './dto/job-list-query.dto';
import { JobEntity } from './job.entity';
import { MAX_BATCH } from './jobs.repository';
import { JobHandlerRegistry } from './handlers/job-handler.registry';
import { ENQUEUE_TIMEOUT_MS, JobRecords, QUEUE_UNAVAILABLE } from './job-records.service';

export const JOB_SORT_FIELDS = ['createdAt', 'updatedAt', 'status', 'type', 'priority', 'progress'] as const;
/** Failed jobs retried at once by retryFailed. */
const RETRY_FAILED_CHUNK = 50;

/** The HTTP rules of jobs: create, list, read, retry and cancel. Writes go through JobRecords. */
@Injectable()
export class JobsService {
  private readonly logger = new Logger(JobsService.name);
  // Concurrent requests share one SQLite connection: their inserts go in one statement per batch.
  private readonly inserts: WriteBatcher<JobEntity, void>;

  constructor(
    private readonly records: JobRecords,
    private readonly registry: JobHandlerRegistry,
    private readonly uow: UnitOfWork,
  ) {
    this.inserts = new WriteBatcher((rows) => this.records.store.insert(rows), MAX_BATCH);
  }

  /** Every change of a job seen by this process (for SSE streams). */
  get changes$(): Observable<Job> {
    return this.records.changes$;
  }

  async create(dto: CreateJobDto): Promise<Job> {
    const handler = this.registry.get(dto.type);
    if (!handler) {
      throw new BadRequestException([`type must be one of ${this.registry.types().join(', ')}, got '${dto.type}'`]);
    }
    const problems = handler.validate(dto.payload);
    if (problems.length) throw new BadRequestException(problems);
    this.records.assertQueueReachable();
    const now = new Date();
    const row = this.records.repo.create({
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
    if (this.uow.runner()) {
      // Inside a unit of work (an Idempotency-Key request): the row commits with the stored answer, and is queued
      // once committed (a worker must find it). Should that fail, the reconciler queues the pending row again.
      await this.records.store.insert([row]);
      this.uow.afterCommit(() => {
        withTimeout(this.records.enqueue(row, dto.delayMs), ENQUEUE_TIMEOUT_MS).catch((e: Error) =>
          this.logger.warn(`enqueue of job ${row.id} failed (${e.message}); the reconciler queues it again`),
        );
      });
      return this.records.emit(row);
    }
    await this.inserts.add(row);
    try {
      await withTimeout(this.records.enqueue(row, dto.delayMs), ENQUEUE_TIMEOUT_MS);
    } catch (e) {
      // Nothing may stay stored when the job could not be queued.
      await this.records.repo.delete({ id: row.id });
      this.logger.warn(`enqueue of job ${row.id} failed: ${(e as Error).message}`);
      throw new ServiceUnavailableException(QUEUE_UNAVAILABLE);
    }
    return this.records.emit(row);
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
      ? await this.records.store.search(q.q, where, order, (q.page - 1) * q.pageSize, q.pageSize)
      : await this.records.repo.findAndCount({ where, order, skip: (q.page - 1) * q.pageSize, take: q.pageSize });
    return { items: rows.map((r) => this.records.view(r)), total, page: q.page, pageSize: q.pageSize, nextCursor: null };
  }

  async get(id: string): Promise<Job> {
    return this.records.view(await this.findOrThrow(id));
  }

  /** The row, for the download endpoint. */
  async findOrThrow(id: string): Promise<JobEntity> {
    const row = await this.records.repo.findOneBy({ id });
    if (!row) throw new NotFoundException(`Job '${id}' not found`);
    return row;
  }

  async retry(id: string): Promise<Job> {
    const before = await this.findOrThrow(id);
    if (!JOB_ACTION_FROM.retry.includes(before.status)) {
      throw new ConflictException(`Job '${id}' is ${before.status}; only failed or cancelled jobs can be retried`);
    }
    this.records.assertQueueReachable('Job queue unavailable: Redis is not reachable; the job was not changed');
    const row = await this.records.transition(id, [...JOB_ACTION_FROM.retry], {
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
        this.records.removeFromQueue(row).then(() => this.records.enqueue(row)),
        ENQUEUE_TIMEOUT_MS,
      );
    } catch (e) {
      // Back to what it was, unless something moved it on meanwhile (a conditional write, like every other).
      const restored = await this.records.transition(id, ['pending'], {
        status: before.status,
        attempts: before.attempts,
        progress: before.progress,
        result: before.result,
        error: before.error,
        startedAt: before.startedAt,
        finishedAt: before.finishedAt,
      });
      if (restored) this.records.emit(restored);
      this.logger.warn(`re-enqueue of job ${id} failed: ${(e as Error).message}`);
      throw new ServiceUnavailableException('Job queue unavailable: Redis is not reachable; the job was not changed');
    }
    return this.records.emit(row);
  }

  /**
   * Every failed job (of `type`, when given) back to `pending`, each through `retry` like `POST /api/jobs/:id/retry`;
   * a job another request changed meanwhile is skipped. The number retried.
   */
  async retryFailed(type?: string): Promise<number> {
    if (type !== undefined && !this.registry.get(type)) {
      throw new BadRequestException([`type must be one of ${this.registry.types().join(', ')}, got '${type}'`]);
    }
    this.records.assertQueueReachable('Job queue unavailable: Redis is not reachable; no job was changed');
    const rows = await this.records.repo.find({
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
    const row = await this.records.transition(id, [...JOB_ACTION_FROM.cancel], { status: 'cancelled', finishedAt: new Date() });
    if (!row) {
      const current = await this.findOrThrow(id);
      throw new ConflictException(`Job '${id}' is ${current.status}; only pending or retrying jobs can be cancelled`);
    }
    // The row already says cancelled, so a run that starts anyway skips it; removing is best effort.
    await withTimeout(this.records.removeFromQueue(row), ENQUEUE_TIMEOUT_MS).catch((e: Error) =>
      this.logger.warn(`removing job ${id} from the queue failed: ${e.message}`),
    );
    return this.records.emit(row);
  }

  types() {
    return this.registry.describe();
  }

  private async retryConflict(id: string): Promise<never> {
    const current = await this.findOrThrow(id);
    throw new ConflictException(`Job '${id}' is ${current.status}; only failed or cancelled jobs can be retried`);
  }
}

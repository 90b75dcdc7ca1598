import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, NotFoundException, OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import type Redis from 'ioredis';
import { Subject } from 'rxjs';
import { Repository } from 'typeorm';
import { InjectConfig, PulseboardConfig, REDIS, UnitOfWork } from '@pulseboard/api/core';
import { RealtimePublisher } from '@pulseboard/api/realtime';
import { Job, JobStatus, jobTopic, ServerEvents } from '@pulseboard/shared/contracts';
import { JobEntity, toJob } from './job.entity';
import { JobChanges, JobsRepository } from './jobs.repository';
import { JobHandlerRegistry } from './handlers/job-handler.registry';
import { IMAGE_QUEUE, JOBS_QUEUE, KEEP_COMPLETED, KEEP_FAILED, queueForType, RunJobData } from './jobs.queues';

export const QUEUE_UNAVAILABLE = 'Job queue unavailable: Redis is not reachable; nothing was stored';
export const ENQUEUE_TIMEOUT_MS = 2000;

/**
 * The only writer of the jobs table, and the jobs' way into Bull: conditional writes that hand back the row as
 * written, the masked view every read path shows, and the push of every change once it committed. The commands
 * (JobsService), the runs (JobProcessing) and the stats (JobStatsService) are built on it.
 */
@Injectable()
export class JobRecords implements OnModuleDestroy {
  private readonly logger = new Logger(JobRecords.name);
  /** Every change of a job seen by this process (local writes, and worker writes relayed to the API). */
  readonly changes$ = new Subject<Job>();

  constructor(
    @InjectRepository(JobEntity) readonly repo: Repository<JobEntity>,
    readonly store: JobsRepository,
    @InjectQueue(JOBS_QUEUE) private readonly jobsQueue: Queue<RunJobData>,
    @InjectQueue(IMAGE_QUEUE) private readonly imageQueue: Queue<RunJobData>,
    private readonly registry: JobHandlerRegistry,
    private readonly publisher: RealtimePublisher,
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly cfg: PulseboardConfig,
    private readonly uow: UnitOfWork,
  ) {}

  onModuleDestroy(): void {
    this.changes$.complete();
  }

  async findOrThrow(id: string): Promise<JobEntity> {
    const row = await this.repo.findOneBy({ id });
    if (!row) throw new NotFoundException(`Job '${id}' not found`);
    return row;
  }

  /** The job as every read path shows it: secret payload fields masked (REST, SSE, socket pushes, the 202 answer). */
  view(row: JobEntity): Job {
    const job = toJob(row);
    return { ...job, payload: this.registry.redact(job.type, job.payload) };
  }

  /** Pushes the change to sockets and SSE once it committed; the view of the row. */
  emit(row: JobEntity): Job {
    const job = this.view(row);
    this.uow.afterCommit(() => {
      this.publisher.publish(ServerEvents.jobUpdated, job, ['jobs', jobTopic(job.id)]);
      this.changes$.next(job);
    });
    return job;
  }

  /** One conditional UPDATE: applies `set` only while the job is in one of `from`; the row as written, or null. */
  async transition(id: string, from: JobStatus[], set: JobChanges): Promise<JobEntity | null> {
    return (await this.store.transition([{ id, changes: set }], from)).get(id) ?? null;
  }

  /** The same for many jobs in one statement; per item the row as written, or null. */
  async transitionMany(items: { id: string; changes: JobChanges }[], from: JobStatus[]): Promise<(JobEntity | null)[]> {
    const rows = await this.store.transition(items, from);
    return items.map((i) => rows.get(i.id) ?? null);
  }

  assertQueueReachable(message = QUEUE_UNAVAILABLE): void {
    if (this.redis.status !== 'ready') throw new ServiceUnavailableException(message);
  }

  queueOf(type: string): Queue<RunJobData> {
    return queueForType(type) === IMAGE_QUEUE ? this.imageQueue : this.jobsQueue;
  }

  async enqueue(row: JobEntity, delayMs?: number): Promise<void> {
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
  async removeFromQueue(row: JobEntity): Promise<void> {
    const bullJob = await this.queueOf(row.type).getJob(row.id);
    if (bullJob) await bullJob.remove().catch((e: Error) => this.logger.warn(`job ${row.id} stays in the queue: ${e.message}`));
  }
}

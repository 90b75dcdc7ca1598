import { InjectQueue } from '@nestjs/bull';
import { Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import type { Queue } from 'bull';
import { withTimeout } from '@pulseboard/api/core';
import { CleanQueueRequest, QUEUE_NAMES, QueueInfo, QueueName } from '@pulseboard/shared/contracts';
import { DEAD_LETTER_QUEUE, IMAGE_QUEUE, JOBS_QUEUE, RESULTS_QUEUE } from '../jobs.queues';

/** Counts, pause/resume and clean of the pipeline's Bull queues (the names honour QUEUE_PREFIX through Bull's prefix). */
@Injectable()
export class QueuesService {
  private readonly queues: ReadonlyMap<string, Queue>;

  constructor(
    @InjectQueue(JOBS_QUEUE) jobs: Queue,
    @InjectQueue(IMAGE_QUEUE) image: Queue,
    @InjectQueue(RESULTS_QUEUE) results: Queue,
    @InjectQueue(DEAD_LETTER_QUEUE) deadLetter: Queue,
  ) {
    const byName: Record<QueueName, Queue> = { jobs, 'jobs-image': image, results, 'dead-letter': deadLetter };
    this.queues = new Map(QUEUE_NAMES.map((n) => [n, byName[n]]));
  }

  list(): Promise<QueueInfo[]> {
    return Promise.all([...this.queues.keys()].map((name) => this.info(name)));
  }

  async info(name: string): Promise<QueueInfo> {
    const q = this.queue(name);
    const [c, paused] = await reachable(Promise.all([q.getJobCounts(), q.isPaused()]));
    // While paused, Bull keeps the waiting jobs in its `paused` list: they are still waiting.
    const held = (c as unknown as { paused?: number }).paused ?? 0;
    return {
      name,
      paused,
      counts: { waiting: c.waiting + held, active: c.active, delayed: c.delayed, completed: c.completed, failed: c.failed },
    };
  }

  /** Global pause (in Redis): no worker of any instance takes a job from this queue until resumed. */
  async pause(name: string): Promise<void> {
    await reachable(this.queue(name).pause());
  }

  async resume(name: string): Promise<void> {
    await reachable(this.queue(name).resume());
  }

  /** Removes Bull's entries of finished runs; the jobs table keeps every job. */
  async clean(name: string, req: CleanQueueRequest): Promise<number> {
    const removed = await reachable(this.queue(name).clean(req.olderThanMs, req.status));
    return removed.length;
  }

  private queue(name: string): Queue {
    const q = this.queues.get(name);
    if (!q) throw new NotFoundException(`Queue '${name}' not found; the queues are ${QUEUE_NAMES.join(', ')}`);
    return q;
  }
}

const REDIS_TIMEOUT_MS = 2000;

/** Bull waits for Redis forever; a request answers 503 instead. */
async function reachable<T>(p: Promise<T>): Promise<T> {
  try {
    return await withTimeout(p, REDIS_TIMEOUT_MS);
  } catch (e) {
    throw new ServiceUnavailableException(`Queues unavailable: Redis is not reachable (${(e as Error).message})`);
  }
}

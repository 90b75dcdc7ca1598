// Jobs never stay `pending` or `active` forever: at start and every minute, on the holder of the `job-reconciler`
// cluster lease only,
// rows are compared with Bull. A `pending` row with no Bull job is queued again; an `active` row whose Bull job is
// gone, failed or finished without the row following moves on (queued again, or failed with a reason that says so).
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, Repository } from 'typeorm';
import { ClusterLeases, InjectConfig, Lease, PulseboardConfig } from '@pulseboard/api/core';
import { JobEntity } from './job.entity';
import { JobProcessing } from './job-processing.service';

export const RECONCILE_EVERY_MS = 60_000;
/** A pending row younger than this may still be on its way into Bull (created, not yet added). */
const PENDING_GRACE_MS = 30_000;
const BATCH = 500;

export interface ReconcileReport {
  checked: number;
  requeued: number;
  failed: number;
}

@Injectable()
export class JobReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobReconciler.name);
  private readonly lease: Lease;
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    @InjectRepository(JobEntity) private readonly repo: Repository<JobEntity>,
    private readonly jobs: JobProcessing,
    @InjectConfig() private readonly cfg: PulseboardConfig,
    leases: ClusterLeases,
  ) {
    this.lease = leases.lease('job-reconciler');
  }

  onApplicationBootstrap(): void {
    const run = () => void this.reconcile().catch((e: Error) => this.logger.warn(`job reconciliation failed: ${e.message}`));
    // At start, and as soon as this process takes the lease over from a holder that died.
    this.lease.onChange((held) => held && setImmediate(run));
    this.timer = setInterval(run, RECONCILE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One pass; null when another process holds the lease (or nobody can, Redis being away) or a pass is running. */
  async reconcile(now = Date.now()): Promise<ReconcileReport | null> {
    if (!this.lease.held() || this.running) return null;
    this.running = true;
    const report: ReconcileReport = { checked: 0, requeued: 0, failed: 0 };
    try {
      // An active row is stuck when nothing has touched it for longer than a dead worker's lock is kept.
      const activeBefore = new Date(now - Math.max(2 * this.cfg.jobLockMs, 60_000));
      const rows = [
        ...(await this.repo.find({ where: { status: 'pending', createdAt: LessThan(new Date(now - PENDING_GRACE_MS)) }, take: BATCH })),
        ...(await this.repo.find({ where: { status: In(['active']), updatedAt: LessThan(activeBefore) }, take: BATCH })),
      ];
      for (const row of rows) {
        report.checked++;
        const state = await this.jobs.queueStateOf(row);
        // A completed Bull job's outcome waits in the results queue (which retries a database outage for half an hour).
        const lost = row.status === 'pending' ? state === 'missing' : ['missing', 'failed', 'stuck'].includes(state);
        if (!lost) continue;
        const reason =
          row.status === 'pending'
            ? 'its queue entry was lost; queued again by the reconciler'
            : `the run of attempt ${row.attempts} stopped (queue state: ${state}) and nothing reported its outcome; ${row.attempts < row.maxAttempts ? 'queued again' : 'no attempts left'} (reconciler)`;
        const outcome = await this.jobs.recover(row, reason);
        if (outcome === 'requeued') report.requeued++;
        if (outcome === 'failed') report.failed++;
      }
    } finally {
      this.running = false;
    }
    if (report.requeued || report.failed)
      this.logger.warn(`job reconciler: ${report.requeued} queued again, ${report.failed} failed (of ${report.checked} checked)`);
    return report;
  }
}

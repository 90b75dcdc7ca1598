import { Injectable } from '@nestjs/common';
import { JOB_STATUSES, JobStats, JobStatus, MinuteCount } from '@pulseboard/shared/contracts';
import { JobRecords } from './job-records.service';

/** `GET /api/jobs/stats`: counts by status and the completions of the last hour per minute. */
@Injectable()
export class JobStatsService {
  constructor(private readonly records: JobRecords) {}

  async stats(now = new Date()): Promise<JobStats> {
    const counts = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
    const raw = await this.records.repo
      .createQueryBuilder('j')
      .select('j.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .groupBy('j.status')
      .getRawMany<{ status: JobStatus; n: string | number }>();
    for (const r of raw) if (r.status in counts) counts[r.status] = Number(r.n);
    const end = Math.floor(now.getTime() / 60_000) * 60_000;
    const start = end - 59 * 60_000;
    const rows = await this.records.repo
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
}

import { Injectable } from '@nestjs/common';
import { JOB_STATUSES, JobStats, JobStatus, MinuteWindow } from '@pulseboard/shared/contracts';
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
    const minutes = new MinuteWindow(now.getTime());
    const rows = await this.records.repo
      .createQueryBuilder('j')
      .select('j.finishedAt', 'finishedAt')
      .where('j.status = :s', { s: 'completed' })
      .andWhere('j.finishedAt >= :since', { since: new Date(minutes.start) })
      .getRawMany<{ finishedAt: string | Date }>();
    for (const r of rows) {
      minutes.add(
        r.finishedAt instanceof Date
          ? r.finishedAt.getTime()
          : Date.parse(/Z|[+-]\d\d:?\d\d$/.test(r.finishedAt) ? r.finishedAt : `${r.finishedAt.replace(' ', 'T')}Z`),
      );
    }
    const completedPerMinute = minutes.toMinuteCounts();
    return { counts, completedPerMinute };
  }
}

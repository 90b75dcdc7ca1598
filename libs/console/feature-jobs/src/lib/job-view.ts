import { Job, JobStatus } from '@pulseboard/shared/contracts';

/** What a user can do with a job in `status` (the API answers 409 otherwise). */
export function jobActions(status: JobStatus): ('retry' | 'cancel')[] {
  if (status === 'failed' || status === 'cancelled') return ['retry'];
  if (status === 'pending' || status === 'retrying') return ['cancel'];
  return [];
}

/** The thumbnail of a completed image.fetch job, if any. */
export function jobThumb(job: Job): string | null {
  if (job.type !== 'image.fetch' || job.status !== 'completed') return null;
  const r = job.result as { thumbUrl?: unknown } | null;
  return typeof r?.thumbUrl === 'string' && r.thumbUrl ? r.thumbUrl : null;
}

export function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

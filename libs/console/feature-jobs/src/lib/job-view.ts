import { Job } from '@pulseboard/shared/contracts';

/** What a user can do with a job (the API answers 409 otherwise): the shared rule. */
export { jobActions } from '@pulseboard/shared/contracts';

/** The thumbnail of a completed image.fetch job, if any. */
export function jobThumb(job: Job): string | null {
  if (job.type !== 'image.fetch' || job.status !== 'completed') return null;
  const r = job.result as { thumbUrl?: unknown } | null;
  return typeof r?.thumbUrl === 'string' && r.thumbUrl ? r.thumbUrl : null;
}

export function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

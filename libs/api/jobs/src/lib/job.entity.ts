import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Job, JobError, JobStatus } from '@pulseboard/shared/contracts';

// Index names are explicit so the migration creates exactly this schema on SQLite and PostgreSQL.
// Timestamps are plain columns set by JobsService (millisecond precision on SQLite too, so "newest first" is exact).
@Entity('jobs')
@Index('IDX_jobs_createdAt', ['createdAt'])
@Index('IDX_jobs_status_createdAt', ['status', 'createdAt'])
@Index('IDX_jobs_type_createdAt', ['type', 'createdAt'])
@Index('IDX_jobs_finishedAt', ['finishedAt'])
export class JobEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'simple-json' })
  payload: unknown;

  @Column({ type: 'varchar', length: 16 })
  status: JobStatus;

  @Column({ type: 'integer' })
  progress: number;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ type: 'integer' })
  maxAttempts: number;

  @Column({ type: 'simple-json', nullable: true })
  result: unknown | null;

  @Column({ type: 'simple-json', nullable: true })
  error: JobError | null;

  @Column({ type: 'integer' })
  priority: number;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  startedAt: Date | null;

  @Column({ type: Date, nullable: true })
  finishedAt: Date | null;

  @Column({ type: Date })
  updatedAt: Date;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export function toJob(e: JobEntity): Job {
  return {
    id: e.id,
    type: e.type,
    payload: e.payload,
    status: e.status,
    progress: e.progress,
    attempts: e.attempts,
    maxAttempts: e.maxAttempts,
    result: e.result ?? null,
    error: e.error ?? null,
    priority: e.priority,
    createdAt: iso(e.createdAt) as string,
    startedAt: iso(e.startedAt),
    finishedAt: iso(e.finishedAt),
    updatedAt: iso(e.updatedAt) as string,
  };
}

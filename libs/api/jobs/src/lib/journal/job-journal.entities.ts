// What a job's runs left behind: one row per attempt, and the handler's log lines (the newest 200 per job).
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('job_attempts')
export class JobAttemptEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  jobId: string;

  @PrimaryColumn({ type: 'integer' })
  attempt: number;

  @Column({ type: Date })
  startedAt: Date;

  @Column({ type: Date, nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  error: string | null;
}

@Entity('job_logs')
@Index('IDX_job_logs_jobId_id', ['jobId', 'id'])
export class JobLogEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'varchar', length: 36 })
  jobId: string;

  @Column({ type: Date })
  at: Date;

  @Column({ type: 'varchar', length: 1000 })
  line: string;
}

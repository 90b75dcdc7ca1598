import { ApiProperty } from '@nestjs/swagger';
import { MinuteCountDto } from '@pulseboard/api/core';
import {
  Job,
  JobAttempt,
  JobDetail,
  JobError,
  JobLogLine,
  JOB_STATUSES,
  JobStats,
  JobStatus,
  JobTypeInfo,
  Page,
} from '@pulseboard/shared/contracts';

export class JobErrorDto implements JobError {
  message: string;
  attempts: number;
}

export class JobDto implements Job {
  id: string;
  type: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'As validated by the type' })
  payload: unknown;
  @ApiProperty({ enum: JOB_STATUSES })
  status: JobStatus;
  /** 0..100 */
  progress: number;
  attempts: number;
  maxAttempts: number;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Set when completed' })
  result: unknown;
  @ApiProperty({ type: JobErrorDto, nullable: true, description: 'Set when failed (and while retrying: the last error)' })
  error: JobErrorDto | null;
  priority: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

export class JobAttemptDto implements JobAttempt {
  attempt: number;
  startedAt: string;
  finishedAt: string | null;
  /** Null while running or when the attempt succeeded. */
  error: string | null;
}

export class JobLogLineDto implements JobLogLine {
  at: string;
  line: string;
}

/** `GET /api/jobs/:id`: the job with every attempt and its last 200 log lines (oldest first). */
export class JobDetailDto extends JobDto implements JobDetail {
  history: JobAttemptDto[];
  logs: JobLogLineDto[];
}

export class JobPageDto implements Page<Job> {
  items: JobDto[];
  total: number;
  page: number | null;
  pageSize: number;
  nextCursor: string | null;
}

export class JobStatsDto implements JobStats {
  @ApiProperty({ type: 'object', properties: Object.fromEntries(JOB_STATUSES.map((s) => [s, { type: 'integer' }])) })
  counts: Record<JobStatus, number>;
  /** Completions per minute, last 60 minutes, oldest first, zero-filled. */
  completedPerMinute: MinuteCountDto[];
}

export class JobTypeInfoDto implements JobTypeInfo {
  type: string;
  description: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'JSON Schema of the payload' })
  payloadSchema: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'A valid payload' })
  example: unknown;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import {
  CleanQueueRequest,
  CleanQueueResponse,
  QUEUE_CLEAN_MAX_AGE_MS,
  QUEUE_CLEAN_STATUSES,
  QUEUE_NAMES,
  QueueCleanStatus,
  QueueCounts,
  QueueInfo,
  RetryFailedRequest,
  RetryFailedResponse,
} from '@pulseboard/shared/contracts';

export class QueueCountsDto implements QueueCounts {
  /** Waiting to run, those held back by a pause included. */
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
}

export class QueueInfoDto implements QueueInfo {
  @ApiProperty({ enum: QUEUE_NAMES })
  name: string;
  /** Paused for every worker. */
  paused: boolean;
  counts: QueueCountsDto;
}

export class CleanQueueDto implements CleanQueueRequest {
  @ApiProperty({ enum: QUEUE_CLEAN_STATUSES })
  @IsIn(QUEUE_CLEAN_STATUSES)
  status: QueueCleanStatus;

  /** Only entries finished at least this long ago (ms, up to 365 days). */
  @IsInt()
  @Min(0)
  @Max(QUEUE_CLEAN_MAX_AGE_MS)
  olderThanMs: number;
}

export class CleanQueueResponseDto implements CleanQueueResponse {
  removed: number;
}

export class RetryFailedDto implements RetryFailedRequest {
  /** Only failed jobs of this type (one of `GET /api/jobs/types`). */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  type?: string;
}

export class RetryFailedResponseDto implements RetryFailedResponse {
  retried: number;
}

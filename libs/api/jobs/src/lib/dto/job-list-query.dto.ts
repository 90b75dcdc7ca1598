import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '@pulseboard/api/core';
import { JOB_STATUSES, JobListQuery, JobStatus } from '@pulseboard/shared/contracts';

export class JobListQueryDto extends PageQueryDto implements JobListQuery {
  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  type?: string;

  /** Case-insensitive text searched in the payload and the error message (1..200 characters). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;
}

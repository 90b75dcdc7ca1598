import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '@pulseboard/api/core';
import { COUNTER_STATUSES, CounterStatus } from '@pulseboard/shared/contracts';

export const COUNTER_SORT_FIELDS = ['name', 'createdAt', 'updatedAt', 'status'] as const;
export const COUNTER_DEFAULT_SORT = '-createdAt';

export class ListCountersQueryDto extends PageQueryDto {
  /** Only counters in this status. */
  @ApiPropertyOptional({ enum: COUNTER_STATUSES })
  @IsOptional()
  @IsIn(COUNTER_STATUSES)
  status?: CounterStatus;
}

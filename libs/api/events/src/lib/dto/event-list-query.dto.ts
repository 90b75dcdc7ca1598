import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@pulseboard/api/core';
import { EVENT_SEVERITIES, EVENT_STATUSES, EventListQuery, EventSeverity, EventStatus } from '@pulseboard/shared/contracts';

export class EventListQueryDto extends PageQueryDto implements EventListQuery {
  @ApiPropertyOptional({ enum: EVENT_STATUSES })
  @IsOptional()
  @IsIn(EVENT_STATUSES)
  status?: EventStatus;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  type?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  source?: string;

  @ApiPropertyOptional({ enum: EVENT_SEVERITIES })
  @IsOptional()
  @IsIn(EVENT_SEVERITIES)
  severity?: EventSeverity;

  @ApiPropertyOptional({
    description:
      'Case-insensitive PREFIX match on the title (`disk` finds "Disk full on db-1", not "Low disk"). ' +
      'A prefix is an index range on any table size; a contains search would scan every row.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  q?: string;

  /** occurredAt >= from (ISO-8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** occurredAt <= to (ISO-8601); must not be before `from`. */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

import { IsIn, IsOptional } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto, TextFilter, TimeFilter } from '@pulseboard/api/core';
import { EVENT_SEVERITIES, EVENT_STATUSES, EventListQuery, EventSeverity, EventStatus } from '@pulseboard/shared/contracts';

export class EventListQueryDto extends PageQueryDto implements EventListQuery {
  @ApiPropertyOptional({ enum: EVENT_STATUSES })
  @IsOptional()
  @IsIn(EVENT_STATUSES)
  status?: EventStatus;

  @TextFilter(64, { notEmpty: true })
  type?: string;

  @TextFilter(64, { notEmpty: true })
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
  @TextFilter(200, { notEmpty: true })
  q?: string;

  /** occurredAt >= from (ISO-8601). */
  @TimeFilter()
  from?: string;

  /** occurredAt <= to (ISO-8601); must not be before `from`. */
  @TimeFilter()
  to?: string;
}

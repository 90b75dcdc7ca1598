import { IsInt, IsOptional, Min } from 'class-validator';
import { MinuteCountDto } from '@pulseboard/api/core';
import { CompleteEventRequest, EventSeverity, EventStats, EventStatus, Page, PulseEvent } from '@pulseboard/shared/contracts';

export class CompleteEventDto implements CompleteEventRequest {
  /** When set, completes only if the event is still at this version (409 with the current version otherwise). */
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class EventDto implements PulseEvent {
  id: string;
  type: string;
  source: string;
  title: string;
  severity: EventSeverity;
  payload: Record<string, unknown>;
  status: EventStatus;
  occurredAt: string;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  completedBy: string | null;
  version: number;
}

export class EventPageDto implements Page<PulseEvent> {
  items: EventDto[];
  total: number;
  page: number | null;
  pageSize: number;
  nextCursor: string | null;
}

export class EventStatsDto implements EventStats {
  counts: Record<EventStatus, number>;
  bySeverity: Record<EventSeverity, number>;
  /** Events created per minute, last 60 minutes, oldest first, zero-filled. */
  perMinute: MinuteCountDto[];
}

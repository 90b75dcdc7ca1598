import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { PULSE_EVENT_FIELDS, type EventSeverity, type EventStatus, type PulseEvent } from '@pulseboard/shared/contracts';

/**
 * One event. Every list query walks one of the (filter, sort key, id) indexes below, so a page or a cursor step
 * touches ~pageSize index entries whatever the table size.
 */
@Entity('events')
@Index('IDX_events_occurred', ['occurredAt', 'id'])
@Index('IDX_events_created', ['createdAt', 'id'])
@Index('IDX_events_title', ['title', 'id'])
@Index('IDX_events_status_occurred', ['status', 'occurredAt', 'id'])
@Index('IDX_events_type_occurred', ['type', 'occurredAt', 'id'])
@Index('IDX_events_source_occurred', ['source', 'occurredAt', 'id'])
@Index('IDX_events_severity_occurred', ['severity', 'occurredAt', 'id'])
@Index('IDX_events_status_severity_occurred', ['status', 'severity', 'occurredAt', 'id'])
@Index('IDX_events_title_key', ['titleKey'])
export class EventEntity {
  // Ids are generated in the service (not by the database) so a multi-row INSERT knows them without RETURNING.
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'varchar', length: 64 })
  source: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** Lower-cased title: `q` is a case-insensitive prefix search on it (an index range, not a scan). */
  @Column({ type: 'varchar', length: 200 })
  titleKey: string;

  @Column({ type: 'varchar', length: 16 })
  severity: EventSeverity;

  @Column({ type: 'simple-json' })
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16 })
  status: EventStatus;

  @Column({ type: Date })
  occurredAt: Date;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @Column({ type: Date, nullable: true })
  completedAt: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  completedBy: string | null;

  @Column({ type: 'integer' })
  version: number;
}

/** The table's columns: the event's fields and the search key. */
export const EVENT_COLUMNS = [...PULSE_EVENT_FIELDS, 'titleKey'] as const;

export function toPulseEvent(e: EventEntity): PulseEvent {
  return {
    id: e.id,
    type: e.type,
    source: e.source,
    title: e.title,
    severity: e.severity,
    payload: e.payload,
    status: e.status,
    occurredAt: e.occurredAt.toISOString(),
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
    completedAt: e.completedAt ? e.completedAt.toISOString() : null,
    completedBy: e.completedBy,
    version: e.version,
  };
}

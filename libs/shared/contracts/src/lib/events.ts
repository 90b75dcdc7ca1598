import type { IsoDateString, MinuteCount } from './common';

export const EVENT_SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
export type EventSeverity = (typeof EVENT_SEVERITIES)[number];

export const EVENT_STATUSES = ['open', 'completed'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export interface PulseEvent {
  id: string;
  type: string;
  source: string;
  title: string;
  severity: EventSeverity;
  payload: Record<string, unknown>;
  status: EventStatus;
  occurredAt: IsoDateString;
  createdAt: IsoDateString;
  updatedAt: IsoDateString;
  completedAt: IsoDateString | null;
  /** Username. */
  completedBy: string | null;
  version: number;
}

/** Every field of a PulseEvent, in the order exports write them (the payload last). */
export const PULSE_EVENT_FIELDS = [
  'id',
  'type',
  'source',
  'title',
  'severity',
  'status',
  'occurredAt',
  'createdAt',
  'updatedAt',
  'completedAt',
  'completedBy',
  'version',
  'payload',
] as const satisfies readonly (keyof PulseEvent)[];

export interface CreateEventRequest {
  type: string;
  source: string;
  title: string;
  severity?: EventSeverity;
  payload?: Record<string, unknown>;
  occurredAt?: IsoDateString;
}

export const EVENT_BATCH_MAX = 1000;

export interface CreateEventBatchRequest {
  events: CreateEventRequest[];
}

export interface CreateEventBatchResponse {
  count: number;
  ids: string[];
}

export interface EventListQuery {
  page?: number;
  pageSize?: number;
  sort?: string;
  cursor?: string;
  status?: EventStatus;
  type?: string;
  source?: string;
  severity?: EventSeverity;
  /** Searches the title. */
  q?: string;
  from?: IsoDateString;
  to?: IsoDateString;
}

export interface CompleteEventRequest {
  expectedVersion?: number;
}

export interface EventStats {
  counts: Record<EventStatus, number>;
  bySeverity: Record<EventSeverity, number>;
  perMinute: MinuteCount[];
}

export interface SimulatorState {
  running: boolean;
  ratePerSec: number;
  updateRatio: number;
  generated: number;
}

export interface StartSimulatorRequest {
  /** 0.1..1000, default 1 */
  ratePerSec?: number;
  /** 0..1, default 0.2 */
  updateRatio?: number;
}

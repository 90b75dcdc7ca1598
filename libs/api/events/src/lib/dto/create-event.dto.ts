import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  isIn,
  IsISO8601,
  isISO8601,
  IsNotEmpty,
  isNotEmpty,
  IsObject,
  isObject,
  IsOptional,
  IsString,
  isString,
  MaxLength,
  maxLength,
  ValidateNested,
} from 'class-validator';
import { FastValidated } from '@pulseboard/api/core';
import {
  CreateEventBatchRequest,
  CreateEventBatchResponse,
  CreateEventRequest,
  EVENT_BATCH_MAX,
  EVENT_SEVERITIES,
  EventSeverity,
} from '@pulseboard/shared/contracts';

const EVENT_KEYS = new Set(['type', 'source', 'title', 'severity', 'payload', 'occurredAt']);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, max: number) => isString(v) && isNotEmpty(v) && maxLength(v, max);

/**
 * The rules of CreateEventDto below, with class-validator's own functions, for the validation pipe's fast path: true
 * only for a body those rules accept (with whitelisting). A null optional field is left to the full path.
 */
export function isValidEvent(v: unknown): boolean {
  if (!isRecord(v)) return false;
  for (const k of Object.keys(v)) if (!EVENT_KEYS.has(k)) return false;
  return (
    text(v['type'], 64) &&
    text(v['source'], 64) &&
    text(v['title'], 200) &&
    (v['severity'] === undefined || isIn(v['severity'], EVENT_SEVERITIES)) &&
    (v['payload'] === undefined || isObject(v['payload'])) &&
    (v['occurredAt'] === undefined || (isString(v['occurredAt']) && isISO8601(v['occurredAt'], { strict: true })))
  );
}

/** The rules of CreateEventBatchDto, the same way. */
export function isValidEventBatch(v: unknown): boolean {
  if (!isRecord(v)) return false;
  const keys = Object.keys(v);
  if (keys.length !== 1 || keys[0] !== 'events') return false;
  const events = v['events'];
  return Array.isArray(events) && events.length >= 1 && events.length <= EVENT_BATCH_MAX && events.every(isValidEvent);
}

@FastValidated(isValidEvent)
export class CreateEventDto implements CreateEventRequest {
  /** Free-form kind, e.g. `deploy`, `alert`, `block`. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  type: string;

  /** Where it comes from, e.g. `billing`, `blocks`. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  source: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @IsOptional()
  @IsIn(EVENT_SEVERITIES)
  severity?: EventSeverity = 'info';

  /** Any JSON object. */
  @IsOptional()
  @IsObject()
  payload?: Record<string, unknown>;

  /** When it happened (default: now). */
  @IsOptional()
  @IsISO8601({ strict: true })
  occurredAt?: string;
}

@FastValidated(isValidEventBatch)
export class CreateEventBatchDto implements CreateEventBatchRequest {
  /** 1..1000 events, stored all or none. A bad item is named by its index (`events.3.title ...`). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_BATCH_MAX)
  @ValidateNested({ each: true })
  @Type(() => CreateEventDto)
  events: CreateEventDto[];
}

export class CreateEventBatchResponseDto implements CreateEventBatchResponse {
  count: number;
  ids: string[];
}

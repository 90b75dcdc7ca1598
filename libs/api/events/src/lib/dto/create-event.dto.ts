import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  CreateEventBatchRequest,
  CreateEventBatchResponse,
  CreateEventRequest,
  EVENT_BATCH_MAX,
  EVENT_SEVERITIES,
  EventSeverity,
} from '@pulseboard/shared/contracts';

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

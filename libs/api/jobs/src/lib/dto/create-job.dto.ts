import { Transform } from 'class-transformer';
import {
  IsInt,
  isInt,
  IsObject,
  isObject,
  IsOptional,
  IsString,
  isString,
  Max,
  max,
  MaxLength,
  maxLength,
  Min,
  min,
} from 'class-validator';
import { FastValidated } from '@pulseboard/api/core';
import type { CreateJobRequest } from '@pulseboard/shared/contracts';

export const JOB_MAX_ATTEMPTS_LIMIT = 20;
export const JOB_DELAY_MAX_MS = 7 * 24 * 3600 * 1000;
/** Bull's highest priority number (1 = most urgent); 0 = no priority. */
export const JOB_PRIORITY_MAX = 2_097_152;

const JOB_KEYS = new Set(['type', 'payload', 'maxAttempts', 'priority', 'delayMs']);
/** Absent, or an integer within [lo, hi]; a null optional field is left to the full path. */
const optionalInt = (v: unknown, lo: number, hi: number) => v === undefined || (isInt(v) && min(v, lo) && max(v, hi));

/**
 * The rules of CreateJobDto below, with class-validator's own functions, for the validation pipe's fast path: true
 * only for a body those rules accept (with whitelisting). The payload is then checked against its type's schema.
 */
export function isValidCreateJob(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  for (const k of Object.keys(v)) if (!JOB_KEYS.has(k)) return false;
  const b = v as Record<string, unknown>;
  return (
    isString(b['type']) &&
    maxLength(b['type'], 64) &&
    isObject(b['payload']) &&
    optionalInt(b['maxAttempts'], 1, JOB_MAX_ATTEMPTS_LIMIT) &&
    optionalInt(b['priority'], 0, JOB_PRIORITY_MAX) &&
    optionalInt(b['delayMs'], 0, JOB_DELAY_MAX_MS)
  );
}

@FastValidated(isValidCreateJob)
export class CreateJobDto implements CreateJobRequest<Record<string, unknown>> {
  /** One of the types listed by `GET /api/jobs/types`. */
  @IsString()
  @MaxLength(64)
  type: string;

  /** Validated against the type's `payloadSchema`. */
  // The payload exactly as sent: class-transformer would turn an own `__proto__` key into a prototype (and drop it),
  // hiding it from the schema check that must refuse it like any unknown key.
  @Transform(({ obj }) => (obj as { payload?: unknown }).payload, { toClassOnly: true })
  @IsObject()
  payload: Record<string, unknown>;

  /** 1..20, default 3. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(JOB_MAX_ATTEMPTS_LIMIT)
  maxAttempts?: number;

  /** Bull priority: 1 runs first; 0 (default) = no priority. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(JOB_PRIORITY_MAX)
  priority?: number;

  /** Wait this long before the first attempt (ms, up to 7 days). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(JOB_DELAY_MAX_MS)
  delayMs?: number;
}

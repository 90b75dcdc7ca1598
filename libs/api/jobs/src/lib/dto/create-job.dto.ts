import { Transform } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { CreateJobRequest } from '@pulseboard/shared/contracts';

export const JOB_MAX_ATTEMPTS_LIMIT = 20;
export const JOB_DELAY_MAX_MS = 7 * 24 * 3600 * 1000;
/** Bull's highest priority number (1 = most urgent); 0 = no priority. */
export const JOB_PRIORITY_MAX = 2_097_152;

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

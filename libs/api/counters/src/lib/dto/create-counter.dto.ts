import { Transform } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min, NotEquals, ValidateIf } from 'class-validator';
import { COUNTER_INTERVAL_MAX_MS, COUNTER_INTERVAL_MIN_MS, CreateCounterRequest } from '@pulseboard/shared/contracts';
import { COUNTER_VALUE_LIMIT } from '../counter-state';

export const COUNTER_STEP_LIMIT = 1_000_000_000;

export class CreateCounterDto implements CreateCounterRequest {
  /** Unique, 1-100 characters (surrounding spaces are trimmed). @example cameras */
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 100)
  name: string;

  /** Starting value, within [min, max]. Integers within ±1e15. @example 0 */
  @ValidateIf((_o, v) => v !== undefined) // null is not "absent": it fails IsInt
  @IsInt()
  @Min(-COUNTER_VALUE_LIMIT)
  @Max(COUNTER_VALUE_LIMIT)
  initial?: number;

  /** Inclusive lower bound; null or absent = unbounded. @example 0 */
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsInt()
  @Min(-COUNTER_VALUE_LIMIT)
  @Max(COUNTER_VALUE_LIMIT)
  min?: number | null;

  /** Inclusive upper bound; null or absent = unbounded. @example 100 */
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsInt()
  @Min(-COUNTER_VALUE_LIMIT)
  @Max(COUNTER_VALUE_LIMIT)
  max?: number | null;

  /** Auto-tick delta, may be negative, never 0. @example 1 */
  @ValidateIf((_o, v) => v !== undefined) // null is not "absent": it fails IsInt
  @IsInt()
  @NotEquals(0)
  @Min(-COUNTER_STEP_LIMIT)
  @Max(COUNTER_STEP_LIMIT)
  step?: number;

  /** Auto-tick period in ms, 50..3600000. @example 1000 */
  @ValidateIf((_o, v) => v !== undefined) // null is not "absent": it fails IsInt
  @IsInt()
  @Min(COUNTER_INTERVAL_MIN_MS)
  @Max(COUNTER_INTERVAL_MAX_MS)
  intervalMs?: number;
}

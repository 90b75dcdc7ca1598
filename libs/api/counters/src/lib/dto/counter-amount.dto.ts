import { IsInt, Max, Min, ValidateIf } from 'class-validator';
import type { CounterAmountRequest } from '@pulseboard/shared/contracts';

export const COUNTER_AMOUNT_MAX = 1_000_000_000;

export class CounterAmountDto implements CounterAmountRequest {
  /** Positive integer, 1..1e9. @example 1 */
  @ValidateIf((_o, v) => v !== undefined) // null is not "absent": it fails IsInt
  @IsInt()
  @Min(1)
  @Max(COUNTER_AMOUNT_MAX)
  amount?: number;
}

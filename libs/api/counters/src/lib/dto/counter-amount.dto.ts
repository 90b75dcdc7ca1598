import { IsInt, isInt, Max, max, Min, min, ValidateIf } from 'class-validator';
import { FastValidated } from '@pulseboard/api/core';
import type { CounterAmountRequest } from '@pulseboard/shared/contracts';

export const COUNTER_AMOUNT_MAX = 1_000_000_000;

/**
 * The rules of CounterAmountDto below, with class-validator's own functions, for the validation pipe's fast path (a
 * decrement is the API's most frequent request): true only for a body they accept, no body included.
 */
export function isValidCounterAmount(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  if (keys.length === 0) return true;
  if (keys.length !== 1 || keys[0] !== 'amount') return false;
  const amount = (v as { amount: unknown }).amount;
  return amount === undefined || (isInt(amount) && min(amount, 1) && max(amount, COUNTER_AMOUNT_MAX));
}

@FastValidated(isValidCounterAmount)
export class CounterAmountDto implements CounterAmountRequest {
  /** Positive integer, 1..1e9. @example 1 */
  @ValidateIf((_o, v) => v !== undefined) // null is not "absent": it fails IsInt
  @IsInt()
  @Min(1)
  @Max(COUNTER_AMOUNT_MAX)
  amount?: number;
}

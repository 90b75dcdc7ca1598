import type { IsoDateString } from './common';

export const COUNTER_STATUSES = ['idle', 'running', 'paused', 'finished', 'cancelled'] as const;
export type CounterStatus = (typeof COUNTER_STATUSES)[number];

export const COUNTER_INTERVAL_MIN_MS = 50;
export const COUNTER_INTERVAL_MAX_MS = 3_600_000;

export interface Counter {
  id: string;
  /** Unique. */
  name: string;
  value: number;
  initial: number;
  /** Inclusive bounds; null = unbounded. */
  min: number | null;
  max: number | null;
  /** Auto-tick delta, may be negative, never 0. */
  step: number;
  /** Auto-tick period, 50..3600000. */
  intervalMs: number;
  status: CounterStatus;
  /** +1 on every change. */
  version: number;
  createdAt: IsoDateString;
  updatedAt: IsoDateString;
}

export interface CreateCounterRequest {
  name: string;
  initial?: number;
  min?: number | null;
  max?: number | null;
  step?: number;
  intervalMs?: number;
}

export interface CounterAmountRequest {
  amount?: number;
}

export type CounterAction = 'increment' | 'decrement' | 'reset' | 'start' | 'pause' | 'resume' | 'cancel';

/** Header that makes a counter mutation safe to repeat (same key, same counter, within 24 h). */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

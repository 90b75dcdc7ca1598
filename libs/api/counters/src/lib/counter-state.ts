// The counter state machine and the auto-tick value derivation: pure functions, no I/O.
import type { CounterStatus, LifecycleAction } from '@pulseboard/shared/contracts';

/** Values, bounds and amounts stay within ±1e15 so they are exact in a double (and in `double precision`). */
export const COUNTER_VALUE_LIMIT = 1e15;

// The transitions themselves are shared with the console (libs/shared/contracts rules.ts).
export { canTransition, COUNTER_TRANSITIONS as TRANSITIONS, type LifecycleAction } from '@pulseboard/shared/contracts';

const HINTS: Record<CounterStatus, string> = {
  idle: 'start it first',
  running: 'pause or cancel it first',
  paused: 'resume or cancel it first',
  finished: 'reset it first',
  cancelled: 'start or reset it first',
};

const WHAT: Record<LifecycleAction, string> = {
  start: 'only an idle or cancelled counter can be started',
  pause: 'only a running counter can be paused',
  resume: 'only a paused counter can be resumed',
  cancel: 'only a running or paused counter can be cancelled',
  reset: '',
};

/** The 409 message of an illegal transition; it always names the current status. */
export function transitionConflictMessage(name: string, status: CounterStatus, action: LifecycleAction): string {
  // "start" on a running counter reads best as the classic hint; other actions say what they need.
  const hint = action === 'start' || status === 'finished' ? HINTS[status] : WHAT[action];
  return `Counter '${name}' is ${status}; ${hint}`;
}

export function boundConflictMessage(name: string, value: number, result: number, min: number | null, max: number | null): string {
  if (min !== null && result < min) return `Counter '${name}' would go below its minimum ${min}; value is ${value}`;
  if (max !== null && result > max) return `Counter '${name}' would go above its maximum ${max}; value is ${value}`;
  return `Counter '${name}' would leave the supported range ±${COUNTER_VALUE_LIMIT}; value is ${value}`;
}

/** The persisted schedule of a counter: enough to derive its value at any time without a write per tick. */
export interface CounterSchedule {
  status: CounterStatus;
  /** Value at the anchor (the whole value when not running). */
  baseValue: number;
  /** Epoch ms when the counter last started/resumed or was last changed while running; null when not running. */
  anchorMs: number | null;
  step: number;
  intervalMs: number;
  min: number | null;
  max: number | null;
}

export function clamp(value: number, min: number | null, max: number | null): number {
  let v = value;
  if (min !== null && v < min) v = min;
  if (max !== null && v > max) v = max;
  return v;
}

/** Whether `value` sits on (or beyond) the bound the auto-tick moves towards. */
export function reachedBound(step: number, min: number | null, max: number | null, value: number): boolean {
  return (step > 0 && max !== null && value >= max) || (step < 0 && min !== null && value <= min);
}

/** Whole ticks elapsed since the anchor at `now` (0 when not running). */
export function ticksAt(s: CounterSchedule, now: number): number {
  if (s.status !== 'running' || s.anchorMs === null) return 0;
  return Math.floor(Math.max(0, now - s.anchorMs) / s.intervalMs);
}

export interface DerivedState {
  value: number;
  status: CounterStatus;
  /** Ticks elapsed since the anchor (0 when not running). */
  ticks: number;
  /** Epoch ms of the last tick boundary that changed the value (or of finishing), null if none since the anchor. */
  lastTickAt: number | null;
}

/**
 * value = clamp(baseValue + step * floor((now - anchorMs) / intervalMs)); a running counter whose value reaches
 * the bound it moves towards is `finished`, exactly on the bound, at the tick that reached it.
 */
export function deriveState(s: CounterSchedule, now: number): DerivedState {
  if (s.status !== 'running' || s.anchorMs === null) {
    return { value: s.baseValue, status: s.status, ticks: 0, lastTickAt: null };
  }
  const ticks = ticksAt(s, now);
  const value = clamp(s.baseValue + s.step * ticks, s.min, s.max);
  if (reachedBound(s.step, s.min, s.max, value)) {
    const bound = (s.step > 0 ? s.max : s.min) as number;
    // The first tick at which the bound was reached (0 if the counter started on it).
    const finishTicks = Math.max(0, Math.ceil((bound - s.baseValue) / s.step));
    return { value, status: 'finished', ticks, lastTickAt: s.anchorMs + finishTicks * s.intervalMs };
  }
  return { value, status: 'running', ticks, lastTickAt: ticks > 0 ? s.anchorMs + ticks * s.intervalMs : null };
}

/** Epoch ms of the next tick boundary after `now`, or null if the counter does not tick. */
export function nextTickAt(s: CounterSchedule, now: number): number | null {
  if (s.status !== 'running' || s.anchorMs === null) return null;
  return s.anchorMs + (ticksAt(s, now) + 1) * s.intervalMs;
}

import type { Counter } from './counters';

/**
 * The two classic uses of a counter, and everything else:
 * - `timer`: ticks towards a target in the step's direction (`max` with `step` > 0, or a countdown: `min`, no
 *   `max`, `step` < 0), started, paused and cancelled;
 * - `stock`: a floor, no ceiling and a positive step (the contract's `{ initial: 1000, min: 0 }`), sold from,
 *   restocked and reset, never ticked;
 * - `counter`: any other shape (created through the API), which gets every action.
 */
export type CounterKind = 'timer' | 'stock' | 'counter';

/** The kind of a counter, from its fields alone: the API and the console call this one function. */
export function counterKind(c: Pick<Counter, 'min' | 'max' | 'step'>): CounterKind {
  if (c.max !== null && c.step > 0) return 'timer';
  if (c.min !== null && c.max === null) return c.step < 0 ? 'timer' : 'stock';
  return 'counter';
}

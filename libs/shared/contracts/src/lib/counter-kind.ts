import type { Counter } from './counters';

/**
 * The two classic uses of a counter, and everything else:
 * - `timer`: ticks up towards a target (`max` set, `step` > 0), started, paused and cancelled;
 * - `stock`: a floor and no ceiling (`min` set, `max` null), sold from, restocked and reset, never ticked;
 * - `counter`: any other shape (created through the API), which gets every action.
 */
export type CounterKind = 'timer' | 'stock' | 'counter';

/** The kind of a counter, from its fields alone: the API and the console call this one function. */
export function counterKind(c: Pick<Counter, 'min' | 'max' | 'step'>): CounterKind {
  if (c.max !== null && c.step > 0) return 'timer';
  if (c.min !== null && c.max === null) return 'stock';
  return 'counter';
}

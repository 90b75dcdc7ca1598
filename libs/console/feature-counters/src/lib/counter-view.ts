// Pure helpers of the counters page: what a row shows and which actions it offers, by the counter's kind.
import { counterKind, lifecycleActions as sharedLifecycleActions } from '@pulseboard/shared/contracts';
import type { Counter, CounterAction } from '@pulseboard/shared/contracts';

type Shape = Pick<Counter, 'value' | 'initial' | 'min' | 'max' | 'step'>;

/** Where a timer stops: `max` counting up, `min` counting down; null for other kinds. */
export function timerTarget(c: Pick<Counter, 'min' | 'max' | 'step'>): number | null {
  if (counterKind(c) !== 'timer') return null;
  return c.step > 0 ? c.max : c.min;
}

/**
 * Share of the way shown by the progress bar, 0..1, or null when the counter has no meaningful bound:
 * a timer's way from `initial` to its target; a stock shows what is left of `initial` above `min`.
 */
export function counterProgress(c: Shape): number | null {
  const target = timerTarget(c);
  if (target !== null && target !== c.initial) return clamp01((c.value - c.initial) / (target - c.initial));
  if (c.min !== null && c.initial > c.min) return clamp01((c.value - c.min) / (c.initial - c.min));
  if (c.max !== null && c.max > 0 && c.min === null) return clamp01(c.value / c.max);
  return null;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

export type LifecycleButton = Extract<CounterAction, 'start' | 'pause' | 'resume' | 'cancel'>;

/** The lifecycle transitions the API allows from each status (the shared rule). */
export const lifecycleActions: (status: Counter['status']) => LifecycleButton[] = sharedLifecycleActions;

export const LIFECYCLE_LABELS: Record<LifecycleButton, string> = {
  start: 'Start',
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel',
};

/** One action button of a counter row. */
export interface CounterButton {
  action: CounterAction;
  amount?: number;
  label: string;
  /** The accessible name, naming the counter (several rows have the same buttons). */
  ariaLabel: string;
}

/** How much "Restock" adds to a stock: a tenth of its full size, at least 1. */
export function restockAmount(c: Pick<Counter, 'initial' | 'min'>): number {
  return Math.max(1, Math.round((c.initial - (c.min ?? 0)) / 10));
}

/**
 * The buttons of a counter row, by its kind: a stock sells, restocks and resets (it never ticks); a timer starts,
 * pauses, resumes, cancels and resets; any other counter gets the lifecycle, +1, −1 and reset.
 */
export function counterButtons(c: Counter): CounterButton[] {
  const lifecycle = lifecycleActions(c.status).map((action) => ({
    action,
    label: LIFECYCLE_LABELS[action],
    ariaLabel: `${LIFECYCLE_LABELS[action]} ${c.name}`,
  }));
  const reset: CounterButton = { action: 'reset', label: 'Reset', ariaLabel: `Reset ${c.name}` };
  switch (counterKind(c)) {
    case 'stock': {
      const restock = restockAmount(c);
      return [
        { action: 'decrement', amount: 1, label: 'Sell', ariaLabel: `Sell one of ${c.name}` },
        { action: 'increment', amount: restock, label: `Restock +${restock}`, ariaLabel: `Restock ${c.name} by ${restock}` },
        { ...reset, label: 'Reset', ariaLabel: `Reset ${c.name} to ${c.initial}` },
      ];
    }
    case 'timer':
      return [...lifecycle, reset];
    case 'counter':
      return [
        ...lifecycle,
        { action: 'increment', amount: 1, label: '+1', ariaLabel: `Add 1 to ${c.name}` },
        { action: 'decrement', amount: 1, label: '−1', ariaLabel: `Subtract 1 from ${c.name}` },
        reset,
      ];
  }
}

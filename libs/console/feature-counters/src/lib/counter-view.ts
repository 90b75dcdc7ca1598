// Pure helpers of the counters page: what a row shows and which actions it offers.
import type { Counter, CounterAction } from '@pulseboard/shared/contracts';

/**
 * Share of the way shown by the progress bar, 0..1, or null when the counter has no meaningful bound:
 * a timer counts towards `max` from `initial`; a stock shows what is left of `initial` above `min`.
 */
export function counterProgress(c: Pick<Counter, 'value' | 'initial' | 'min' | 'max' | 'step'>): number | null {
  if (c.max !== null && c.step > 0 && c.max > c.initial) return clamp01((c.value - c.initial) / (c.max - c.initial));
  if (c.min !== null && c.initial > c.min) return clamp01((c.value - c.min) / (c.initial - c.min));
  if (c.max !== null && c.max > 0 && c.min === null) return clamp01(c.value / c.max);
  return null;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

export type LifecycleButton = Extract<CounterAction, 'start' | 'pause' | 'resume' | 'cancel'>;

/** The lifecycle buttons a row offers in its status (reset, +1, −1 and sell are always there). */
export function lifecycleActions(status: Counter['status']): LifecycleButton[] {
  switch (status) {
    case 'idle':
    case 'cancelled':
      return ['start'];
    case 'running':
      return ['pause', 'cancel'];
    case 'paused':
      return ['resume', 'cancel'];
    case 'finished':
      return [];
  }
}

export const LIFECYCLE_LABELS: Record<LifecycleButton, string> = {
  start: 'Start',
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel',
};

export interface CounterPreset {
  label: string;
  value: { initial: number; min: number | null; max: number | null; step: number; intervalMs: number };
}

export const COUNTER_PRESETS: CounterPreset[] = [
  { label: 'Timer 0→100', value: { initial: 0, min: 0, max: 100, step: 1, intervalMs: 1000 } },
  { label: 'Stock of 1000', value: { initial: 1000, min: 0, max: null, step: -1, intervalMs: 1000 } },
];

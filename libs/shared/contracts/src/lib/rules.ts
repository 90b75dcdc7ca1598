// Rules the API enforces and the console shows, written once (framework-free): counter transitions, job actions,
// event filter matching and per-minute buckets.
import type { MinuteCount } from './common';
import type { CounterStatus } from './counters';
import type { EventSeverity, EventStatus } from './events';
import type { JobStatus } from './jobs';

// ---- counters ----

export type LifecycleAction = 'start' | 'pause' | 'resume' | 'cancel' | 'reset';

/** Which statuses each lifecycle action accepts, and where it leads (the API's conditional writes are built from it). */
export const COUNTER_TRANSITIONS: Record<LifecycleAction, { from: readonly CounterStatus[]; to: CounterStatus }> = {
  start: { from: ['idle', 'cancelled'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['running', 'paused'], to: 'cancelled' },
  reset: { from: ['idle', 'running', 'paused', 'finished', 'cancelled'], to: 'idle' },
};

export function canTransition(status: CounterStatus, action: LifecycleAction): boolean {
  return COUNTER_TRANSITIONS[action].from.includes(status);
}

/** The lifecycle actions (reset aside) a counter in `status` accepts, in the order a row shows them. */
export function lifecycleActions(status: CounterStatus): Exclude<LifecycleAction, 'reset'>[] {
  return (['start', 'pause', 'resume', 'cancel'] as const).filter((a) => canTransition(status, a));
}

// ---- jobs ----

export type JobAction = 'retry' | 'cancel';

/** Which statuses a job action accepts (409 otherwise). */
export const JOB_ACTION_FROM: Record<JobAction, readonly JobStatus[]> = {
  retry: ['failed', 'cancelled'],
  cancel: ['pending', 'retrying'],
};

/** What a user can do with a job in `status`. */
export function jobActions(status: JobStatus): JobAction[] {
  return (['retry', 'cancel'] as const).filter((a) => JOB_ACTION_FROM[a].includes(status));
}

// ---- events ----

/** The filters of `GET /api/events` as values: `q` is a title prefix in any letter case; times in ms. */
export interface EventMatchFilter {
  status?: EventStatus | null;
  severity?: EventSeverity | string | null;
  type?: string | null;
  source?: string | null;
  q?: string | null;
  fromMs?: number | null;
  toMs?: number | null;
}

/** Whether an event is in a filtered list (the same rules as the API's query). */
export function eventMatches(
  f: EventMatchFilter,
  e: { status: string; severity: string; type: string; source: string; title: string; occurredAtMs: number },
): boolean {
  return (
    (!f.status || e.status === f.status) &&
    (!f.severity || e.severity === f.severity) &&
    (!f.type || e.type === f.type) &&
    (!f.source || e.source === f.source) &&
    (!f.q || e.title.toLowerCase().startsWith(f.q.toLowerCase())) &&
    (f.fromMs === undefined || f.fromMs === null || e.occurredAtMs >= f.fromMs) &&
    (f.toMs === undefined || f.toMs === null || e.occurredAtMs <= f.toMs)
  );
}

// ---- per-minute buckets ----

export const MINUTE_MS = 60_000;

/** `minutes` whole minutes ending with the one `endMs` falls in, oldest first, counted from zero. */
export class MinuteWindow {
  readonly start: number;
  readonly counts: number[];

  constructor(endMs: number, minutes = 60) {
    this.start = Math.floor(endMs / MINUTE_MS) * MINUTE_MS - (minutes - 1) * MINUTE_MS;
    this.counts = new Array<number>(minutes).fill(0);
  }

  /** Counts `n` at time `t` (ms) when it falls in the window. */
  add(t: number, n = 1): void {
    const i = Math.floor((t - this.start) / MINUTE_MS);
    if (i >= 0 && i < this.counts.length) this.counts[i] += n;
  }

  /** Start of each minute (ms). */
  times(): number[] {
    return this.counts.map((_, i) => this.start + i * MINUTE_MS);
  }

  /** As the API answers it: `{ at, count }` per minute, zero-filled. */
  toMinuteCounts(): MinuteCount[] {
    return this.counts.map((count, i) => ({ at: new Date(this.start + i * MINUTE_MS).toISOString(), count }));
  }
}

import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { ClusterLeases, Lease } from '@pulseboard/api/core';
import { RealtimePublisher } from '@pulseboard/api/realtime';
import { counterTopic, ServerEvents } from '@pulseboard/shared/contracts';
import { CounterEntity } from './counter.entity';
import { deriveState, nextTickAt, ticksAt } from './counter-state';
import { CountersService, toCounter } from './counters.service';

/** Longest sleep between two looks at the running counters (picks up counters started by other instances). */
export const TICKER_RESCAN_MS = 250;
/** Wake a little after the boundary so the derived value already includes the tick. */
const BOUNDARY_SLACK_MS = 2;

/**
 * Pushes the live value of running counters at each tick boundary, and writes `finished` when one reaches its
 * bound. Nothing is written per tick: values are derived (counter-state.ts). Tick pushes carry the stored
 * `version` unchanged and the tick time as `updatedAt`.
 *
 * With the Redis socket adapter (several instances, every emit reaches every client) only the holder of the
 * `counter-ticker` cluster lease pushes ticks, so each client gets each tick once; if Redis is unreachable the
 * instance pushes itself. With the in-memory adapter the process is alone and holds the lease.
 */
@Injectable()
export class CounterTicker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CounterTicker.name);
  private readonly lease: Lease;
  private stopped = false;
  private running = false;
  private rerun = false;
  private timer?: NodeJS.Timeout;
  private sub?: Subscription;
  private unwatch?: () => void;
  /** Per running counter: the version and tick count last pushed (or seen through a change). */
  private readonly seen = new Map<string, { version: number; ticks: number; anchorMs: number | null }>();

  constructor(
    private readonly counters: CountersService,
    private readonly publisher: RealtimePublisher,
    leases: ClusterLeases,
  ) {
    this.lease = leases.lease('counter-ticker');
  }

  /** Whether this instance pushes ticks now: it holds the lease, or nobody can know who does (Redis away). */
  isLeader(): boolean {
    const state = this.lease.state();
    return state === 'held' || state === 'unknown';
  }

  onApplicationBootstrap(): void {
    this.sub = this.counters.changes.subscribe((row) => this.onChange(row));
    this.unwatch = this.lease.onChange((held) => {
      if (!held) return;
      this.logger.log('this instance now pushes counter ticks');
      this.seen.clear(); // what the previous holder pushed is unknown: start from the next tick
      this.schedule(0);
    });
    this.schedule(0);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.sub?.unsubscribe();
    this.unwatch?.();
  }

  /** A committed change: it was published already, so the next push for this counter is the next tick. */
  private onChange(row: CounterEntity): void {
    if (row.status !== 'running') {
      this.seen.delete(row.id);
      return;
    }
    this.seen.set(row.id, { version: row.version, ticks: ticksAt(row, Date.now()), anchorMs: row.anchorMs });
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), Math.max(0, delayMs));
  }

  private async tick(): Promise<void> {
    this.running = true;
    let delay = TICKER_RESCAN_MS;
    try {
      if (this.isLeader()) delay = await this.pushDue();
    } catch (e) {
      this.logger.warn(`counter ticker: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
    if (this.rerun) {
      this.rerun = false;
      delay = 0;
    }
    this.schedule(delay);
  }

  /** Pushes every running counter that passed a tick boundary; returns how long to sleep. */
  private async pushDue(): Promise<number> {
    const rows = await this.counters.running();
    const now = Date.now();
    let nextAt = now + TICKER_RESCAN_MS;
    const live = new Set<string>();
    for (const row of rows) {
      if (this.stopped) break;
      live.add(row.id);
      const d = deriveState(row, now);
      if (d.status === 'finished') {
        // Publishes itself when it wins; another instance may have won (null).
        await this.counters.finishIfDue(row, now);
        this.seen.delete(row.id);
        continue;
      }
      const prev = this.seen.get(row.id);
      const same = prev && prev.version === row.version && prev.anchorMs === row.anchorMs;
      if (same && d.ticks > prev.ticks) {
        this.publisher.publish(ServerEvents.counterUpdated, toCounter(row, now), ['counters', counterTopic(row.id)]);
      }
      // First sight (start-up, new leader, a change made by another instance): its change was published already.
      this.seen.set(row.id, { version: row.version, ticks: d.ticks, anchorMs: row.anchorMs });
      const next = nextTickAt(row, now);
      if (next !== null && next + BOUNDARY_SLACK_MS < nextAt) nextAt = next + BOUNDARY_SLACK_MS;
    }
    for (const id of this.seen.keys()) if (!live.has(id)) this.seen.delete(id);
    return Math.max(0, nextAt - Date.now());
  }
}

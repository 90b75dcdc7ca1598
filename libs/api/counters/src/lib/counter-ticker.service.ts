import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Subscription } from 'rxjs';
import { InjectConfig, PulseboardConfig, REDIS } from '@pulseboard/api/core';
import { RealtimePublisher } from '@pulseboard/api/realtime';
import { counterTopic, ServerEvents } from '@pulseboard/shared/contracts';
import { CounterEntity } from './counter.entity';
import { deriveState, nextTickAt, ticksAt } from './counter-state';
import { CountersService, toCounter } from './counters.service';

/** Longest sleep between two looks at the running counters (picks up counters started by other instances). */
export const TICKER_RESCAN_MS = 250;
export const TICKER_LEASE_MS = 6000;
const LEASE_RENEW_MS = 2000;
/** Wake a little after the boundary so the derived value already includes the tick. */
const BOUNDARY_SLACK_MS = 2;

const RENEW_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Pushes the live value of running counters at each tick boundary, and writes `finished` when one reaches its
 * bound. Nothing is written per tick: values are derived (counter-state.ts). Tick pushes carry the stored
 * `version` unchanged and the tick time as `updatedAt`.
 *
 * With the Redis socket adapter (several instances, every emit reaches every client) only the holder of a Redis
 * lease pushes ticks, so each client gets each tick once; if Redis is unreachable the instance pushes itself.
 * With the in-memory adapter each instance only reaches its own clients, so each instance pushes.
 */
@Injectable()
export class CounterTicker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CounterTicker.name);
  private readonly instanceId = randomUUID();
  private readonly leaseKey: string;
  private readonly useLease: boolean;
  private leader = false;
  private stopped = false;
  private running = false;
  private rerun = false;
  private timer?: NodeJS.Timeout;
  private leaseTimer?: NodeJS.Timeout;
  private sub?: Subscription;
  /** Per running counter: the version and tick count last pushed (or seen through a change). */
  private readonly seen = new Map<string, { version: number; ticks: number; anchorMs: number | null }>();

  constructor(
    private readonly counters: CountersService,
    private readonly publisher: RealtimePublisher,
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() cfg: PulseboardConfig,
  ) {
    this.leaseKey = `${cfg.queuePrefix}:counters:ticker-lease`;
    this.useLease = cfg.socketAdapter === 'redis';
    this.leader = !this.useLease;
  }

  /** Whether this instance pushes ticks now. */
  isLeader(): boolean {
    return this.leader;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.sub = this.counters.changes.subscribe((row) => this.onChange(row));
    if (this.useLease) {
      await this.renewLease();
      this.leaseTimer = setInterval(() => void this.renewLease(), LEASE_RENEW_MS);
    }
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.leaseTimer);
    this.sub?.unsubscribe();
    if (this.useLease && this.leader) {
      // Hand over at once instead of letting the lease expire.
      await this.redis.eval(RELEASE_SCRIPT, 1, this.leaseKey, this.instanceId).catch(() => undefined);
    }
  }

  private async renewLease(): Promise<void> {
    try {
      const renewed = this.leader && (await this.redis.eval(RENEW_SCRIPT, 1, this.leaseKey, this.instanceId, TICKER_LEASE_MS)) === 1;
      const acquired = renewed || (await this.redis.set(this.leaseKey, this.instanceId, 'PX', TICKER_LEASE_MS, 'NX')) === 'OK';
      if (acquired && !this.leader) {
        this.logger.log('this instance now pushes counter ticks');
        this.seen.clear(); // what the previous leader pushed is unknown: start from the next tick
      }
      this.leader = acquired;
    } catch (e) {
      // Redis down: nobody can coordinate; pushing locally is right for a single instance.
      if (!this.leader) this.logger.warn(`ticker lease unavailable (${(e as Error).message}); pushing ticks locally`);
      this.leader = true;
    }
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
      if (this.leader) delay = await this.pushDue();
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

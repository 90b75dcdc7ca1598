import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { ClusterLeases, InjectConfig, Lease, PulseboardConfig, REDIS } from '@pulseboard/api/core';
import type { CreateEventRequest, EventSeverity, SimulatorState } from '@pulseboard/shared/contracts';
import { EventsService } from '../events.service';
import { randomEvent } from './event-generator';

/** Writes are batched per tick: at 1000/s that is 10 multi-row INSERTs per second, not 1000 statements. */
export const SIMULATOR_TICK_MS = 100;

const ESCALATION: Record<EventSeverity, EventSeverity> = { info: 'warning', warning: 'error', error: 'critical', critical: 'critical' };

/** What every instance agrees on: set by start/stop on any instance, read by the generating one at every tick. */
interface SharedSettings {
  running: boolean;
  ratePerSec: number;
  updateRatio: number;
  /** A new value at every start: the generator restarts its pacing. */
  run: number;
}

const STOPPED: SharedSettings = { running: false, ratePerSec: 1, updateRatio: 0.2, run: 0 };

/**
 * Creates `ratePerSec` events per second and, per created event, `updateRatio` changes to recent open ones
 * (escalate the severity, or complete as `simulator`), all through EventsService. ONE generator in the cluster:
 * the holder of the `simulator` lease. Its settings and count live in Redis when several API instances share
 * the work (the Redis socket adapter), so a start through one instance and a stop through another act on the same
 * simulator; a process alone keeps them in memory. `start` while running restarts with the new settings.
 */
@Injectable()
export class SimulatorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SimulatorService.name);
  private readonly lease: Lease;
  private readonly shared: boolean;
  private local: SharedSettings = STOPPED;
  private localGenerated = 0;
  private timer: NodeJS.Timeout | null = null;
  private unwatch?: () => void;
  private run = 0;
  private createCarry = 0;
  private updateCarry = 0;
  private lastTick = 0;
  /** The tick running now, if any (a stop waits for it, so nothing this instance generates lands after the answer). */
  private ticking: Promise<void> | null = null;

  constructor(
    private readonly events: EventsService,
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly cfg: PulseboardConfig,
    leases: ClusterLeases,
  ) {
    this.lease = leases.lease('simulator');
    this.shared = leases.mode === 'redis';
  }

  onApplicationBootstrap(): void {
    this.unwatch = this.lease.onChange((held) => {
      if (held) this.timer ??= setInterval(() => void this.tick(), SIMULATOR_TICK_MS);
      else this.stopTimer();
    });
  }

  onApplicationShutdown(): void {
    this.unwatch?.();
    this.stopTimer();
  }

  /** Whether this instance is the cluster's generator now. */
  isGenerator(): boolean {
    return this.timer !== null;
  }

  async state(): Promise<SimulatorState> {
    const s = await this.settings();
    return { running: s.running, ratePerSec: s.ratePerSec, updateRatio: s.updateRatio, generated: await this.generated() };
  }

  async start(ratePerSec = 1, updateRatio = 0.2): Promise<SimulatorState> {
    await this.save({ running: true, ratePerSec, updateRatio, run: Date.now() + Math.random() });
    return this.state();
  }

  /**
   * Once this answers, this instance generates nothing more: a tick it had in flight has finished. (A tick in flight
   * on another instance that holds the lease reads the stop at its next tick.)
   */
  async stop(): Promise<SimulatorState> {
    const s = await this.settings();
    await this.save({ ...s, running: false });
    await this.ticking;
    return this.state();
  }

  private key(part = ''): string {
    return `${this.cfg.queuePrefix}:simulator${part}`;
  }

  private async settings(): Promise<SharedSettings> {
    if (!this.shared) return this.local;
    const raw = await this.redis.get(this.key());
    return raw ? (JSON.parse(raw) as SharedSettings) : STOPPED;
  }

  private async save(s: SharedSettings): Promise<void> {
    if (this.shared) await this.redis.set(this.key(), JSON.stringify(s));
    else this.local = s;
  }

  private async generated(): Promise<number> {
    return this.shared ? Number((await this.redis.get(this.key(':generated'))) ?? 0) : this.localGenerated;
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private tick(): Promise<void> {
    this.ticking ??= this.generate().finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async generate(): Promise<void> {
    try {
      const s = await this.settings();
      const now = Date.now();
      if (!s.running || !this.lease.held()) {
        this.run = 0;
        return;
      }
      if (s.run !== this.run) {
        // A new start (here or elsewhere): one event's worth of credit so the first event appears at once.
        this.run = s.run;
        this.createCarry = 1;
        this.updateCarry = 0;
        this.lastTick = now;
      }
      const elapsed = now - this.lastTick;
      this.lastTick = now;
      // Credit accrues with time (a slow tick included), capped at one second's worth (no catch-up storms).
      this.createCarry = Math.min(this.createCarry + (s.ratePerSec * elapsed) / 1000, Math.max(1, s.ratePerSec));
      const n = Math.floor(this.createCarry);
      if (n === 0) return;
      this.createCarry -= n;
      this.updateCarry += n * s.updateRatio;
      const updates = Math.floor(this.updateCarry);
      this.updateCarry -= updates;
      const batch: CreateEventRequest[] = Array.from({ length: n }, () => randomEvent());
      const created = await this.events.createMany(batch);
      if (this.shared) await this.redis.incrby(this.key(':generated'), created.length);
      else this.localGenerated += created.length;
      if (updates > 0) await this.changeSome(updates);
    } catch (e) {
      this.logger.warn(`simulator tick failed: ${(e as Error).message}`);
    }
  }

  private async changeSome(count: number): Promise<void> {
    const ids = await this.events.recentOpenIds(Math.max(50, count * 4));
    for (let i = 0; i < count && ids.length; i++) {
      const id = ids.splice(Math.floor(Math.random() * ids.length), 1)[0];
      if (Math.random() < 0.6) {
        const current = await this.events.get(id).catch(() => null);
        if (current && current.status === 'open' && current.severity !== 'critical') {
          await this.events.escalate(id, ESCALATION[current.severity]);
          continue;
        }
      }
      // Another writer may have completed it meanwhile: that 409 is expected, not a failure.
      await this.events.complete(id, 'simulator').catch(() => undefined);
    }
  }
}

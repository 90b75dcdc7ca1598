import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { CreateEventRequest, EventSeverity, SimulatorState } from '@pulseboard/shared/contracts';
import { EventsService } from '../events.service';
import { randomEvent } from './event-generator';

/** Writes are batched per tick: at 1000/s that is 10 multi-row INSERTs per second, not 1000 statements. */
export const SIMULATOR_TICK_MS = 100;

const ESCALATION: Record<EventSeverity, EventSeverity> = { info: 'warning', warning: 'error', error: 'critical', critical: 'critical' };

/**
 * Creates `ratePerSec` events per second and, per created event, `updateRatio` changes to recent open ones
 * (escalate the severity, or complete as `simulator`), all through EventsService. Runs in this API process only.
 * `start` while running restarts with the new settings.
 */
@Injectable()
export class SimulatorService implements OnApplicationShutdown {
  private readonly logger = new Logger(SimulatorService.name);
  private timer: NodeJS.Timeout | null = null;
  private ratePerSec = 1;
  private updateRatio = 0.2;
  private generated = 0;
  private createCarry = 0;
  private updateCarry = 0;
  private lastTick = 0;
  private busy = false;

  constructor(private readonly events: EventsService) {}

  state(): SimulatorState {
    return { running: this.timer !== null, ratePerSec: this.ratePerSec, updateRatio: this.updateRatio, generated: this.generated };
  }

  start(ratePerSec = 1, updateRatio = 0.2): SimulatorState {
    this.stopTimer();
    this.ratePerSec = ratePerSec;
    this.updateRatio = updateRatio;
    // Start with one event's worth of credit so the first event appears at the first tick.
    this.createCarry = 1;
    this.updateCarry = 0;
    this.lastTick = Date.now();
    this.timer = setInterval(() => void this.tick(), SIMULATOR_TICK_MS);
    return this.state();
  }

  stop(): SimulatorState {
    this.stopTimer();
    return this.state();
  }

  onApplicationShutdown(): void {
    this.stopTimer();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    const elapsed = now - this.lastTick;
    this.lastTick = now;
    // Credit keeps accruing while a slow tick runs, capped at one second's worth (no catch-up storms).
    this.createCarry = Math.min(this.createCarry + (this.ratePerSec * elapsed) / 1000, Math.max(1, this.ratePerSec));
    if (this.busy) return;
    const n = Math.floor(this.createCarry);
    if (n === 0) return;
    this.createCarry -= n;
    this.updateCarry += n * this.updateRatio;
    const updates = Math.floor(this.updateCarry);
    this.updateCarry -= updates;
    this.busy = true;
    try {
      const batch: CreateEventRequest[] = Array.from({ length: n }, () => randomEvent());
      const created = await this.events.createMany(batch);
      if (this.timer) this.generated += created.length;
      if (updates > 0) await this.changeSome(updates);
    } catch (e) {
      this.logger.warn(`simulator tick failed: ${(e as Error).message}`);
    } finally {
      this.busy = false;
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

import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { RealtimePublisher } from '@pulseboard/api/realtime';
import { PulseEvent, ServerEvents } from '@pulseboard/shared/contracts';

/** How long pushes to `events` wait so that bursts leave in one tick (one socket write per client per tick). */
export const EVENTS_PUSH_TICK_MS = 50;

type Push = { name: typeof ServerEvents.eventCreated | typeof ServerEvents.eventUpdated; event: PulseEvent };

/**
 * Buffers `event.created` / `event.updated` and emits them every tick, in order (one message per event, as the
 * contract names them). At 1,000 events/s this turns 1,000 wake-ups per second into 20.
 */
@Injectable()
export class EventsPushBuffer implements OnModuleDestroy {
  private queue: Push[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly publisher: RealtimePublisher) {}

  push(name: Push['name'], event: PulseEvent): void {
    this.queue.push({ name, event });
    this.timer ??= setTimeout(() => this.flush(), EVENTS_PUSH_TICK_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    for (const p of batch) this.publisher.publish(p.name, p.event, ['events']);
  }

  onModuleDestroy(): void {
    this.flush();
  }
}

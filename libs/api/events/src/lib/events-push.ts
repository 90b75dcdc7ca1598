import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { RealtimePublisher } from '@pulseboard/api/realtime';
import { PulseEvent, ServerEvents } from '@pulseboard/shared/contracts';

type Push = { name: typeof ServerEvents.eventCreated | typeof ServerEvents.eventUpdated; event: PulseEvent };

/**
 * Collects the `event.created` / `event.updated` of one turn of the event loop (a whole batch insert, a simulator
 * tick) and emits them together right after it, in order, one message per event as the contract names them.
 */
@Injectable()
export class EventsPushBuffer implements OnModuleDestroy {
  private queue: Push[] = [];
  private timer: NodeJS.Immediate | null = null;

  constructor(private readonly publisher: RealtimePublisher) {}

  push(name: Push['name'], event: PulseEvent): void {
    this.queue.push({ name, event });
    // Right after the current I/O turn: a whole batch leaves together, without adding a fixed delay.
    this.timer ??= setImmediate(() => this.flush());
  }

  flush(): void {
    if (this.timer) clearImmediate(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    for (const p of batch) this.publisher.publish(p.name, p.event, ['events']);
  }

  onModuleDestroy(): void {
    this.flush();
  }
}

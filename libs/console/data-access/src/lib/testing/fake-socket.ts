// For specs only: a SocketService stand-in whose server events the spec pushes by hand.
import { signal } from '@angular/core';
import { Subject } from 'rxjs';
import type { ServerEventPayloads, SubscribeAck } from '@pulseboard/shared/contracts';
import type { ConnectionStatus } from '../realtime/socket.service';

/** Provide as `{ provide: SocketService, useValue: new FakeSocket() }`. */
export class FakeSocket {
  readonly status = signal<ConnectionStatus>('connected');
  /** What `subscribe()` answers: a spec emits acks (with their replay) through it. */
  readonly acks = new Subject<SubscribeAck>();
  /** The topics of every `subscribe()` call, in order. */
  readonly subscribedTopics: string[][] = [];
  readonly events = new Map<string, Subject<unknown>>();

  subscribe(topics: readonly string[]): Subject<SubscribeAck> {
    this.subscribedTopics.push([...topics]);
    return this.acks;
  }

  on<E extends keyof ServerEventPayloads>(event: E): Subject<ServerEventPayloads[E]> {
    if (!this.events.has(event)) this.events.set(event, new Subject());
    return this.events.get(event) as Subject<ServerEventPayloads[E]>;
  }

  /** Delivers a server event to whoever listens to it. */
  push(event: keyof ServerEventPayloads, payload: unknown = {}): void {
    this.events.get(event)?.next(payload);
  }
}

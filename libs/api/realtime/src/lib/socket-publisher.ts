import { Injectable } from '@nestjs/common';
import type { ServerEventName, ServerEventPayloads, Topic } from '@pulseboard/shared/contracts';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimePublisher } from './realtime-publisher';

/** Publisher of the API process: emits to the topic rooms (across instances through the socket.io adapter). */
@Injectable()
export class SocketPublisher extends RealtimePublisher {
  constructor(private readonly gateway: RealtimeGateway) {
    super();
  }

  publish<E extends ServerEventName>(event: E, payload: ServerEventPayloads[E], topics: Topic[]): void {
    // Before the server is up (e.g. during bootstrap) there is nobody to tell.
    this.gateway.server?.to(topics).emit(event, payload);
  }

  /** Emit to this instance's clients only: for updates every instance receives itself (the worker relay). */
  publishLocal(event: ServerEventName, payload: unknown, topics: Topic[]): void {
    this.gateway.server?.local.to(topics).emit(event, payload);
  }
}

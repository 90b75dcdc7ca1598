import type { ServerEventName, ServerEventPayloads, Topic } from '@pulseboard/shared/contracts';

/**
 * What feature services call after a change commits. In the API it emits on socket.io; in the worker it relays
 * through Redis to every API instance, which emits to its own clients.
 */
export abstract class RealtimePublisher {
  abstract publish<E extends ServerEventName>(event: E, payload: ServerEventPayloads[E], topics: Topic[]): void;
}

/** Redis channel that carries worker-made updates to the API instances. */
export const relayChannel = (queuePrefix: string): string => `${queuePrefix}:realtime`;

export interface RelayMessage {
  event: ServerEventName;
  payload: unknown;
  topics: Topic[];
}

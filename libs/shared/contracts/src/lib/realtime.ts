import type { Counter } from './counters';
import type { Job } from './jobs';
import type { PulseEvent } from './events';
import type { Block } from './feeds';
import type { SessionEndReason } from './auth';

/** socket.io path (default namespace). */
export const SOCKET_PATH = '/socket.io';

export const STATIC_TOPICS = ['counters', 'jobs', 'events', 'blocks'] as const;
export type StaticTopic = (typeof STATIC_TOPICS)[number];
export type Topic = StaticTopic | `counter:${string}` | `job:${string}`;

export const counterTopic = (id: string): Topic => `counter:${id}`;
export const jobTopic = (id: string): Topic => `job:${id}`;

/** Client -> server messages. */
export const ClientMessages = {
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe',
} as const;

export interface SubscribeRequest {
  topics: string[];
}

export interface SubscribeAck {
  ok: boolean;
  /** Items replayed per topic: the last 5 blocks for `blocks`, the last 20 events for `events`. */
  replay: Record<string, unknown[]>;
  /** Set when ok is false. */
  error?: string;
}

/** Server -> client events. */
export const ServerEvents = {
  counterUpdated: 'counter.updated',
  counterDeleted: 'counter.deleted',
  jobUpdated: 'job.updated',
  eventCreated: 'event.created',
  eventUpdated: 'event.updated',
  blockReceived: 'block.received',
} as const;
export type ServerEventName = (typeof ServerEvents)[keyof typeof ServerEvents];

export interface ServerEventPayloads {
  'counter.updated': Counter;
  'counter.deleted': { id: string };
  'job.updated': Job;
  'event.created': PulseEvent;
  'event.updated': PulseEvent;
  'block.received': Block;
}

/**
 * Sent to a socket just before the server closes it: its token expired, or its user was changed (role, disabled,
 * password). Not a topic event; every socket receives it. Reconnect with a fresh token (log in again).
 */
export const SESSION_ENDED_EVENT = 'session.ended';
export interface SessionEnded {
  reason: SessionEndReason;
}

/** Message of the `connect_error` when the handshake token is missing or invalid. */
export const SOCKET_UNAUTHORIZED = 'unauthorized';

export const EVENTS_REPLAY_COUNT = 20;

/** Whether a client may subscribe to `topic`. */
export function isValidTopic(topic: unknown): topic is Topic {
  if (typeof topic !== 'string') return false;
  if ((STATIC_TOPICS as readonly string[]).includes(topic)) return true;
  return /^(counter|job):[0-9a-fA-F-]{36}$/.test(topic);
}

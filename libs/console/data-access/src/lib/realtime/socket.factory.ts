import { InjectionToken } from '@angular/core';
import { ManagerOptions, SocketOptions, io } from 'socket.io-client';

/** The part of a socket.io client socket that SocketService uses; a seam so tests can drive a fake. */
export interface RealtimeSocket {
  readonly connected: boolean;
  /** True when the last connect restored the previous session (rooms and missed packets). */
  readonly recovered: boolean;
  /** True while the socket is connected or will try to (re)connect by itself. */
  readonly active: boolean;
  connect(): unknown;
  disconnect(): unknown;
  // socket.io's listener types are per event; this seam only needs the untyped shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  on(event: string, listener: (...args: any[]) => void): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  off(event: string, listener?: (...args: any[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  timeout(ms: number): { emit(event: string, ...args: unknown[]): unknown };
}

export type RealtimeSocketOptions = Partial<ManagerOptions & SocketOptions>;
export type RealtimeSocketFactory = (options: RealtimeSocketOptions) => RealtimeSocket;

/** Creates the socket.io client; the default connects to the page's own origin. */
export const REALTIME_SOCKET_FACTORY = new InjectionToken<RealtimeSocketFactory>('REALTIME_SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => (options) => io(options) as unknown as RealtimeSocket,
});

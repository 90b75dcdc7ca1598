// engine.io's websocket transport writes each buffered packet as its own frame, and `ws` writes each frame with its
// own cork/uncork: a client that is sent a hundred events in one turn (a batch of events) costs the server a hundred
// `writev` system calls, which made up most of the API's CPU under fan-out load. Corking the client's TCP socket around
// one `send` of several packets puts them in one `writev`: the same frames and messages on the wire, fewer packets.
// `ws` leaves corking to its users (websockets/ws#2214); the cork never outlives the synchronous send.
import { transports } from 'engine.io';

interface WebSocketTransport {
  /** The `ws` WebSocket of the client, and its TCP socket (a `ws` internal, checked before use). */
  socket?: { _socket?: { cork?: () => void; uncork?: () => void } };
  send(packets: unknown[]): void;
}

const CORKED = Symbol.for('pulseboard.corkedWebSocketSends');

/** Makes engine.io's websocket transport write the packets of one send together (once per process). */
export function installCorkedWebSocketSends(): void {
  const proto = (transports as unknown as Record<string, { prototype: WebSocketTransport & { [CORKED]?: true } }>)['websocket']?.prototype;
  if (!proto || proto[CORKED] || typeof proto.send !== 'function') return;
  const send = proto.send;
  proto.send = function (this: WebSocketTransport, packets: unknown[]): void {
    const tcp = this.socket?._socket;
    if (packets.length < 2 || typeof tcp?.cork !== 'function' || typeof tcp.uncork !== 'function') {
      send.call(this, packets);
      return;
    }
    tcp.cork();
    try {
      send.call(this, packets);
    } finally {
      tcp.uncork();
    }
  };
  proto[CORKED] = true;
}

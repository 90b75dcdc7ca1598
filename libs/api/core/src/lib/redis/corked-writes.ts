// ioredis writes every command to its socket as soon as it is issued: one `write` system call per command. A queue
// client under load issues many commands per turn of the event loop (Bull's scripts to add, take and finish jobs, for
// many jobs at once), so the writes alone were about a tenth of the API's CPU on the jobs path. Corking the socket at
// the first write of a turn and uncorking it in the same turn's check phase (setImmediate) sends the turn's commands
// in one `writev`: the same bytes in the same order, so replies and the command queue are unaffected. The cost is
// latency on a busy loop: a command written from a timer waits for the poll phase to end, and one written from an
// immediate waits for the next turn's check phase. (A test that fakes `setImmediate` while a queue is open would
// leave its writes corked; none does.)
// (ioredis' own `enableAutoPipelining` groups a turn's commands too, through a Pipeline object per turn and per-command
// bookkeeping; it measured no faster here, see bench/RESULTS.md.)
import type Redis from 'ioredis';

interface Corkable {
  cork(): void;
  uncork(): void;
  write(...args: unknown[]): boolean;
  destroyed?: boolean;
  [CORKED]?: true;
}

const CORKED = Symbol.for('pulseboard.corkedRedisWrites');

/** Makes one socket write what is written to it within one event-loop turn in one go (once per socket). */
export function corkWritesPerTurn(socket: Corkable): void {
  if (socket[CORKED] || typeof socket.cork !== 'function' || typeof socket.uncork !== 'function') return;
  const write = socket.write;
  let corked = false;
  const release = () => {
    corked = false;
    socket.uncork();
  };
  socket.write = function (this: Corkable, ...args: unknown[]): boolean {
    if (!corked && !socket.destroyed) {
      corked = true;
      socket.cork();
      setImmediate(release);
    }
    return write.apply(this, args);
  };
  socket[CORKED] = true;
}

/** The same for a Redis client's connection, now and after every reconnect (each brings a new socket). */
export function corkRedisWritesPerTurn(redis: Redis): void {
  const client = redis as unknown as { stream?: Corkable; [CORKED]?: true };
  if (client[CORKED]) return;
  client[CORKED] = true;
  const apply = () => {
    if (client.stream) corkWritesPerTurn(client.stream);
  };
  apply();
  redis.on('connect', apply);
}

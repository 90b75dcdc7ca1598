// SQLite has one connection per process here, so a transaction on it would take in whatever other requests send
// meanwhile (and roll their acknowledged writes back with its own). The gate holds other statements back, in
// JavaScript, while a unit of work runs its transaction, and lets a unit of work start only once the statements
// already sent have finished. Statements wait in a queue, not in SQLite's busy handler (which would block a thread
// of the pool the transaction itself needs).
import { AsyncLocalStorage } from 'node:async_hooks';

type Callback = (this: unknown, ...args: unknown[]) => void;
const noop: Callback = () => undefined;

export class SqliteGate {
  private readonly als = new AsyncLocalStorage<object>();
  private holder: object | null = null;
  /** Statements of others sent to SQLite and not finished yet. */
  private inFlight = 0;
  /** Statements of others waiting for the holder to finish. */
  private queued: (() => void)[] = [];
  /** Units of work waiting for the gate. */
  private readonly holders: { token: object; start: () => void }[] = [];

  /** Runs `fn` (one transaction) with nobody else's statement running meanwhile. */
  async hold<T>(fn: () => Promise<T>): Promise<T> {
    const token = {};
    await new Promise<void>((start) => {
      this.holders.push({ token, start });
      this.pump();
    });
    try {
      return await this.als.run(token, fn);
    } finally {
      this.holder = null;
      this.pump();
    }
  }

  /** Wraps one statement: `send(cb)` sends it to SQLite with the callback to call when it finished. */
  admit(send: (done: Callback) => void, cb: Callback | undefined): void {
    // Every statement passes here: the common case (no unit of work anywhere) costs one wrapper, nothing more.
    if (this.holder !== null && this.als.getStore() === this.holder) return send(cb ?? noop);
    if (this.holder !== null || this.holders.length > 0) this.queued.push(() => this.send(send, cb));
    else this.send(send, cb);
  }

  /** Sends a statement of others, counted in flight until its callback. */
  private send(send: (done: Callback) => void, cb: Callback | undefined): void {
    this.inFlight++;
    const finished = () => {
      this.inFlight--;
      this.pump();
    };
    send(function (this: unknown, ...args: unknown[]) {
      finished();
      cb?.apply(this, args);
    });
  }

  private pump(): void {
    if (this.holder) return;
    // Fair turns: what waited behind a unit of work runs before the next unit of work starts.
    if (this.queued.length) {
      for (const send of this.queued.splice(0)) send();
      return;
    }
    if (this.holders.length && this.inFlight === 0) {
      const next = this.holders.shift() as { token: object; start: () => void };
      this.holder = next.token;
      next.start();
    }
  }
}

/** The process's gate for its SQLite connection (one per process, like the connection). */
export const sqliteGate = new SqliteGate();

interface SqliteDatabase {
  run(...args: unknown[]): unknown;
  all(...args: unknown[]): unknown;
}

/** The sqlite3 module with every statement going through `gate`. */
export function gatedSqlite3(sqlite3: { Database: new (...args: unknown[]) => object }, gate: SqliteGate): unknown {
  const Base = sqlite3.Database as unknown as new (...args: unknown[]) => SqliteDatabase;
  class GatedDatabase extends Base {
    override run(...args: unknown[]): this {
      gated(gate, args, (a) => super.run(...a));
      return this;
    }
    override all(...args: unknown[]): this {
      gated(gate, args, (a) => super.all(...a));
      return this;
    }
  }
  const mod: Record<string, unknown> = Object.assign(Object.create(sqlite3), { Database: GatedDatabase });
  mod['verbose'] = () => mod;
  return mod;
}

function gated(gate: SqliteGate, args: unknown[], call: (args: unknown[]) => unknown): void {
  const last = args[args.length - 1];
  const cb = typeof last === 'function' ? (last as Callback) : undefined;
  const head = cb ? args.slice(0, -1) : args;
  gate.admit((done) => call([...head, done]), cb);
}

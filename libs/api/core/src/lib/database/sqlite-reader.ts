// Reads on SQLite's one shared connection queue behind each other and behind writes, and stall the event loop: sqlite3
// finalizes statements on the main thread, which waits for the connection's mutex while another statement runs in
// the thread pool (a whole-table aggregate holds it for tens of milliseconds). Reads of committed data go to
// connections of their own instead, opened read-only on the same file (WAL: they read the last commit without
// blocking writers or being blocked by them), each running one statement at a time, so nothing waits for a mutex.
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

type RowsCallback = (err: Error | null, rows: Record<string, unknown>[]) => void;

interface ReadStatement {
  all(params: unknown[], cb: RowsCallback): void;
  finalize(cb: () => void): void;
}

interface ReadDatabase {
  prepare(sql: string, prepared: (err: Error | null) => void): ReadStatement;
  configure(option: 'busyTimeout', ms: number): void;
  close(cb: (err: Error | null) => void): void;
}

/** Read-only connections: two let a long aggregate on one leave the other to short reads (the pool has four threads). */
const READERS = 2;

/**
 * Prepared statements kept per connection, by SQL text (the least recently used one is finalized past it): the
 * repositories write one text per query shape, so a page is bound and run, not parsed and planned again.
 */
const STATEMENTS_PER_READER = 64;

interface Reader {
  db: ReadDatabase | null;
  /** The prepared statements of `db`, least recently used first. */
  statements: Map<string, ReadStatement>;
  queue: Promise<unknown>;
  waiting: number;
}

@Injectable()
export class SqliteReader implements OnApplicationShutdown {
  private readonly readers: Reader[] = Array.from({ length: READERS }, () => ({
    db: null,
    statements: new Map(),
    queue: Promise.resolve(),
    waiting: 0,
  }));
  /** The SQLite file, or null when reads cannot have connections of their own (PostgreSQL, an in-memory database). */
  private readonly file: string | null;
  private closed = false;

  constructor(@InjectDataSource() ds: DataSource) {
    const file = ds.options.type === 'sqlite' ? String(ds.options.database) : '';
    this.file = file !== '' && file !== ':memory:' && !file.startsWith('file::memory:') ? file : null;
  }

  /** Whether reads can go to a connection of their own (SQLite on a file, not shut down). */
  get available(): boolean {
    return this.file !== null && !this.closed;
  }

  /** Runs one read-only statement (positional `?` parameters) on the connection with the fewest statements queued. */
  all<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const r = this.readers.reduce((a, b) => (b.waiting < a.waiting ? b : a));
    r.waiting++;
    const run = r.queue.then(() => this.run<T>(r, sql, params));
    r.queue = run.then(
      () => r.waiting--,
      () => r.waiting--,
    );
    return run;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.readers.map(async (r) => {
        await r.queue;
        const db = r.db;
        r.db = null;
        await this.finalizeAll(r);
        if (db) await new Promise<void>((resolve) => db.close(() => resolve()));
      }),
    );
  }

  /**
   * Runs `sql` on `r` (nothing else runs on it meanwhile: finalizing an evicted statement never waits for the
   * connection's mutex). A statement that failed to prepare is not kept; one that failed to run is (a busy file).
   */
  private run<T>(r: Reader, sql: string, params: unknown[]): Promise<T[]> {
    return new Promise<T[]>((resolve, reject) => {
      const done: RowsCallback = (err, rows) => (err ? reject(err) : resolve(rows as T[]));
      const kept = r.statements.get(sql);
      if (kept) {
        r.statements.delete(sql); // most recently used: last
        r.statements.set(sql, kept);
        kept.all(params, done);
        return;
      }
      const db = this.connection(r);
      // Run only once prepared: sqlite3 drops the calls queued on a statement that fails to prepare, uncalled.
      const statement = db.prepare(sql, (err) => {
        if (err) return reject(err);
        if (r.db !== db) {
          // The connection failed and was replaced meanwhile: run this once, keep nothing.
          statement.all(params, (e, rows) => statement.finalize(() => done(e, rows)));
          return;
        }
        if (r.statements.size >= STATEMENTS_PER_READER) {
          const [oldest, evicted] = r.statements.entries().next().value as [string, ReadStatement];
          r.statements.delete(oldest);
          evicted.finalize(() => undefined);
        }
        r.statements.set(sql, statement);
        statement.all(params, done);
      });
    });
  }

  private async finalizeAll(r: Reader): Promise<void> {
    const statements = [...r.statements.values()];
    r.statements = new Map();
    await Promise.all(statements.map((st) => new Promise<void>((resolve) => st.finalize(resolve))));
  }

  private connection(r: Reader): ReadDatabase {
    if (!r.db) {
      // The plain module (not the gated one TypeORM uses): these connections never join a unit of work.
      const sqlite3 = require('sqlite3') as {
        Database: new (file: string, mode: number, opened: (err: Error | null) => void) => ReadDatabase;
        OPEN_READONLY: number;
      };
      // An open that fails (no file handle left, the file moved) fails the statements queued on it, never the
      // process (with a callback sqlite3 emits no 'error'); the next statement opens the connection again.
      const db: ReadDatabase = new sqlite3.Database(this.file as string, sqlite3.OPEN_READONLY, (err) => {
        if (err && r.db === db) {
          r.db = null;
          r.statements = new Map();
        }
      });
      db.configure('busyTimeout', 10_000);
      r.db = db;
      r.statements = new Map();
    }
    return r.db;
  }
}

// Reads on SQLite's one shared connection queue behind each other and behind writes, and stall the event loop: sqlite3
// finalizes statements on the main thread, which waits for the connection's mutex while another statement runs in
// the thread pool (a whole-table aggregate holds it for tens of milliseconds). Reads of committed data go to
// connections of their own instead, opened read-only on the same file (WAL: they read the last commit without
// blocking writers or being blocked by them), each running one statement at a time, so nothing waits for a mutex.
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
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
  /** The connection, opening or open; null until the first read, or after an open that failed. */
  db: Promise<ReadDatabase> | null;
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
  private readonly logger = new Logger('SqliteReader');

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
        await r.queue; // settles either way (see all())
        const opening = r.db;
        r.db = null;
        await this.finalizeAll(r);
        const db = await opening?.catch(() => null);
        if (!db) return;
        await new Promise<void>((resolve) =>
          db.close((err) => {
            if (err) this.logger.warn(`a read-only connection did not close: ${err.message}`);
            resolve();
          }),
        );
      }),
    );
  }

  /**
   * Runs `sql` on `r` (nothing else runs on it meanwhile: finalizing an evicted statement never waits for the
   * connection's mutex). A statement that failed to prepare is not kept; one that failed to run is (a busy file).
   */
  private async run<T>(r: Reader, sql: string, params: unknown[]): Promise<T[]> {
    let statement = r.statements.get(sql);
    if (statement) {
      r.statements.delete(sql); // most recently used: last
    } else {
      const db = await this.connection(r);
      statement = await new Promise<ReadStatement>((resolve, reject) => {
        const prepared: ReadStatement = db.prepare(sql, (err) => (err ? reject(err) : resolve(prepared)));
      });
      if (r.statements.size >= STATEMENTS_PER_READER) {
        const [oldest, evicted] = r.statements.entries().next().value as [string, ReadStatement];
        r.statements.delete(oldest);
        evicted.finalize(() => undefined);
      }
    }
    r.statements.set(sql, statement);
    const kept = statement;
    return new Promise<T[]>((resolve, reject) => kept.all(params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))));
  }

  private async finalizeAll(r: Reader): Promise<void> {
    const statements = [...r.statements.values()];
    r.statements = new Map();
    await Promise.all(statements.map((st) => new Promise<void>((resolve) => st.finalize(resolve))));
  }

  /**
   * The reader's connection, opened read-only on first use. An open that fails (no file handle left, the file moved)
   * fails the read waiting for it, never the process (with a callback sqlite3 emits no 'error'); the next read opens
   * the connection again. Nothing is sent to a connection before it is open: sqlite3 never answers calls queued on
   * a database that failed to open.
   */
  private connection(r: Reader): Promise<ReadDatabase> {
    if (!r.db) {
      // The plain module (not the gated one TypeORM uses): these connections never join a unit of work.
      const sqlite3 = require('sqlite3') as {
        Database: new (file: string, mode: number, opened: (err: Error | null) => void) => ReadDatabase;
        OPEN_READONLY: number;
      };
      const opening: Promise<ReadDatabase> = new Promise((resolve, reject) => {
        const db = new sqlite3.Database(this.file as string, sqlite3.OPEN_READONLY, (err) => {
          if (err) {
            if (r.db === opening) r.db = null;
            reject(err);
            return;
          }
          db.configure('busyTimeout', 10_000);
          resolve(db);
        });
      });
      r.db = opening;
      r.statements = new Map();
    }
    return r.db;
  }
}

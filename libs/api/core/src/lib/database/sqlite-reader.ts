// Heavy read-only aggregates (GROUP BY over the whole events table) on SQLite take tens of milliseconds inside
// SQLite. On the process's shared connection that stalls the event loop too: sqlite3 finalizes statements on the
// main thread, which waits for the connection's mutex while another statement runs in the thread pool. Such reads go
// to a connection of their own, opened read-only on the same file (WAL: it reads the last commit without blocking
// writers or being blocked by them), one statement at a time, so nothing ever waits for its mutex.
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

interface ReadDatabase {
  all(sql: string, params: unknown[], cb: (err: Error | null, rows: Record<string, unknown>[]) => void): void;
  configure(option: 'busyTimeout', ms: number): void;
  close(cb: (err: Error | null) => void): void;
}

@Injectable()
export class SqliteReader implements OnApplicationShutdown {
  private db: ReadDatabase | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Whether reads can go to a connection of their own: SQLite on a file (an in-memory database has only one). */
  get available(): boolean {
    const file = this.ds.options.type === 'sqlite' ? String(this.ds.options.database) : '';
    return !this.closed && file !== '' && file !== ':memory:' && !file.startsWith('file::memory:');
  }

  /** Runs one read-only statement (positional `?` parameters) after the ones already queued here. */
  all<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const run = this.queue.then(
      () =>
        new Promise<T[]>((resolve, reject) => {
          this.connection().all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[])));
        }),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  onApplicationShutdown(): Promise<void> {
    this.closed = true;
    const db = this.db;
    this.db = null;
    if (!db) return Promise.resolve();
    return this.queue.then(() => new Promise<void>((resolve) => db.close(() => resolve())));
  }

  private connection(): ReadDatabase {
    if (!this.db) {
      // The plain module (not the gated one TypeORM uses): this connection never joins a unit of work.
      const sqlite3 = require('sqlite3') as { Database: new (file: string, mode: number) => ReadDatabase; OPEN_READONLY: number };
      this.db = new sqlite3.Database(String(this.ds.options.database), sqlite3.OPEN_READONLY);
      this.db.configure('busyTimeout', 10_000);
    }
    return this.db;
  }
}

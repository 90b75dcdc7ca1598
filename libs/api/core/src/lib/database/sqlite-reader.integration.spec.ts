// The read-only connections on a real SQLite file: statements are kept prepared per SQL text and bound again for
// each read, a statement that does not prepare fails its read (and nothing after it), the oldest kept statement makes
// room for a new one past the limit, a connection that cannot open fails its read (and opens again for the next), and
// shutdown finalizes the statements and closes the connections cleanly.
import { Logger } from '@nestjs/common';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { SqliteReader } from './sqlite-reader';

/** Counts the calls of a sqlite3 Database method, for the duration of one test. */
function counted(method: 'prepare' | 'close'): { calls: () => number; restore: () => void } {
  const proto = (require('sqlite3') as { Database: { prototype: Record<string, (...a: unknown[]) => unknown> } }).Database.prototype;
  const original = proto[method];
  let n = 0;
  proto[method] = function (this: unknown, ...args: unknown[]) {
    n++;
    return original.apply(this, args);
  };
  return { calls: () => n, restore: () => (proto[method] = original) };
}

describe('SqliteReader (real SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pulseboard-reader-'));
  const ds = new DataSource({ type: 'sqlite', database: join(dir, 'reader.sqlite') });
  let reader: SqliteReader;

  beforeAll(async () => {
    await ds.initialize();
    await ds.query('CREATE TABLE t (x INTEGER, label TEXT)');
    await ds.query(`INSERT INTO t VALUES ${Array.from({ length: 100 }, (_, i) => `(${i}, 'n${i}')`).join(', ')}`);
    reader = new SqliteReader(ds);
  });
  afterAll(async () => {
    await reader.onApplicationShutdown();
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prepares a statement once per connection and binds it again for each read, concurrent ones too', async () => {
    const prepares = counted('prepare');
    try {
      const sql = 'SELECT label FROM t WHERE x >= ? AND x < ? ORDER BY x';
      const reads = Array.from({ length: 30 }, (_, i) => reader.all<{ label: string }>(sql, [i, i + 3]));
      const answers = await Promise.all(reads);
      answers.forEach((rows, i) => expect(rows.map((r) => r.label)).toEqual([`n${i}`, `n${i + 1}`, `n${i + 2}`]));
      expect(prepares.calls()).toBeLessThanOrEqual(2); // two read-only connections
    } finally {
      prepares.restore();
    }
  });

  it('fails a read whose statement does not prepare, and answers the next ones', async () => {
    const bad = reader.all('SELECT nope FROM t WHERE x = ?', [1]);
    const good = reader.all<{ x: number }>('SELECT x FROM t WHERE x = ?', [7]);
    await expect(bad).rejects.toThrow(/no such column: nope/);
    await expect(good).resolves.toEqual([{ x: 7 }]);
    await expect(reader.all('SELECT nope FROM t WHERE x = ?', [1])).rejects.toThrow(/no such column/);
  });

  it('answers more distinct statements than it keeps (64 per connection), then the first ones again', async () => {
    const texts = Array.from({ length: 150 }, (_, i) => `SELECT x, ${i} AS k FROM t WHERE x = ?`);
    const prepares = counted('prepare');
    try {
      for (const round of [0, 1]) {
        const rows = await Promise.all(texts.map((sql, i) => reader.all<{ x: number; k: number }>(sql, [(i + round) % 100])));
        rows.forEach((r, i) => expect(r).toEqual([{ x: (i + round) % 100, k: i }]));
      }
      // The first round kept at most 2 × 64 of the 150: the second prepares at least the rest again.
      expect(prepares.calls()).toBeGreaterThanOrEqual(150 + (150 - 128));
    } finally {
      prepares.restore();
    }
  });

  it('fails the read of a connection that cannot open, and opens again for the next read', async () => {
    const file = join(dir, 'later.sqlite');
    const later = new SqliteReader({ options: { type: 'sqlite', database: file } } as unknown as DataSource);
    try {
      await expect(later.all('SELECT COUNT(*) AS n FROM t')).rejects.toThrow(/SQLITE_CANTOPEN/);
      copyFileSync(join(dir, 'reader.sqlite'), file);
      await expect(later.all('SELECT COUNT(*) AS n FROM t')).resolves.toEqual([{ n: expect.any(Number) }]);
    } finally {
      await later.onApplicationShutdown();
    }
  });

  it('reads the last commit of the shared connection', async () => {
    const sql = 'SELECT COUNT(*) AS n FROM t';
    expect(await reader.all(sql)).toEqual([{ n: 100 }]);
    await ds.query('INSERT INTO t VALUES (100, ?)', ['n100']);
    expect(await reader.all(sql)).toEqual([{ n: 101 }]);
  });

  it('finalizes its statements and closes its connections cleanly at shutdown, then is no longer available', async () => {
    const local = new SqliteReader(ds);
    await Promise.all(Array.from({ length: 10 }, (_, i) => local.all(`SELECT ${i} AS one`)));
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const closes = counted('close');
    try {
      await local.onApplicationShutdown();
      expect(closes.calls()).toBe(2);
      expect(warn).not.toHaveBeenCalled(); // sqlite3 refuses to close a connection with unfinalized statements
    } finally {
      closes.restore();
      warn.mockRestore();
    }
    expect(local.available).toBe(false);
  });
});

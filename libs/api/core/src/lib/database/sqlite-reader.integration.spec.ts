// The read-only connections on a real SQLite file: statements are kept prepared per SQL text and bound again for
// each read, a statement that does not prepare fails its read (and nothing after it), the oldest kept statement makes
// room for a new one past the limit, and shutdown finalizes them and closes the connections.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { SqliteReader } from './sqlite-reader';

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

  it('binds the kept statement again for each read, concurrent ones too', async () => {
    const sql = 'SELECT label FROM t WHERE x >= ? AND x < ? ORDER BY x';
    const reads = Array.from({ length: 30 }, (_, i) => reader.all<{ label: string }>(sql, [i, i + 3]));
    const answers = await Promise.all(reads);
    answers.forEach((rows, i) => expect(rows.map((r) => r.label)).toEqual([`n${i}`, `n${i + 1}`, `n${i + 2}`]));
  });

  it('fails a read whose statement does not prepare, and answers the next ones', async () => {
    const bad = reader.all('SELECT nope FROM t WHERE x = ?', [1]);
    const good = reader.all<{ x: number }>('SELECT x FROM t WHERE x = ?', [7]);
    await expect(bad).rejects.toThrow(/no such column: nope/);
    await expect(good).resolves.toEqual([{ x: 7 }]);
    await expect(reader.all('SELECT nope FROM t WHERE x = ?', [1])).rejects.toThrow(/no such column/);
  });

  it('answers more distinct statements than it keeps, then the first ones again', async () => {
    const texts = Array.from({ length: 150 }, (_, i) => `SELECT x, ${i} AS k FROM t WHERE x = ?`);
    for (const round of [0, 1]) {
      const rows = await Promise.all(texts.map((sql, i) => reader.all<{ x: number; k: number }>(sql, [(i + round) % 100])));
      rows.forEach((r, i) => expect(r).toEqual([{ x: (i + round) % 100, k: i }]));
    }
  });

  it('reads the last commit of the shared connection', async () => {
    const sql = 'SELECT COUNT(*) AS n FROM t';
    expect(await reader.all(sql)).toEqual([{ n: 100 }]);
    await ds.query('INSERT INTO t VALUES (100, ?)', ['n100']);
    expect(await reader.all(sql)).toEqual([{ n: 101 }]);
  });

  it('is no longer available after shutdown', async () => {
    const local = new SqliteReader(ds);
    await local.all('SELECT 1 AS one');
    await local.onApplicationShutdown();
    expect(local.available).toBe(false);
  });
});

// The gate on a real SQLite file: a transaction holding it is never joined by another request's statement (which
// its rollback would otherwise undo), and it starts only after the statements already sent have finished.
import { AsyncResource } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { gatedSqlite3, SqliteGate } from './sqlite-gate';

describe('SqliteGate (real SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pulseboard-gate-'));
  const gate = new SqliteGate();
  const ds = new DataSource({ type: 'sqlite', database: join(dir, 'gate.sqlite'), driver: gatedSqlite3(require('sqlite3'), gate) });
  const values = async () => ((await ds.query('SELECT x FROM t ORDER BY x')) as { x: number }[]).map((r) => r.x);

  beforeAll(async () => {
    await ds.initialize();
    await ds.query('CREATE TABLE t (x INTEGER)');
  });
  afterAll(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => ds.query('DELETE FROM t'));

  it("keeps another request's write out of a transaction that rolls back", async () => {
    // Another request: its own async context, not one started by the transaction's work.
    const otherRequest = AsyncResource.bind(() => ds.query('INSERT INTO t (x) VALUES (2)'));
    let outside: Promise<unknown> = Promise.resolve();
    await gate
      .hold(async () => {
        const qr = ds.createQueryRunner();
        await qr.startTransaction();
        await qr.query('INSERT INTO t (x) VALUES (1)');
        // Another request writes while the transaction is open (it has no part in the hold).
        outside = otherRequest();
        await new Promise((r) => setTimeout(r, 50));
        await qr.rollbackTransaction();
        throw new Error('undone');
      })
      .catch(() => undefined);
    await outside;
    expect(await values()).toEqual([2]);
  });

  it('runs the statements of others before or after a transaction, never inside it', async () => {
    const others = AsyncResource.bind((x: number) => ds.query(`INSERT INTO t (x) VALUES (${x})`));
    const sent = [1, 2, 3].map((x) => others(x));
    let inside: number[] = [];
    const held = gate.hold(async () => {
      const qr = ds.createQueryRunner();
      await qr.startTransaction();
      const start = await qr.query('SELECT COUNT(*) AS n FROM t');
      const more = [4, 5].map((x) => others(x)); // sent while the transaction is open
      await new Promise((r) => setTimeout(r, 50));
      await qr.query('INSERT INTO t (x) VALUES (10)');
      const end = await qr.query('SELECT COUNT(*) AS n FROM t');
      inside = [Number(start[0].n), Number(end[0].n)];
      await qr.commitTransaction();
      return more;
    });
    await Promise.all([...sent, ...(await held)]);
    expect(inside[1]).toBe(inside[0] + 1); // nothing of the others landed inside
    expect(await values()).toEqual([1, 2, 3, 4, 5, 10]);
  });
});

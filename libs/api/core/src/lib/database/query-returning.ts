import type { DataSource, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';

export type RawRow = Record<string, unknown>;

/**
 * Runs one statement and gives the rows it returns (`UPDATE … RETURNING *`, `INSERT … RETURNING *`), on SQLite and
 * PostgreSQL alike. `sql` uses the driver's positional parameters (see `escapeQueryWithParameters`).
 */
export async function queryReturning(ds: DataSource, sql: string, params: unknown[], runner?: QueryRunner): Promise<RawRow[]> {
  // TypeORM's SQLite runner sends statements that start with INSERT, UPDATE or DELETE to sqlite3's run(), which
  // drops RETURNING rows; a leading comment sends them to all(), which keeps them.
  const text = ds.options.type === 'sqlite' ? `/* returning */ ${sql}` : sql;
  // Inside a unit of work (its transaction's runner), or on a runner of its own.
  const qr = runner ?? ds.createQueryRunner();
  try {
    const res = await qr.query(text, params, true);
    return (res.records ?? []) as RawRow[];
  } finally {
    if (!runner) await qr.release();
  }
}

/**
 * A raw row (as `RETURNING *` gives it) as the entity the repository would read: every column goes through TypeORM's
 * own conversion for its type and database (SQLite's UTC datetime text, simple-json, PostgreSQL's Dates and numbers).
 */
export function hydrateRow<T extends ObjectLiteral>(ds: DataSource, target: EntityTarget<T>, raw: RawRow): T {
  const meta = ds.getMetadata(target);
  const entity = meta.create() as T;
  for (const c of meta.columns) c.setEntityValue(entity, ds.driver.prepareHydratedValue(raw[c.databaseName], c));
  return entity;
}

// What differs between SQLite (the embedded default) and PostgreSQL (DATABASE_URL) in the SQL the feature
// repositories write by hand, in one place: the switches, typed parameters, dates, RETURNING rows.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { hydrateRow, queryReturning, RawRow } from './query-returning';
import { SqliteReader } from './sqlite-reader';
import { UnitOfWork } from './unit-of-work';

export type DialectName = 'sqlite' | 'postgres';

interface InsertShape {
  head: string;
  columns: ColumnMetadata[];
  column: (property: string) => string;
}

export interface InsertOptions<T> {
  /** An upsert: a row whose `conflict` columns match an existing one updates its `update` columns instead. */
  upsert?: { conflict: (keyof T & string)[]; update: (keyof T & string)[] };
}

/** `ON CONFLICT (…) DO UPDATE SET …` (the same on SQLite and PostgreSQL), or nothing; `column` names a property's column. */
function onConflict<T>({ upsert }: InsertOptions<T>, column: (property: string) => string): string {
  if (!upsert) return '';
  const set = upsert.update.map((p) => `"${column(p)}" = excluded."${column(p)}"`).join(', ');
  return ` ON CONFLICT (${upsert.conflict.map((p) => `"${column(p)}"`).join(', ')}) DO UPDATE SET ${set}`;
}

@Injectable()
export class SqlDialect {
  readonly name: DialectName;

  constructor(
    @InjectDataSource() readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly reader: SqliteReader,
  ) {
    this.name = ds.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  get postgres(): boolean {
    return this.name === 'postgres';
  }

  /** A parameter PostgreSQL cannot type by itself (inside CASE, arithmetic on a bare parameter), cast to `pgType`. */
  typed(expr: string, pgType: string): string {
    return this.postgres ? `CAST(${expr} AS ${pgType})` : expr;
  }

  /** The larger / smaller of two expressions (GREATEST / LEAST, SQLite's two-argument MAX / MIN). */
  greatest(a: string, b: string): string {
    return this.postgres ? `GREATEST(${a}, ${b})` : `MAX(${a}, ${b})`;
  }

  least(a: string, b: string): string {
    return this.postgres ? `LEAST(${a}, ${b})` : `MIN(${a}, ${b})`;
  }

  /** `x / y` rounded down to a whole number. */
  floorDiv(x: string, y: string): string {
    return this.postgres ? `FLOOR(${x} / ${y})` : `CAST(${x} / ${y} AS INTEGER)`;
  }

  /** A Date bound as a raw parameter the way TypeORM stores a `Date` column (SQLite: UTC text; sqlite3 would bind a number). */
  date(d: Date): Date | string {
    return this.postgres ? d : d.toISOString().replace('T', ' ').replace('Z', '');
  }

  /** The minute of a timestamp column as `YYYY-MM-DD HH:MM` (UTC). */
  minuteOf(column: string): string {
    return this.postgres ? `to_char(${column}, 'YYYY-MM-DD HH24:MI')` : `substr(${column}, 1, 16)`;
  }

  /** Case-insensitive LIKE. */
  get ilike(): string {
    return this.postgres ? 'ILIKE' : 'LIKE';
  }

  /**
   * Runs one statement with named parameters (`:name`) and gives the rows its RETURNING clause returns, as `target`
   * entities, inside the open unit of work when there is one.
   */
  async returning<T extends ObjectLiteral>(target: EntityTarget<T>, sql: string, named: Record<string, unknown>): Promise<T[]> {
    const [query, params] = this.ds.driver.escapeQueryWithParameters(sql, named, {});
    const rows = await this.returningRaw(query, params);
    return rows.map((r) => hydrateRow(this.ds, target, r));
  }

  /** The same with the driver's positional parameters. */
  returningRaw(sql: string, params: unknown[]): Promise<RawRow[]> {
    return queryReturning(this.ds, sql, params, this.uow.runner());
  }

  /**
   * One multi-row `INSERT` of `rows` (entities of `target`, every column), inside the open unit of work when there is
   * one. Values go through TypeORM's own conversion for each column (dates, simple-json), so the rows read back equal
   * what the repository would have written; the statement is written here, not by the query builder, which costs more
   * than the database on this path. The caller keeps `rows × columns` under the driver's parameter limit
   * (SQLite 32766, PostgreSQL 65535).
   */
  async insertMany<T extends ObjectLiteral>(target: EntityTarget<T>, rows: readonly T[], options: InsertOptions<T> = {}): Promise<void> {
    if (rows.length === 0) return;
    const { head, columns, column } = this.insertShape(target);
    const convert = this.ds.driver;
    const params: unknown[] = new Array(rows.length * columns.length);
    let k = 0;
    for (const row of rows) for (const c of columns) params[k++] = convert.preparePersistentValue(c.getEntityValue(row), c);
    await this.execute(head + this.valueTuples(rows.length, columns.length) + onConflict(options, column), params);
  }

  private readonly shapes = new Map<EntityTarget<ObjectLiteral>, InsertShape>();

  private insertShape(target: EntityTarget<ObjectLiteral>): InsertShape {
    let shape = this.shapes.get(target);
    if (!shape) {
      const meta = this.ds.getMetadata(target);
      // An auto-increment id is left to the database (generated uuids are given by the services).
      const columns = meta.columns.filter((c) => !(c.isGenerated && c.generationStrategy === 'increment'));
      const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
      const column = (property: string) => {
        const c = meta.findColumnWithPropertyName(property);
        if (!c) throw new Error(`${meta.tableName} has no column for '${property}'`);
        return c.databaseName;
      };
      shape = { head: `INSERT INTO "${meta.tableName}" (${names}) VALUES `, columns, column };
      this.shapes.set(target, shape);
    }
    return shape;
  }

  /** `(?, ?), (?, ?)` on SQLite, `($1, $2), ($3, $4)` on PostgreSQL. */
  private valueTuples(rows: number, columns: number): string {
    if (!this.postgres) {
      const tuple = `(${'?, '.repeat(columns - 1)}?)`;
      return `${tuple}, `.repeat(rows - 1) + tuple;
    }
    const tuples: string[] = new Array(rows);
    for (let r = 0, n = 1; r < rows; r++) {
      const ps: string[] = new Array(columns);
      for (let c = 0; c < columns; c++) ps[c] = `$${n++}`;
      tuples[r] = `(${ps.join(', ')})`;
    }
    return tuples.join(', ');
  }

  /**
   * A read-only statement with the driver's positional parameters. Inside a unit of work it runs in its transaction
   * (and sees its writes); otherwise, on a SQLite file, on a read-only connection of its own (see SqliteReader), so
   * the shared connection and the event loop never wait for it; on PostgreSQL (or in-memory SQLite) on the pool.
   */
  read<T = RawRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const runner = this.uow.runner();
    const shared = () => this.ds.query(sql, params, runner) as Promise<T[]>;
    // A read-only connection that fails (it could not open) leaves the read to the shared connection.
    if (!runner && this.reader.available) return this.reader.all<T>(sql, params).catch(shared);
    return shared();
  }

  /** A statement without rows to give back, inside the open unit of work when there is one. */
  async execute(sql: string, params: unknown[]): Promise<void> {
    await this.ds.query(sql, params, this.uow.runner());
  }
}

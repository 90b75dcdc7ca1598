// The jobs table's repository: writes that hand back the rows they changed (no re-read), one statement for many
// jobs, on SQLite and PostgreSQL alike (through core's SqlDialect), inside the open unit of work when there is one.
import { Injectable } from '@nestjs/common';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { hydrateRow, SqlDialect } from '@pulseboard/api/core';
import type { JobStatus } from '@pulseboard/shared/contracts';
import { JobEntity } from './job.entity';

export type JobChanges = Partial<Omit<JobEntity, 'id' | 'updatedAt'>>;

/** SQLite accepts 32766 parameters per statement; a batch stays far below it. */
export const MAX_BATCH = 200;

/**
 * Builds and runs the statements on the jobs table, for SQLite and PostgreSQL alike: values go through TypeORM's
 * own conversions (dates, simple-json), so a row read here equals what the repository would read.
 */
@Injectable()
export class JobsRepository {
  private readonly byProperty = new Map<string, ColumnMetadata>();

  constructor(private readonly sql: SqlDialect) {
    for (const c of sql.ds.getMetadata(JobEntity).columns) this.byProperty.set(c.propertyName, c);
  }

  private get ds() {
    return this.sql.ds;
  }

  /** One multi-row INSERT. */
  insert(rows: JobEntity[]): Promise<void> {
    return this.sql.insertMany(JobEntity, rows);
  }

  /**
   * One conditional UPDATE for many jobs: each row gets its own `changes` (all with the same columns) while its status
   * is one of `from`; returns the rows as written, by id (absent: not changed). updatedAt is the statement's time.
   */
  async transition(items: { id: string; changes: JobChanges }[], from: readonly JobStatus[]): Promise<Map<string, JobEntity>> {
    const params: unknown[] = [];
    const ids = items.map((i) => i.id);
    const keys = Object.keys(items[0].changes) as (keyof JobChanges)[];
    const sets = keys.map((key) => {
      const col = this.column(key);
      const values = items.map((i) => i.changes[key] as unknown);
      const same = values.every((v) => sameValue(v, values[0]));
      // A single value when all rows share it (the common case for status, progress, error); else a CASE on the id.
      const expr =
        same || items.length === 1
          ? this.param(params, col, values[0])
          : `CASE "id" ${items.map((_, i) => `WHEN ${this.param(params, this.column('id'), ids[i])} THEN ${this.typed(col, this.param(params, col, values[i]))}`).join(' ')} END`;
      return `"${col.databaseName}" = ${expr}`;
    });
    sets.push(`"updatedAt" = ${this.param(params, this.column('updatedAt'), new Date())}`);
    const idList = ids.map((id) => this.param(params, this.column('id'), id)).join(', ');
    const statuses = from.map((s) => `'${s}'`).join(', ');
    const rows = await this.sql.returningRaw(
      `UPDATE "jobs" SET ${sets.join(', ')} WHERE "id" IN (${idList}) AND "status" IN (${statuses}) RETURNING *`,
      params,
    );
    return new Map(
      rows.map((r) => {
        const e = hydrateRow(this.ds, JobEntity, r);
        return [e.id, e];
      }),
    );
  }

  /** A text search in the payload and the error message: a scan, bounded by the filters and the page. */
  search(
    text: string,
    where: Partial<Pick<JobEntity, 'status' | 'type'>>,
    order: Record<string, 'ASC' | 'DESC'>,
    skip: number,
    take: number,
  ): Promise<[JobEntity[], number]> {
    const like = this.sql.ilike;
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const qb = this.ds
      .getRepository(JobEntity)
      .createQueryBuilder('j')
      .where(`(j.payload ${like} :pattern ESCAPE '\\' OR j.error ${like} :pattern ESCAPE '\\')`, { pattern });
    if (where.status) qb.andWhere('j.status = :status', { status: where.status });
    if (where.type) qb.andWhere('j.type = :type', { type: where.type });
    for (const [field, dir] of Object.entries(order)) qb.addOrderBy(`j.${field}`, dir);
    return qb.skip(skip).take(take).getManyAndCount();
  }

  private column(property: string): ColumnMetadata {
    const c = this.byProperty.get(property);
    if (!c) throw new Error(`jobs has no column for '${property}'`);
    return c;
  }

  private param(params: unknown[], col: ColumnMetadata, value: unknown): string {
    params.push(this.ds.driver.preparePersistentValue(value, col));
    return this.ds.driver.createParameter(`p${params.length}`, params.length - 1);
  }

  /** PostgreSQL types a parameter inside CASE as text; tell it the column's type (SQLite needs no cast, and a CAST to datetime would mangle it). */
  private typed(col: ColumnMetadata, expr: string): string {
    return this.sql.typed(expr, this.ds.driver.normalizeType(col));
  }
}

const sameValue = (a: unknown, b: unknown): boolean => a === b || (a instanceof Date && b instanceof Date && a.getTime() === b.getTime());

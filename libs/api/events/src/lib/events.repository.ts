// The events table's repository: the statements of EventsService (multi-row inserts, conditional updates, keyset
// and offset pages, counts), on SQLite and PostgreSQL alike through core's SqlDialect, inside the open unit of work
// when there is one. EventsService keeps the rules.
import { Injectable } from '@nestjs/common';
import { EntityManager, QueryRunner, SelectQueryBuilder } from 'typeorm';
import { hydrateRow, RawRow, SqlDialect, UnitOfWork } from '@pulseboard/api/core';
import { EVENT_COLUMNS, EventEntity } from './event.entity';
import { applyFilter, EventFilter, ParsedListQuery } from './events-query';

/** Every column under its own name (as RETURNING * gives it), for hydrateRow. */
const ROW_COLUMNS = EVENT_COLUMNS.map((c) => `e.${c} AS "${c}"`);

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER is 32766: rows per INSERT statement stay under it. */
const MAX_ROWS_PER_INSERT = Math.floor(32_000 / EVENT_COLUMNS.length);

export type Cursor = { value: string | Date; id: string };

@Injectable()
export class EventsRepository {
  constructor(
    private readonly sql: SqlDialect,
    private readonly uow: UnitOfWork,
  ) {}

  /** Stores every row or none: one multi-row INSERT (several inside one transaction past the variable limit). */
  async insertAll(rows: EventEntity[]): Promise<void> {
    const chunks = this.chunks(rows);
    // One statement is atomic by itself (and needs no transaction on SQLite's one shared connection); several share
    // one, or join the unit of work already open (an Idempotency-Key request).
    if (chunks.length === 1) {
      await this.insert(chunks[0]);
    } else {
      await this.uow.run(async () => {
        for (const c of chunks) await this.insert(c);
      });
    }
  }

  /**
   * Stores the rows in one transaction with `guard`'s own writes, only when `guard` answers true (given the
   * transaction's manager and the rows' ids). False when it said no.
   */
  insertGuarded(rows: EventEntity[], guard: (m: EntityManager, ids: string[]) => Promise<boolean>): Promise<boolean> {
    return this.uow.run(async () => {
      const r = this.uow.runner() as QueryRunner;
      const ids = rows.map((row) => row.id);
      if (!(await guard(r.manager, ids))) return false;
      for (const c of this.chunks(rows)) await this.insert(c);
      return true;
    });
  }

  findById(id: string): Promise<EventEntity | null> {
    return this.repo().findOneBy({ id });
  }

  /** One atomic `UPDATE ... WHERE "id" = :id AND <condition> RETURNING *`; the row as written, or null. */
  async update(id: string, set: string, condition: string, params: Record<string, unknown>): Promise<EventEntity | null> {
    const sql = `UPDATE "events" SET ${set} WHERE "id" = :id AND ${condition} RETURNING *`;
    const [after] = await this.sql.returning(EventEntity, sql, { ...params, id });
    return after ?? null;
  }

  /** `limit` rows of the list after `cursor` (keyset). */
  afterCursor(p: ParsedListQuery, cursor: Cursor | null, limit: number): Promise<EventEntity[]> {
    const qb = this.ordered(this.filtered(p.filter), p).select(ROW_COLUMNS).limit(limit);
    if (cursor) qb.andWhere(this.keyset(p), { cv: cursor.value, cid: cursor.id });
    return this.rows(qb);
  }

  /** `limit` rows of the list from `offset`: the offset is skipped on the (covering) index, then only these rows load. */
  async atOffset(p: ParsedListQuery, offset: number, limit: number): Promise<EventEntity[]> {
    const idRows = await this.readRaw<{ id: string }>(
      this.ordered(this.filtered(p.filter), p).select('e.id', 'id').offset(offset).limit(limit),
    );
    const ids = idRows.map((r) => r.id);
    if (!ids.length) return [];
    const byId = new Map((await this.rows(this.repo().createQueryBuilder('e').select(ROW_COLUMNS).whereInIds(ids))).map((e) => [e.id, e]));
    return ids.map((id) => byId.get(id)).filter((e): e is EventEntity => !!e);
  }

  /** How many events match `f` (over the whole table: off the shared connection, see SqlDialect.read). */
  async count(f: EventFilter): Promise<number> {
    const [sql, params] = this.filtered(f).select('COUNT(*)', 'n').getQueryAndParameters();
    const [row] = await this.sql.read<{ n: string | number }>(sql, params);
    return Number(row?.n ?? 0);
  }

  /** The `limit` most recently created rows, newest first. */
  recent(limit: number): Promise<EventEntity[]> {
    return this.repo().createQueryBuilder('e').orderBy('e.createdAt', 'DESC').addOrderBy('e.id', 'DESC').limit(limit).getMany();
  }

  /** Ids of open events among the most recent ones. */
  async recentOpenIds(limit: number): Promise<string[]> {
    const rows = await this.repo()
      .createQueryBuilder('e')
      .select('e.id', 'id')
      .where(`e.status = 'open'`)
      .orderBy('e.occurredAt', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** How many events per value of `column` (a whole-table aggregate: off the shared connection, see SqlDialect.read). */
  async countBy(column: 'status' | 'severity'): Promise<{ k: string; n: number }[]> {
    const rows = await this.sql.read<{ k: string; n: string | number }>(
      `SELECT "${column}" AS k, COUNT(*) AS n FROM "events" GROUP BY "${column}"`,
    );
    return rows.map((r) => ({ k: r.k, n: Number(r.n) }));
  }

  /** Events created per minute since `start` (ms), as `{ minute start (ms), count }`. */
  async createdPerMinute(start: number): Promise<{ at: number; n: number }[]> {
    const since = this.sql.ds.driver.createParameter('start', 0);
    const rows = await this.sql.read<{ m: string; n: string | number }>(
      `SELECT ${this.sql.minuteOf('"createdAt"')} AS m, COUNT(*) AS n FROM "events" WHERE "createdAt" >= ${since} GROUP BY m`,
      [this.sql.date(new Date(start))],
    );
    return rows.map((r) => ({ at: Date.parse(`${r.m.replace(' ', 'T')}:00Z`), n: Number(r.n) }));
  }

  /** The rows a query selects, read as committed (see SqlDialect.read), as entities. */
  private async rows(qb: SelectQueryBuilder<EventEntity>): Promise<EventEntity[]> {
    return (await this.readRaw(qb)).map((raw) => hydrateRow(this.sql.ds, EventEntity, raw));
  }

  private readRaw<T = RawRow>(qb: SelectQueryBuilder<EventEntity>): Promise<T[]> {
    const [sql, params] = qb.getQueryAndParameters();
    return this.sql.read<T>(sql, params);
  }

  private repo() {
    return this.sql.ds.getRepository(EventEntity);
  }

  private chunks(rows: EventEntity[]): EventEntity[][] {
    const chunks: EventEntity[][] = [];
    for (let i = 0; i < rows.length; i += MAX_ROWS_PER_INSERT) chunks.push(rows.slice(i, i + MAX_ROWS_PER_INSERT));
    return chunks;
  }

  /** One multi-row INSERT, in the open unit of work when there is one. */
  private insert(rows: EventEntity[]): Promise<void> {
    return this.sql.insertMany(EventEntity, rows);
  }

  private filtered(f: EventFilter): SelectQueryBuilder<EventEntity> {
    return applyFilter(this.repo().createQueryBuilder('e').where('1 = 1'), f, this.sql.postgres);
  }

  private ordered(qb: SelectQueryBuilder<EventEntity>, p: ParsedListQuery): SelectQueryBuilder<EventEntity> {
    return qb.orderBy(`e.${p.sort.field}`, p.sort.direction).addOrderBy('e.id', p.sort.direction);
  }

  /** Rows strictly after the cursor in the list's order: a row-value comparison both databases run as an index range. */
  private keyset(p: ParsedListQuery): string {
    return `(e.${p.sort.field}, e.id) ${p.sort.direction === 'DESC' ? '<' : '>'} (:cv, :cid)`;
  }
}

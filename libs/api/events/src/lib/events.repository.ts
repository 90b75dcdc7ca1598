// The events table's repository: the statements of EventsService (multi-row inserts, conditional updates, keyset
// and offset pages, counts), on SQLite and PostgreSQL alike through core's SqlDialect, inside the open unit of work
// when there is one. EventsService keeps the rules.
import { Injectable } from '@nestjs/common';
import { EntityManager, QueryRunner } from 'typeorm';
import { SqlDialect, UnitOfWork } from '@pulseboard/api/core';
import type { PulseEvent } from '@pulseboard/shared/contracts';
import { EVENT_COLUMNS, EventEntity } from './event.entity';
import { EventFilter, ParsedListQuery } from './events-query';
import { countStatement, PageStart, pageStatement, rowToEvent } from './events-sql';

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER is 32766: rows per INSERT statement stay under it. */
const MAX_ROWS_PER_INSERT = Math.floor(32_000 / EVENT_COLUMNS.length);

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

  /** `limit` events of the list from `start` (a cursor or an offset): one statement, read as committed (SqlDialect.read). */
  async page(p: ParsedListQuery, start: PageStart, limit: number): Promise<PulseEvent[]> {
    const { sql, params } = pageStatement(this.sql, p, start, limit);
    return (await this.sql.read(sql, params)).map(rowToEvent);
  }

  /** How many events match `f` (over the whole table: off the shared connection, see SqlDialect.read). */
  async count(f: EventFilter): Promise<number> {
    const { sql, params } = countStatement(this.sql, f);
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
}

import { BadRequestException, ConflictException, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryRunner, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { SqlDialect, UnitOfWork, uuidv7 } from '@pulseboard/api/core';
import { RealtimeReplay } from '@pulseboard/api/realtime';
import {
  CreateEventRequest,
  EVENT_SEVERITIES,
  EVENT_STATUSES,
  EVENTS_REPLAY_COUNT,
  EventListQuery,
  EventSeverity,
  EventStats,
  MinuteCount,
  MinuteWindow,
  Page,
  PAGE_SIZE_DEFAULT,
  PulseEvent,
  ServerEvents,
} from '@pulseboard/shared/contracts';
import { EVENT_COLUMNS, EventEntity, toPulseEvent } from './event.entity';
import { EventsPushBuffer } from './events-push';
import { applyFilter, encodeCursor, EventFilter, ParsedListQuery, parseListQuery, TotalsCache } from './events-query';

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER is 32766: rows per INSERT statement stay under it. */
const MAX_ROWS_PER_INSERT = Math.floor(32_000 / EVENT_COLUMNS.length);

/** The rules of events, and the only writer of the `events` table. Safe in a worker process (no HTTP, no timers). */
@Injectable()
export class EventsService implements OnModuleInit {
  private readonly totals = new TotalsCache();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly push: EventsPushBuffer,
    private readonly replay: RealtimeReplay,
    private readonly uow: UnitOfWork,
    private readonly sql: SqlDialect,
  ) {}

  onModuleInit(): void {
    // Replay for new `events` subscribers: the 20 most recently created events, newest first.
    this.replay.register('events', () => this.recent(EVENTS_REPLAY_COUNT));
  }

  async create(input: CreateEventRequest): Promise<PulseEvent> {
    const [e] = await this.createMany([input]);
    return e;
  }

  /** Stores every event or none: one multi-row INSERT (several inside one transaction past the variable limit). */
  async createMany(inputs: CreateEventRequest[]): Promise<PulseEvent[]> {
    if (inputs.length === 0) return [];
    const rows = this.rowsFor(inputs);
    const chunks = this.chunks(rows);
    const runner = this.uow.runner();
    if (runner) {
      // Inside a unit of work (an Idempotency-Key request): its transaction holds them all.
      for (const c of chunks) await this.insert(runner.connection, c, runner);
    } else if (chunks.length === 1) {
      // One statement is atomic by itself, and needs no transaction on SQLite's single shared connection.
      await this.insert(this.ds, chunks[0]);
    } else {
      await this.uow.run(async () => {
        const r = this.uow.runner() as QueryRunner;
        for (const c of chunks) await this.insert(r.connection, c, r);
      });
    }
    return this.announce(rows);
  }

  /**
   * Stores the events in one transaction with `guard`'s own writes, and only when `guard` answers true: the blocks
   * feed stores a block's row and its event together or not at all. `guard` gets the new events' ids. Null when
   * `guard` said no (nothing stored, nothing pushed).
   */
  async createGuarded(
    inputs: CreateEventRequest[],
    guard: (m: EntityManager, ids: string[]) => Promise<boolean>,
  ): Promise<PulseEvent[] | null> {
    const rows = this.rowsFor(inputs);
    return this.uow.run(async () => {
      const r = this.uow.runner() as QueryRunner;
      if (
        !(await guard(
          r.manager,
          rows.map((row) => row.id),
        ))
      )
        return null;
      for (const c of this.chunks(rows)) await this.insert(r.connection, c, r);
      return this.announce(rows);
    });
  }

  private rowsFor(inputs: CreateEventRequest[]): EventEntity[] {
    const now = new Date();
    return inputs.map((i) => {
      const e = new EventEntity();
      e.id = uuidv7();
      e.type = i.type;
      e.source = i.source;
      e.title = i.title;
      e.titleKey = i.title.toLowerCase();
      e.severity = i.severity ?? 'info';
      e.payload = i.payload ?? {};
      e.status = 'open';
      e.occurredAt = i.occurredAt ? new Date(i.occurredAt) : now;
      if (Number.isNaN(e.occurredAt.getTime())) throw new BadRequestException('occurredAt must be an ISO-8601 time');
      e.createdAt = now;
      e.updatedAt = now;
      e.completedAt = null;
      e.completedBy = null;
      e.version = 1;
      return e;
    });
  }

  private chunks(rows: EventEntity[]): EventEntity[][] {
    const chunks: EventEntity[][] = [];
    for (let i = 0; i < rows.length; i += MAX_ROWS_PER_INSERT) chunks.push(rows.slice(i, i + MAX_ROWS_PER_INSERT));
    return chunks;
  }

  /** After the commit: the running totals and the pushes. */
  private announce(rows: EventEntity[]): PulseEvent[] {
    const events = rows.map((r) => toPulseEvent(r));
    this.uow.afterCommit(() => {
      for (const r of rows) this.totals.apply(null, r);
      for (const e of events) this.push.push(ServerEvents.eventCreated, e);
    });
    return events;
  }

  private insert(ds: DataSource, rows: EventEntity[], runner?: QueryRunner): Promise<unknown> {
    return ds
      .createQueryBuilder(runner)
      .insert()
      .into(EventEntity)
      .values(rows as QueryDeepPartialEntity<EventEntity>[])
      .updateEntity(false)
      .execute();
  }

  async get(id: string): Promise<PulseEvent> {
    return toPulseEvent(await this.getEntity(id));
  }

  private async getEntity(id: string): Promise<EventEntity> {
    const e = await this.ds.getRepository(EventEntity).findOneBy({ id });
    if (!e) throw new NotFoundException(`Event ${id} not found`);
    return e;
  }

  /** `open` → `completed` by `username`. 409 if it is completed already or `expectedVersion` is stale. */
  async complete(id: string, username: string, expectedVersion?: number): Promise<PulseEvent> {
    const now = new Date();
    const updated = await this.conditionalUpdate(
      id,
      `"status" = 'completed', "completedAt" = :now, "completedBy" = :by, "updatedAt" = :now, "version" = "version" + 1`,
      `"status" = 'open'` + (expectedVersion !== undefined ? ` AND "version" = :expectedVersion` : ''),
      { now, by: username, expectedVersion },
      { status: 'open', completedAt: null, completedBy: null },
    );
    if (updated) return updated;
    const current = await this.getEntity(id);
    if (current.status === 'completed') {
      throw new ConflictException(
        `Event ${id} was already completed by ${current.completedBy ?? 'unknown'} at ${current.completedAt?.toISOString() ?? 'unknown time'}`,
      );
    }
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new ConflictException(`Event ${id} is at version ${current.version}, not ${expectedVersion}: reload it and try again`);
    }
    throw new ConflictException(`Event ${id} changed while completing it: reload it and try again`);
  }

  /** `completed` → `open`. 409 if it is open. */
  async reopen(id: string): Promise<PulseEvent> {
    const updated = await this.conditionalUpdate(
      id,
      `"status" = 'open', "completedAt" = NULL, "completedBy" = NULL, "updatedAt" = :now, "version" = "version" + 1`,
      `"status" = 'completed'`,
      { now: new Date() },
      { status: 'completed' },
    );
    if (updated) return updated;
    await this.getEntity(id);
    throw new ConflictException(`Event ${id} is open: only a completed event can be reopened`);
  }

  /** Raises the severity of an open event (the simulator's escalations). Null when it is no longer open. */
  async escalate(id: string, severity: EventSeverity): Promise<PulseEvent | null> {
    return this.conditionalUpdate(
      id,
      `"severity" = :severity, "updatedAt" = :now, "version" = "version" + 1`,
      `"status" = 'open'`,
      {
        severity,
        now: new Date(),
      },
      null,
    );
  }

  /** One atomic `UPDATE ... WHERE <state> RETURNING *` (no read-modify-write race). */
  private async conditionalUpdate(
    id: string,
    set: string,
    condition: string,
    params: Record<string, unknown>,
    /** The columns the update changed, as they were (null: unknown, totals filtering on severity are dropped). */
    before: Partial<EventEntity> | null,
  ): Promise<PulseEvent | null> {
    const sql = `UPDATE "events" SET ${set} WHERE "id" = :id AND ${condition} RETURNING *`;
    const [after] = await this.sql.returning(EventEntity, sql, { ...params, id });
    if (!after) return null;
    if (before) this.totals.apply(Object.assign(new EventEntity(), after, before), after);
    else this.totals.drop((f) => !!f.severity);
    const e = toPulseEvent(after);
    this.push.push(ServerEvents.eventUpdated, e);
    return e;
  }

  async list(query: EventListQuery): Promise<Page<PulseEvent>> {
    const p = parseListQuery(query);
    const pageSize = query.pageSize ?? PAGE_SIZE_DEFAULT;
    const page = query.page ?? 1;
    let rows: EventEntity[];
    if (p.cursor) {
      rows = await this.ordered(this.filtered(p), p)
        .andWhere(this.keyset(p), { cv: p.cursor.value, cid: p.cursor.id })
        .limit(pageSize + 1)
        .getMany();
    } else {
      // Deferred join: skip the offset on the (covering) index, then load only this page's rows.
      const idRows = await this.ordered(this.filtered(p), p)
        .select('e.id', 'id')
        .offset((page - 1) * pageSize)
        .limit(pageSize + 1)
        .getRawMany<{ id: string }>();
      const ids = idRows.map((r) => r.id);
      const byId = new Map(
        (ids.length ? await this.ds.getRepository(EventEntity).createQueryBuilder('e').whereInIds(ids).getMany() : []).map((e) => [
          e.id,
          e,
        ]),
      );
      rows = ids.map((id) => byId.get(id)).filter((e): e is EventEntity => !!e);
    }
    const hasNext = rows.length > pageSize;
    const items = rows.slice(0, pageSize);
    const last = items[items.length - 1];
    return {
      items: items.map(toPulseEvent),
      total: await this.countFilter(p.filter),
      page: p.cursor ? null : page,
      pageSize,
      nextCursor: hasNext && last ? encodeCursor(p.sortKey, p.sort.field, last) : null,
    };
  }

  /** How many events match the list query's filters (sort, page and cursor ignored). */
  async count(query: EventListQuery): Promise<number> {
    return this.countFilter(parseListQuery({ ...query, cursor: undefined }).filter);
  }

  /** Walks every event matching the query, in the list's order, `batchSize` rows at a time (keyset, not offset). */
  async *stream(query: EventListQuery, batchSize = 500): AsyncGenerator<PulseEvent[]> {
    const p = parseListQuery({ ...query, cursor: undefined });
    let cursor: { value: string | Date; id: string } | null = null;
    for (;;) {
      const qb = this.ordered(this.filtered(p), p).limit(batchSize);
      if (cursor) qb.andWhere(this.keyset(p), { cv: cursor.value, cid: cursor.id });
      const rows = await qb.getMany();
      if (rows.length === 0) return;
      yield rows.map(toPulseEvent);
      if (rows.length < batchSize) return;
      const last = rows[rows.length - 1];
      cursor = { value: last[p.sort.field], id: last.id };
    }
  }

  /** The `limit` most recently created events, newest first. */
  async recent(limit: number): Promise<PulseEvent[]> {
    const rows = await this.ds
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .orderBy('e.createdAt', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(limit)
      .getMany();
    return rows.map(toPulseEvent);
  }

  /** Open events among the most recent ones (the simulator's candidates for changes). */
  async recentOpenIds(limit: number): Promise<string[]> {
    const rows = await this.ds
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .select('e.id', 'id')
      .where(`e.status = 'open'`)
      .orderBy('e.occurredAt', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  async stats(): Promise<EventStats> {
    const repo = this.ds.getRepository(EventEntity);
    const byStatus = await repo
      .createQueryBuilder('e')
      .select('e.status', 'k')
      .addSelect('COUNT(*)', 'n')
      .groupBy('e.status')
      .getRawMany<{ k: string; n: string | number }>();
    const bySev = await repo
      .createQueryBuilder('e')
      .select('e.severity', 'k')
      .addSelect('COUNT(*)', 'n')
      .groupBy('e.severity')
      .getRawMany<{ k: string; n: string | number }>();
    const counts = Object.fromEntries(EVENT_STATUSES.map((s) => [s, 0])) as EventStats['counts'];
    for (const r of byStatus) if (r.k in counts) counts[r.k as keyof typeof counts] = Number(r.n);
    const bySeverity = Object.fromEntries(EVENT_SEVERITIES.map((s) => [s, 0])) as EventStats['bySeverity'];
    for (const r of bySev) if (r.k in bySeverity) bySeverity[r.k as EventSeverity] = Number(r.n);
    return { counts, bySeverity, perMinute: await this.perMinute() };
  }

  /** Events created per minute over the last 60 minutes, oldest first, zero-filled. */
  private async perMinute(): Promise<MinuteCount[]> {
    const minutes = new MinuteWindow(Date.now());
    const minute = this.sql.minuteOf('e."createdAt"');
    const rows = await this.ds
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .select(minute, 'm')
      .addSelect('COUNT(*)', 'n')
      .where('e.createdAt >= :start', { start: new Date(minutes.start) })
      .groupBy('m')
      .getRawMany<{ m: string; n: string | number }>();
    for (const r of rows) minutes.add(Date.parse(`${r.m.replace(' ', 'T')}:00Z`), Number(r.n));
    return minutes.toMinuteCounts();
  }

  private filtered(p: ParsedListQuery): SelectQueryBuilder<EventEntity> {
    return applyFilter(this.ds.getRepository(EventEntity).createQueryBuilder('e').where('1 = 1'), p.filter, this.sql.postgres);
  }

  private ordered(qb: SelectQueryBuilder<EventEntity>, p: ParsedListQuery): SelectQueryBuilder<EventEntity> {
    return qb.orderBy(`e.${p.sort.field}`, p.sort.direction).addOrderBy('e.id', p.sort.direction);
  }

  /** Rows strictly after the cursor in the list's order: a row-value comparison both databases run as an index range. */
  private keyset(p: ParsedListQuery): string {
    return `(e.${p.sort.field}, e.id) ${p.sort.direction === 'DESC' ? '<' : '>'} (:cv, :cid)`;
  }

  private async countFilter(f: EventFilter): Promise<number> {
    const cached = this.totals.get(f);
    if (cached !== undefined) return cached;
    const generation = this.totals.generation;
    const qb = applyFilter(this.ds.getRepository(EventEntity).createQueryBuilder('e').where('1 = 1'), f, this.sql.postgres);
    const total = await qb.getCount();
    this.totals.set(f, total, generation);
    return total;
  }
}

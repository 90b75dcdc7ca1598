import { BadRequestException, ConflictException, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UnitOfWork, uuidv7, WriteBatcher } from '@pulseboard/api/core';
import { RealtimeReplay } from '@pulseboard/api/realtime';
import {
  CreateEventRequest,
  EVENT_SEVERITIES,
  EVENT_STATUSES,
  EVENTS_REPLAY_COUNT,
  EventListQuery,
  EventSeverity,
  EventStats,
  MinuteWindow,
  Page,
  PAGE_SIZE_DEFAULT,
  PulseEvent,
  ServerEvents,
} from '@pulseboard/shared/contracts';
import { EventEntity, toPulseEvent } from './event.entity';
import { EventsRepository } from './events.repository';
import { EventsPushBuffer } from './events-push';
import { encodeCursor, EventFilter, filterKey, parseListQuery, positionOf, SharedRuns, TotalsCache } from './events-query';

/** The lower-cased title, at most 200 characters (lower-casing may lengthen a title: 'İ' becomes two). */
function searchKey(title: string): string {
  const key = title.toLowerCase();
  return key.length <= 200 ? key : [...key].slice(0, 200).join('');
}

/** Concurrent single creates stored by one INSERT, at most this many rows each. */
const SINGLES_PER_STATEMENT = 256;

/** The rules of events, and the only writer of the `events` table. Safe in a worker process (no HTTP, no timers). */
@Injectable()
export class EventsService implements OnModuleInit {
  private readonly totals = new TotalsCache();
  private readonly statsRuns = new SharedRuns<EventStats>();
  /** Counts under way, by filter. */
  private readonly counts = new SharedRuns<number>();
  /** Single events created concurrently are stored together: one statement (and one commit) per group. */
  private readonly singles = new WriteBatcher<EventEntity, void>((rows) => this.repo.insertAll(rows), SINGLES_PER_STATEMENT);

  constructor(
    private readonly repo: EventsRepository,
    private readonly push: EventsPushBuffer,
    private readonly replay: RealtimeReplay,
    private readonly uow: UnitOfWork,
  ) {}

  onModuleInit(): void {
    // Replay for new `events` subscribers: the 20 most recently created events, newest first.
    this.replay.register('events', () => this.recent(EVENTS_REPLAY_COUNT));
  }

  async create(input: CreateEventRequest): Promise<PulseEvent> {
    // Inside a unit of work (an Idempotency-Key request) the row joins its transaction, never another request's.
    if (this.uow.runner()) return (await this.createMany([input]))[0];
    const rows = this.rowsFor([input]);
    await this.singles.add(rows[0]);
    return this.announce(rows)[0];
  }

  /** Stores every event or none (one multi-row INSERT, several in one transaction past the variable limit). */
  async createMany(inputs: CreateEventRequest[]): Promise<PulseEvent[]> {
    if (inputs.length === 0) return [];
    const rows = this.rowsFor(inputs);
    await this.repo.insertAll(rows);
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
    return (await this.repo.insertGuarded(rows, guard)) ? this.announce(rows) : null;
  }

  private rowsFor(inputs: CreateEventRequest[]): EventEntity[] {
    const now = new Date();
    return inputs.map((i) => {
      const e = new EventEntity();
      e.id = uuidv7();
      e.type = i.type;
      e.source = i.source;
      e.title = i.title;
      e.titleKey = searchKey(i.title);
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

  /** After the commit: the running totals and the pushes. */
  private announce(rows: EventEntity[]): PulseEvent[] {
    const events = rows.map((r) => toPulseEvent(r));
    this.uow.afterCommit(() => {
      for (const r of rows) this.totals.apply(null, r);
      for (const e of events) this.push.push(ServerEvents.eventCreated, e);
    });
    return events;
  }

  async get(id: string): Promise<PulseEvent> {
    return toPulseEvent(await this.getEntity(id));
  }

  private async getEntity(id: string): Promise<EventEntity> {
    const e = await this.repo.findById(id);
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
    const after = await this.repo.update(id, set, condition, params);
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
    // One row more than the page tells whether there is a next one.
    const rows = await this.repo.page(p, p.cursor ? { cursor: p.cursor } : { offset: (page - 1) * pageSize }, pageSize + 1);
    const hasNext = rows.length > pageSize;
    const items = hasNext ? rows.slice(0, pageSize) : rows;
    const last = items[items.length - 1];
    return {
      items,
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
      const rows = await this.repo.page(p, { cursor }, batchSize);
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < batchSize) return;
      cursor = positionOf(p.sort.field, rows[rows.length - 1]);
    }
  }

  /** The `limit` most recently created events, newest first. */
  async recent(limit: number): Promise<PulseEvent[]> {
    return (await this.repo.recent(limit)).map(toPulseEvent);
  }

  /** Open events among the most recent ones (the simulator's candidates for changes). */
  recentOpenIds(limit: number): Promise<string[]> {
    return this.repo.recentOpenIds(limit);
  }

  /**
   * Counts by status and severity, and per minute for the last hour. Requests that arrive while a computation runs
   * share it when no write happened since it started (three whole-table aggregates: at 1,000,000 rows about 130 ms,
   * so a dashboard full of viewers costs one).
   */
  stats(): Promise<EventStats> {
    // Inside a unit of work the reads see its uncommitted writes: nothing shared with callers outside it.
    if (this.uow.runner()) return this.computeStats();
    return this.statsRuns.run('stats', this.totals.generation, () => this.computeStats());
  }

  private async computeStats(): Promise<EventStats> {
    const [byStatus, bySev] = [await this.repo.countBy('status'), await this.repo.countBy('severity')];
    const counts = Object.fromEntries(EVENT_STATUSES.map((s) => [s, 0])) as EventStats['counts'];
    for (const r of byStatus) if (r.k in counts) counts[r.k as keyof typeof counts] = r.n;
    const bySeverity = Object.fromEntries(EVENT_SEVERITIES.map((s) => [s, 0])) as EventStats['bySeverity'];
    for (const r of bySev) if (r.k in bySeverity) bySeverity[r.k as EventSeverity] = r.n;
    // Events created per minute over the last 60 minutes, oldest first, zero-filled.
    const minutes = new MinuteWindow(Date.now());
    for (const r of await this.repo.createdPerMinute(minutes.start)) minutes.add(r.at, r.n);
    return { counts, bySeverity, perMinute: minutes.toMinuteCounts() };
  }

  /**
   * The cached total, or a count shared by the requests that ask for the same filter while it runs, as long as no
   * write happened since it started (a caller after a write gets a count that includes it).
   */
  private countFilter(f: EventFilter): Promise<number> {
    // Inside a unit of work the count sees its uncommitted writes: neither cached nor shared.
    if (this.uow.runner()) return this.repo.count(f);
    const cached = this.totals.get(f);
    if (cached !== undefined) return Promise.resolve(cached);
    const generation = this.totals.generation;
    return this.counts.run(filterKey(f), generation, async () => {
      const total = await this.repo.count(f);
      this.totals.set(f, total, generation);
      return total;
    });
  }
}

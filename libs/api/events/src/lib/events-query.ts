// Parses an events list query (filters, sort, cursor; events-sql.ts turns it into SQL) and keeps the per-filter
// totals cache.
import { BadRequestException } from '@nestjs/common';
import { resolveSort, ResolvedSort } from '@pulseboard/api/core';
import { eventMatches, type EventListQuery, type EventSeverity, type EventStatus, type PulseEvent } from '@pulseboard/shared/contracts';
import type { EventEntity } from './event.entity';

export const EVENT_SORT_FIELDS = ['occurredAt', 'createdAt', 'title'] as const;
export type EventSortField = (typeof EVENT_SORT_FIELDS)[number];
export const EVENT_DEFAULT_SORT = '-occurredAt';

export const DATE_FIELDS: readonly EventSortField[] = ['occurredAt', 'createdAt'];

export interface EventFilter {
  status?: EventStatus;
  type?: string;
  source?: string;
  severity?: EventSeverity;
  /** Lower-cased title prefix. */
  q?: string;
  from?: Date;
  to?: Date;
}

interface CursorBody {
  /** The sort the cursor was made for. */
  s: string;
  /** The last row's sort value (ISO time for dates). */
  v: string;
  id: string;
}

export interface ParsedListQuery {
  filter: EventFilter;
  sort: ResolvedSort<EventSortField>;
  sortKey: string;
  cursor: { value: string | Date; id: string } | null;
}

function isoDate(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new BadRequestException(`${name} must be an ISO-8601 time`);
  return d;
}

export function parseListQuery(q: EventListQuery): ParsedListQuery {
  const sort = resolveSort<EventSortField>(q.sort, EVENT_SORT_FIELDS, EVENT_DEFAULT_SORT);
  const sortKey = `${sort.direction === 'DESC' ? '-' : ''}${sort.field}`;
  const from = isoDate(q.from, 'from');
  const to = isoDate(q.to, 'to');
  if (from && to && from.getTime() > to.getTime()) throw new BadRequestException('from must not be after to');
  const filter: EventFilter = {
    status: q.status,
    type: q.type,
    source: q.source,
    severity: q.severity,
    q: q.q ? q.q.toLowerCase() : undefined,
    from,
    to,
  };
  return { filter, sort, sortKey, cursor: q.cursor ? decodeCursor(q.cursor, sortKey) : null };
}

/** The cursor of the rows after `e` in the list's order (`sortKey`: the sort it is valid for). */
export function encodeCursor(sortKey: string, field: EventSortField, e: PulseEvent): string {
  const body: CursorBody = { s: sortKey, v: String(e[field]), id: e.id };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** The keyset position of `e` in the list sorted on `field` (a time as a Date). */
export function positionOf(field: EventSortField, e: PulseEvent): { value: string | Date; id: string } {
  return { value: DATE_FIELDS.includes(field) ? new Date(e[field]) : e[field], id: e.id };
}

function decodeCursor(cursor: string, sortKey: string): { value: string | Date; id: string } {
  let body: CursorBody;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorBody;
  } catch {
    throw new BadRequestException('cursor is not valid: pass a nextCursor from a previous page unchanged');
  }
  if (!body || typeof body !== 'object' || typeof body.s !== 'string' || typeof body.v !== 'string' || typeof body.id !== 'string') {
    throw new BadRequestException('cursor is not valid: pass a nextCursor from a previous page unchanged');
  }
  if (body.s !== sortKey) {
    throw new BadRequestException(`cursor was made for sort '${body.s}', not '${sortKey}': keep the sort while walking with cursors`);
  }
  const field = (body.s.startsWith('-') ? body.s.slice(1) : body.s) as EventSortField;
  if (DATE_FIELDS.includes(field)) {
    const d = new Date(body.v);
    if (Number.isNaN(d.getTime())) throw new BadRequestException('cursor is not valid: pass a nextCursor from a previous page unchanged');
    return { value: d, id: body.id };
  }
  return { value: body.v, id: body.id };
}

/** Whether an event row satisfies the filter (the semantics of the list's SQL conditions, events-sql.ts), for the totals cache: the shared rule. */
export function matchesFilter(f: EventFilter, e: EventEntity): boolean {
  return eventMatches(
    { ...f, fromMs: f.from?.getTime(), toMs: f.to?.getTime() },
    { status: e.status, severity: e.severity, type: e.type, source: e.source, title: e.titleKey, occurredAtMs: e.occurredAt.getTime() },
  );
}

export function filterKey(f: EventFilter): string {
  return JSON.stringify([f.status, f.type, f.source, f.severity, f.q, f.from?.toISOString(), f.to?.toISOString()]);
}

interface CachedTotal {
  filter: EventFilter;
  total: number;
  expiresAt: number;
}

/**
 * COUNT(*) over a large filtered set costs a full index range scan. Totals are cached per filter and kept exact
 * for this instance's own writes (each insert/change adjusts every cached total it matches); the TTL bounds the
 * drift from writes made by other API instances.
 */
export class TotalsCache {
  private readonly entries = new Map<string, CachedTotal>();
  /** Bumped on every write: a count that raced a write is not cached (it may or may not include it). */
  generation = 0;

  constructor(
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 500,
  ) {}

  get(f: EventFilter): number | undefined {
    const key = filterKey(f);
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expiresAt < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.total;
  }

  set(f: EventFilter, total: number, generationAtStart: number): void {
    if (generationAtStart !== this.generation) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(filterKey(f), { filter: f, total, expiresAt: Date.now() + this.ttlMs });
  }

  /** A row changed from `before` (null: inserted) to `after`. */
  apply(before: EventEntity | null, after: EventEntity): void {
    this.generation++;
    for (const entry of this.entries.values()) {
      entry.total += (matchesFilter(entry.filter, after) ? 1 : 0) - (before && matchesFilter(entry.filter, before) ? 1 : 0);
    }
  }

  /** Forgets the totals of the filters `pred` selects (a change whose effect on them is unknown). */
  drop(pred: (f: EventFilter) => boolean): void {
    this.generation++;
    for (const [k, v] of this.entries) if (pred(v.filter)) this.entries.delete(k);
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * One computation per key, shared by the callers that ask for it while it runs, as long as no write (a bump of the
 * caller's `generation`) came between: a caller after a write starts a computation that includes it.
 */
export class SharedRuns<T> {
  private readonly runs = new Map<string, { generation: number; result: Promise<T> }>();

  run(key: string, generation: number, compute: () => Promise<T>): Promise<T> {
    const running = this.runs.get(key);
    if (running?.generation === generation) return running.result;
    const entry = { generation, result: compute() };
    this.runs.set(key, entry);
    const forget = () => {
      if (this.runs.get(key) === entry) this.runs.delete(key);
    };
    entry.result.then(forget, forget);
    return entry.result;
  }
}

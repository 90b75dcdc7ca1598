// The list's statements written by hand (one text per filter shape, so a reader connection keeps each prepared), and
// its rows turned straight into the contract's events: the page is the hottest read, and TypeORM's query builder and
// entity hydration cost more than the database on it. The same conditions as before, on SQLite and PostgreSQL.
import { PULSE_EVENT_FIELDS, type PulseEvent } from '@pulseboard/shared/contracts';
import { DATE_FIELDS, type EventFilter, type ParsedListQuery } from './events-query';

/** What the statements need from the dialect. */
export interface ListDialect {
  postgres: boolean;
  /** A time as the database compares it. */
  date(d: Date): Date | string;
}

export interface Statement {
  sql: string;
  params: unknown[];
}

/** Where a page starts: rows after a cursor (keyset), or an offset into the list. */
export type PageStart = { cursor: { value: string | Date; id: string } | null } | { offset: number };

const SELECTED = PULSE_EVENT_FIELDS.map((c) => `e."${c}"`).join(', ');

/** Positional parameters: `?` on SQLite, `$1`, `$2` … on PostgreSQL. */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly postgres: boolean) {}

  add(value: unknown): string {
    this.values.push(value);
    return this.postgres ? `$${this.values.length}` : '?';
  }
}

/** The filter's conditions on alias `e`. `q`: SQLite walks an index range on titleKey, PostgreSQL uses LIKE. */
function conditions(f: EventFilter, ps: Params, d: ListDialect): string {
  let where = '';
  const and = (c: string) => (where += where ? ` AND ${c}` : c);
  if (f.status) and(`e."status" = ${ps.add(f.status)}`);
  if (f.type) and(`e."type" = ${ps.add(f.type)}`);
  if (f.source) and(`e."source" = ${ps.add(f.source)}`);
  if (f.severity) and(`e."severity" = ${ps.add(f.severity)}`);
  if (f.from) and(`e."occurredAt" >= ${ps.add(d.date(f.from))}`);
  if (f.to) and(`e."occurredAt" <= ${ps.add(d.date(f.to))}`);
  if (f.q) {
    if (d.postgres) {
      and(`e."titleKey" LIKE ${ps.add(`${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)} ESCAPE '\\'`);
    } else {
      // Binary collation: every string starting with q sorts in [q, q + U+10FFFF).
      and(`e."titleKey" >= ${ps.add(f.q)} AND e."titleKey" < ${ps.add(`${f.q}\u{10FFFF}`)}`);
    }
  }
  return where;
}

function orderBy(p: Pick<ParsedListQuery, 'sort'>): string {
  return `ORDER BY e."${p.sort.field}" ${p.sort.direction}, e."id" ${p.sort.direction}`;
}

/**
 * `limit` rows of the list from `start`, every column of the contract's event. After a cursor: a row-value comparison
 * both databases run as an index range. From an offset: the offset is skipped on the (covering) index in a subquery,
 * then only the page's rows are read (one statement).
 */
export function pageStatement(d: ListDialect, p: Pick<ParsedListQuery, 'filter' | 'sort'>, start: PageStart, limit: number): Statement {
  const ps = new Params(d.postgres);
  let where = conditions(p.filter, ps, d);
  const order = orderBy(p);
  if ('offset' in start && start.offset > 0) {
    const ids = `SELECT e."id" FROM "events" e${where ? ` WHERE ${where}` : ''} ${order} LIMIT ${ps.add(limit)} OFFSET ${ps.add(start.offset)}`;
    // IN, not a join on the subquery: with LIMIT and OFFSET as parameters SQLite may reorder a join to walk the whole
    // table in list order and probe the subquery (about 40 ms at offset 100,000 against 6 ms).
    return { sql: `SELECT ${SELECTED} FROM "events" e WHERE e."id" IN (${ids}) ${order}`, params: ps.values };
  }
  if ('cursor' in start && start.cursor) {
    const { value, id } = start.cursor;
    const v = DATE_FIELDS.includes(p.sort.field) ? d.date(value instanceof Date ? value : new Date(value)) : value;
    const keyset = `(e."${p.sort.field}", e."id") ${p.sort.direction === 'DESC' ? '<' : '>'} (${ps.add(v)}, ${ps.add(id)})`;
    where = where ? `${where} AND ${keyset}` : keyset;
  }
  return { sql: `SELECT ${SELECTED} FROM "events" e${where ? ` WHERE ${where}` : ''} ${order} LIMIT ${ps.add(limit)}`, params: ps.values };
}

/** How many events match `f`. */
export function countStatement(d: ListDialect, f: EventFilter): Statement {
  const ps = new Params(d.postgres);
  const where = conditions(f, ps, d);
  return { sql: `SELECT COUNT(*) AS "n" FROM "events" e${where ? ` WHERE ${where}` : ''}`, params: ps.values };
}

/** SQLite's form of a stored time (TypeORM writes `YYYY-MM-DD HH:MM:SS.SSS`, UTC). */
const SQLITE_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/;

/** A time column as the contract writes it (ISO 8601, UTC): a PostgreSQL Date, or SQLite's text as TypeORM reads it. */
export function isoTime(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  let s = String(value);
  if (SQLITE_TIME.test(s)) return `${s.slice(0, 10)}T${s.slice(11)}Z`;
  // Any other form SQLite's date functions write, read the way TypeORM's SQLite driver reads it.
  if (/^\d{4}-\d\d-\d\d \d\d:\d\d/.test(s)) s = s.replace(' ', 'T');
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d\d\d)?)?$/.test(s)) s += 'Z';
  return new Date(s).toISOString();
}

/** A row of the page's statement as the contract's event (what hydrating the entity and `toPulseEvent` give). */
export function rowToEvent(r: Record<string, unknown>): PulseEvent {
  return {
    id: r['id'] as string,
    type: r['type'] as string,
    source: r['source'] as string,
    title: r['title'] as string,
    severity: r['severity'] as PulseEvent['severity'],
    payload:
      typeof r['payload'] === 'string' ? (JSON.parse(r['payload']) as Record<string, unknown>) : (r['payload'] as Record<string, unknown>),
    status: r['status'] as PulseEvent['status'],
    occurredAt: isoTime(r['occurredAt']),
    createdAt: isoTime(r['createdAt']),
    updatedAt: isoTime(r['updatedAt']),
    completedAt: r['completedAt'] === null || r['completedAt'] === undefined ? null : isoTime(r['completedAt']),
    completedBy: (r['completedBy'] as string | null) ?? null,
    version: Number(r['version']),
  };
}

import { countStatement, isoTime, pageStatement } from './events-sql';
import type { ParsedListQuery } from './events-query';

describe('events-sql', () => {
  const sqlite = { postgres: false, date: (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '') };
  const pg = { postgres: true, date: (d: Date) => d };
  const query = (filter: ParsedListQuery['filter'] = {}): Pick<ParsedListQuery, 'filter' | 'sort'> => ({
    filter,
    sort: { field: 'occurredAt', direction: 'DESC' },
  });

  describe('isoTime (as TypeORM reads a time, then toISOString)', () => {
    it.each([
      ['2024-02-29 23:59:59.123', '2024-02-29T23:59:59.123Z'],
      ['2024-02-29 23:59:59', '2024-02-29T23:59:59.000Z'],
      ['2024-02-29 23:59', '2024-02-29T23:59:00.000Z'],
      ['2024-02-29T23:59:59.123Z', '2024-02-29T23:59:59.123Z'],
      ['2024-02-29T23:59:59.123+02:00', '2024-02-29T21:59:59.123Z'],
    ])('%s → %s', (stored, iso) => {
      expect(isoTime(stored)).toBe(iso);
    });

    it('takes a Date (PostgreSQL) as it is', () => {
      expect(isoTime(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)))).toBe('2024-01-02T03:04:05.006Z');
    });
  });

  it('writes one text per filter shape, whatever the values (a reader keeps it prepared)', () => {
    const a = pageStatement(sqlite, query({ status: 'open', q: 'disk' }), { offset: 0 }, 21);
    const b = pageStatement(sqlite, query({ status: 'completed', q: 'cpu' }), { offset: 0 }, 51);
    expect(a.sql).toBe(b.sql);
    expect(a.params).toEqual(['open', 'disk', 'disk\u{10FFFF}', 21]);
    expect(b.params).toEqual(['completed', 'cpu', 'cpu\u{10FFFF}', 51]);
  });

  it('skips an offset on the index in a subquery, and numbers PostgreSQL parameters in order', () => {
    const s = pageStatement(pg, query({ type: 't', q: '50%_x' }), { offset: 40 }, 21);
    expect(s.sql).toBe(
      'SELECT e."id", e."type", e."source", e."title", e."severity", e."status", e."occurredAt", e."createdAt", ' +
        'e."updatedAt", e."completedAt", e."completedBy", e."version", e."payload" FROM "events" e WHERE e."id" IN (SELECT e."id" ' +
        `FROM "events" e WHERE e."type" = $1 AND e."titleKey" LIKE $2 ESCAPE '\\' ORDER BY e."occurredAt" DESC, e."id" DESC ` +
        'LIMIT $3 OFFSET $4) ORDER BY e."occurredAt" DESC, e."id" DESC',
    );
    expect(s.params).toEqual(['t', '50\\%\\_x%', 21, 40]);
  });

  it('continues after a cursor with a row-value comparison in the sort direction (times as the database stores them)', () => {
    const at = new Date(Date.UTC(2025, 0, 1));
    const desc = pageStatement(sqlite, query({ from: at }), { cursor: { value: at, id: 'x' } }, 8);
    expect(desc.sql).toContain('WHERE e."occurredAt" >= ? AND (e."occurredAt", e."id") < (?, ?) ORDER BY');
    expect(desc.params).toEqual(['2025-01-01 00:00:00.000', '2025-01-01 00:00:00.000', 'x', 8]);
    const asc = pageStatement(pg, { filter: {}, sort: { field: 'title', direction: 'ASC' } }, { cursor: { value: 'b', id: 'y' } }, 8);
    expect(asc.sql).toContain('WHERE (e."title", e."id") > ($1, $2) ORDER BY e."title" ASC, e."id" ASC LIMIT $3');
  });

  it('counts without a WHERE when nothing filters', () => {
    expect(countStatement(sqlite, {})).toEqual({ sql: 'SELECT COUNT(*) AS "n" FROM "events" e', params: [] });
  });
});

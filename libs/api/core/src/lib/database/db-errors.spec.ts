import { QueryFailedError } from 'typeorm';
import { toErrorBody } from '../http/http-error.filter';
import { isDatabaseUnavailable, isUniqueViolation } from './db-errors';

function queryFailed(driverError: { code?: string; message: string }): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], Object.assign(new Error(driverError.message), driverError));
}

describe('database errors', () => {
  it.each([
    ['pg_terminate_backend', { code: '57P01', message: 'terminating connection due to administrator command' }],
    ['a refused connection', { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }],
    ['a cut connection', { message: 'Connection terminated unexpectedly' }],
    ['SQLite busy', { code: 'SQLITE_BUSY', message: 'SQLITE_BUSY: database is locked' }],
  ])('treats %s as the database being unavailable: 503, not 500', (_label, driverError) => {
    const e = queryFailed(driverError);
    expect(isDatabaseUnavailable(e)).toBe(true);
    expect(toErrorBody(e)).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'Database unavailable; try again shortly' });
  });

  it('keeps query errors (a bug, not an outage) a 500 without details', () => {
    const e = queryFailed({ code: '42601', message: 'syntax error at or near "SELEC"' });
    expect(isDatabaseUnavailable(e)).toBe(false);
    expect(toErrorBody(e)).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
  });

  it("answers the client's own failure (a request aborted mid-body: ECONNRESET with Fastify's 400) as a 4xx, not as an outage", () => {
    const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET', statusCode: 400 });
    expect(toErrorBody(aborted)).toEqual({ statusCode: 400, error: 'Bad Request', message: 'aborted' });
  });

  it('recognises unique violations on both databases', () => {
    expect(isUniqueViolation(queryFailed({ code: '23505', message: 'duplicate key' }))).toBe(true);
    expect(
      isUniqueViolation(queryFailed({ code: 'SQLITE_CONSTRAINT', message: 'SQLITE_CONSTRAINT: UNIQUE constraint failed: counters.name' })),
    ).toBe(true);
    expect(isUniqueViolation(queryFailed({ code: '23503', message: 'foreign key' }))).toBe(false);
  });
});

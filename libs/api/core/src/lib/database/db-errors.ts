import { QueryFailedError } from 'typeorm';

/** A unique-constraint violation on SQLite or PostgreSQL. */
export function isUniqueViolation(e: unknown): boolean {
  if (!(e instanceof QueryFailedError)) return false;
  const err = e as QueryFailedError & { code?: string; driverError?: { code?: string } };
  const code = err.driverError?.code ?? err.code;
  return code === '23505' || (code === 'SQLITE_CONSTRAINT' && /UNIQUE/.test(err.message));
}

/** PostgreSQL SQLSTATEs and socket errors that mean "the database cannot be reached right now", not "your query is wrong". */
const UNAVAILABLE_CODES = new Set([
  '57P01', // admin_shutdown (pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000', // connection_exception
  '08001',
  '08003',
  '08004',
  '08006',
  '53300', // too_many_connections
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection is closed|Client has encountered a connection error|timeout exceeded when trying to connect|database is locked|Cannot use a pool after calling end/i;

/**
 * True when `e` says the database is unreachable or busy (a connection cut, a restart, a lock held too long): the
 * request may be retried and deserves a 503, never a 500.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as { code?: unknown; message?: unknown; driverError?: { code?: unknown; message?: unknown } };
  const code = String(err.driverError?.code ?? err.code ?? '');
  if (UNAVAILABLE_CODES.has(code)) return true;
  const message = `${String(err.message ?? '')} ${String(err.driverError?.message ?? '')}`;
  return UNAVAILABLE_MESSAGES.test(message);
}

/** PostgreSQL SQLSTATEs for a value the client sent that the column cannot store: the client's error, a 400. */
const REFUSED_VALUES: Record<string, string> = {
  '22001': 'A text value is longer than the database allows for it',
  '22021': 'A text value contains a character the database cannot store (such as U+0000)',
  '22P05': 'A text value contains a character the database cannot store (such as U+0000)',
  '22003': 'A number is out of the range the database can store',
};

/** The message for a value the database refused to store (too long, NUL characters, out of range), or null. */
export function refusedValueMessage(e: unknown): string | null {
  if (!(e instanceof QueryFailedError)) return null;
  const err = e as QueryFailedError & { code?: string; driverError?: { code?: string } };
  return REFUSED_VALUES[String(err.driverError?.code ?? err.code ?? '')] ?? null;
}

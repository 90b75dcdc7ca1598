import { QueryFailedError } from 'typeorm';

/** A unique-constraint violation on SQLite or PostgreSQL. */
export function isUniqueViolation(e: unknown): boolean {
  if (!(e instanceof QueryFailedError)) return false;
  const err = e as QueryFailedError & { code?: string; driverError?: { code?: string } };
  const code = err.driverError?.code ?? err.code;
  return code === '23505' || (code === 'SQLITE_CONSTRAINT' && /UNIQUE/.test(err.message));
}

import { gatedSqlite3, sqliteGate } from './sqlite-gate';
import type { DataSourceOptions, MixedList } from 'typeorm';
import type { PulseboardConfig } from '../config/config';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type MigrationList = MixedList<Function | string>;

/**
 * SQLite (embedded default) or PostgreSQL (`DATABASE_URL`). Both run migrations at start;
 * `synchronize` stays off so the schema only ever changes through reviewed migrations.
 */
export function buildDataSourceOptions(
  cfg: Pick<PulseboardConfig, 'databaseUrl' | 'sqlitePath'>,
  migrations: MigrationList,
): DataSourceOptions {
  const common = {
    migrations,
    migrationsRun: true,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
  };
  if (cfg.databaseUrl) {
    return { ...common, type: 'postgres', url: cfg.databaseUrl, uuidExtension: 'pgcrypto', extra: { max: 20 } };
  }
  return { ...common, type: 'sqlite', database: cfg.sqlitePath, enableWAL: true, busyTimeout: 10_000, driver: sqliteWithoutTrace() };
}

/**
 * TypeORM switches sqlite3 into verbose mode, which wraps every call to record a stack trace and util.inspect()
 * its SQL and parameters: a large share of each query's CPU. Hand TypeORM the plain module instead.
 */
function sqliteWithoutTrace(): unknown {
  // Also gated: a unit of work's transaction is never joined by another request's statements (sqlite-gate.ts).
  return gatedSqlite3(require('sqlite3'), sqliteGate);
}

export function isPostgres(options: Pick<DataSourceOptions, 'type'>): boolean {
  return options.type === 'postgres';
}

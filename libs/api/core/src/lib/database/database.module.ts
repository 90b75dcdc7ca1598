import { DynamicModule, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PULSEBOARD_CONFIG, PulseboardConfig } from '../config/config';
import { buildDataSourceOptions, MigrationList } from './data-source-options';
import { SqlDialect } from './sql-dialect';
import { SqliteReader } from './sqlite-reader';
import { UnitOfWork } from './unit-of-work';

/**
 * SQLite in WAL mode with synchronous=NORMAL: a crash of the process loses nothing committed, and commits skip
 * an fsync each (only a power loss can drop the last commits). Measured: about 8x cheaper writes here.
 */
@Injectable()
class SqliteTuning implements OnModuleInit {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async onModuleInit(): Promise<void> {
    if (this.ds.options.type === 'sqlite') await this.ds.query('PRAGMA synchronous = NORMAL');
  }
}

type PgClient = { on(event: 'error', listener: (e: Error) => void): unknown; listenerCount(event: string): number };
type PgPool = { on(event: 'connect', listener: (c: PgClient) => void): unknown; _clients?: PgClient[] };

/**
 * PostgreSQL: a connection cut by the server (pg_terminate_backend, a failover) can emit 'error' on its client a
 * second time after TypeORM's query runner removed its own listener; an 'error' event nobody listens to ends the
 * process. Every client keeps a listener of its own, so a cut connection is dropped and logged, never fatal.
 */
@Injectable()
class PostgresClientErrors implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  onModuleInit(): void {
    if (this.ds.options.type !== 'postgres') return;
    const pool = (this.ds.driver as unknown as { master?: PgPool }).master;
    if (!pool) return;
    const guard = (client: PgClient) => {
      client.on('error', (e) => this.logger.warn(`a PostgreSQL connection failed: ${e.message}`));
    };
    pool.on('connect', guard);
    for (const client of pool._clients ?? []) guard(client); // the connections opened before this hook
  }
}

@Module({})
export class DatabaseModule {
  /** `migrations`: every feature's migration classes; the app lists them so the schema is explicit. */
  static forRoot(migrations: MigrationList): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [PULSEBOARD_CONFIG],
          useFactory: (cfg: PulseboardConfig) => ({
            ...buildDataSourceOptions(cfg, migrations),
            autoLoadEntities: true,
            // Fail fast at start instead of retrying for minutes with a dead database.
            retryAttempts: 2,
            retryDelay: 1000,
          }),
        }),
      ],
      providers: [SqliteTuning, PostgresClientErrors, UnitOfWork, SqliteReader, SqlDialect],
      exports: [UnitOfWork, SqlDialect],
      global: true,
    };
  }
}

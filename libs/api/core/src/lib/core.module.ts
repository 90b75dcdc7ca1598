import { DynamicModule, Global, Module } from '@nestjs/common';
import { configProvider, PULSEBOARD_CONFIG } from './config/config';
import { MigrationList } from './database/data-source-options';
import { DatabaseModule } from './database/database.module';
import type { ProcessKind } from '@pulseboard/shared/contracts';
import { ClusterModule } from './cluster/cluster.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { IdempotencyKeys1732600000000 } from './idempotency/1732600000000-idempotency-keys';
import { LoggingModule } from './logging/logging.module';
import { QueueRootModule } from './queue/queue-root.module';
import { RedisModule } from './redis/redis.module';

@Global()
@Module({ providers: [configProvider], exports: [PULSEBOARD_CONFIG] })
class ConfigCoreModule {}

export interface CoreModuleOptions {
  /** Every migration the app's features need, in any order (TypeORM orders them by timestamp). */
  migrations: MigrationList;
  /** Mount the health endpoint (HTTP apps). */
  http?: boolean;
  /** What this process is in the cluster view (default `api`). */
  kind?: ProcessKind;
}

/** Configuration, logging, database, Redis, Bull root, the cluster (identity, leases, heartbeat) and health: what every Pulseboard process needs. */
@Module({})
export class CoreModule {
  static forRoot(options: CoreModuleOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigCoreModule,
        LoggingModule,
        // Core's own tables (idempotency keys) come first; the features' after them.
        DatabaseModule.forRoot([
          IdempotencyKeys1732600000000,
          ...(Array.isArray(options.migrations) ? options.migrations : Object.values(options.migrations)),
        ]),
        RedisModule,
        QueueRootModule,
        ClusterModule.forRoot(options.kind ?? 'api', options.http !== false),
        ...(options.http === false ? [] : [HealthModule, IdempotencyModule]),
      ],
      exports: [ConfigCoreModule, RedisModule, QueueRootModule],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PULSEBOARD_CONFIG, PulseboardConfig } from '../config/config';
import { buildDataSourceOptions, MigrationList } from './data-source-options';

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
    };
  }
}

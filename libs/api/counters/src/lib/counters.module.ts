import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CounterEntity } from './counter.entity';
import { CounterTicker } from './counter-ticker.service';
import { CountersController } from './counters.controller';
import { CountersService } from './counters.service';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { IdempotentRequests } from './idempotent-requests';
import { IdempotencyService } from './idempotency.service';

/** Counters (timers and stocks): CRUD, atomic changes, lifecycle, derived auto-tick, Idempotency-Key. */
@Module({
  imports: [TypeOrmModule.forFeature([CounterEntity, IdempotencyKeyEntity])],
  controllers: [CountersController],
  providers: [CountersService, IdempotencyService, IdempotentRequests, CounterTicker],
  exports: [CountersService],
})
export class CountersModule {}

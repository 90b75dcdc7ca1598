import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CounterEntity } from './counter.entity';
import { CounterTicker } from './counter-ticker.service';
import { CountersController } from './counters.controller';
import { CountersRepository } from './counters.repository';
import { CountersService } from './counters.service';

/** Counters (timers and stocks): CRUD, atomic changes, lifecycle, derived auto-tick, Idempotency-Key. */
@Module({
  imports: [TypeOrmModule.forFeature([CounterEntity])],
  controllers: [CountersController],
  providers: [CountersRepository, CountersService, CounterTicker],
  exports: [CountersService],
})
export class CountersModule {}

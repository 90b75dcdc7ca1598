import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventEntity } from './event.entity';
import { BlockEntity } from './feeds/block.entity';
import { EventsPushBuffer } from './events-push';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';

/**
 * The events table and its service, without HTTP, simulator or feeds: safe to import in the worker (e.g. the
 * `events.export` job handler). Needs RealtimeModule (forApi or forWorker) in the app.
 */
@Module({
  imports: [TypeOrmModule.forFeature([EventEntity, BlockEntity])],
  providers: [EventsRepository, EventsService, EventsPushBuffer],
  exports: [EventsService],
})
export class EventsCoreModule {}

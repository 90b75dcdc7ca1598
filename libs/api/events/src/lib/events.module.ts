import { Module } from '@nestjs/common';
import { EventsCoreModule } from './events-core.module';
import { EventsController } from './events.controller';
import { BlocksFeedService } from './feeds/blocks-feed.service';
import { BlocksStore } from './feeds/blocks.store';
import { FeedsController } from './feeds/feeds.controller';
import { SimulatorController } from './simulator/simulator.controller';
import { SimulatorService } from './simulator/simulator.service';

/** The API side of events: HTTP, the simulator and the blocks feed (API process only, never the worker). */
@Module({
  imports: [EventsCoreModule],
  controllers: [EventsController, SimulatorController, FeedsController],
  providers: [SimulatorService, BlocksFeedService, BlocksStore],
  exports: [EventsCoreModule],
})
export class EventsModule {}

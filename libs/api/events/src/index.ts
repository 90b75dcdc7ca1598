export * from './lib/events-core.module';
export * from './lib/events.service';
export * from './lib/event.entity';
export { EVENT_SORT_FIELDS, EVENT_DEFAULT_SORT } from './lib/events-query';
export * from './lib/migrations';
export * from './lib/events.module';
export * from './lib/feeds/blocks-feed.service';
export * from './lib/simulator/simulator.service';

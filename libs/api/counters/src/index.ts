export * from './lib/counters.module';
export * from './lib/counters.service';
export * from './lib/counter.entity';
export * from './lib/counter-state';
export * from './lib/migrations';

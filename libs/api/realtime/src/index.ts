export * from './lib/realtime.module';
export * from './lib/realtime-publisher';
export * from './lib/realtime-replay';
export * from './lib/io-adapter';
export * from './lib/realtime.gateway';
export { RelaySubscriber } from './lib/relay';

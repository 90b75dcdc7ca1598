export * from './lib/counters.routes';

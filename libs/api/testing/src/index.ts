export * from './lib/test-app';
export * from './lib/postgres-suites';
export * from './lib/socket-writes';

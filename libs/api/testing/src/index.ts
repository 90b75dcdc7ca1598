export * from './lib/test-app';
export * from './lib/postgres-suites';

export * from './lib/common';
export * from './lib/auth';
export * from './lib/health';
export * from './lib/counters';
export * from './lib/jobs';
export * from './lib/events';
export * from './lib/feeds';
export * from './lib/realtime';

export * from './lib/ops.routes';

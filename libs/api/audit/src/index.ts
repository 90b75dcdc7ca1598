export * from './lib/audit.module';
export * from './lib/audit.service';
export * from './lib/audit-entry.entity';
export * from './lib/migrations';

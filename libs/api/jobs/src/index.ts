export * from './lib/jobs.module';
export * from './lib/jobs.service';
export * from './lib/job.entity';
export * from './lib/jobs.queues';
export * from './lib/migrations';
export {
  EVENTS_EXPORT_SOURCE,
  EventsExportSource,
  JobHandler,
  JobRunContext,
  NonRetryableJobError,
  JobHandlerRegistry,
} from './lib/handlers';
export * from './lib/queues/queues.service';
export * from './lib/job-records.service';
export * from './lib/job-processing.service';
export * from './lib/job-stats.service';

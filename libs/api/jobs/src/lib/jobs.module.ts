import { BullModule, InjectQueue } from '@nestjs/bull';
import { Injectable, Module } from '@nestjs/common';
import type { Queue } from 'bull';
import { TypeOrmModule } from '@nestjs/typeorm';
import { corkRedisWritesPerTurn, PULSEBOARD_CONFIG, PulseboardConfig } from '@pulseboard/api/core';
import { EventsCoreModule, EventsService } from '@pulseboard/api/events';
import { EVENTS_EXPORT_SOURCE, JOB_HANDLER_CLASSES } from './handlers';
import { JobHandler } from './handlers/job-handler';
import { JobHandlerRegistry } from './handlers/job-handler.registry';
import { JobChangesRelay } from './job-changes.relay';
import { JobReconciler } from './job-reconciler.service';
import { JobEntity } from './job.entity';
import { JobAttemptEntity, JobLogEntity } from './journal/job-journal.entities';
import { JobJournal } from './journal/job-journal.service';
import { JobsController } from './jobs.controller';
import { DEAD_LETTER_QUEUE, IMAGE_QUEUE, JOBS_QUEUE, queueOptions, RESULTS_QUEUE } from './jobs.queues';
import { JobsService } from './jobs.service';
import { JobRecords } from './job-records.service';
import { JobsRepository } from './jobs.repository';
import { JobProcessing } from './job-processing.service';
import { JobStatsService } from './job-stats.service';
import { DeadLetterProcessor } from './processors/dead-letter.processor';
import { JobsProcessor } from './processors/jobs.processor';
import { ProcessorsRunner, RUN_PROCESSORS, RunProcessorsMode } from './processors/processors.runner';
import { ResultsProcessor } from './processors/results.processor';
import { QueuesController } from './queues/queues.controller';
import { QueuesService } from './queues/queues.service';

/** Each queue's command connection writes a turn's commands in one go (corkRedisWritesPerTurn). */
@Injectable()
class QueueWrites {
  constructor(
    @InjectQueue(JOBS_QUEUE) jobs: Queue,
    @InjectQueue(IMAGE_QUEUE) image: Queue,
    @InjectQueue(RESULTS_QUEUE) results: Queue,
    @InjectQueue(DEAD_LETTER_QUEUE) deadLetter: Queue,
  ) {
    for (const q of [jobs, image, results, deadLetter]) corkRedisWritesPerTurn(q.client);
  }
}

const queues = BullModule.registerQueueAsync(
  ...[JOBS_QUEUE, IMAGE_QUEUE, RESULTS_QUEUE, DEAD_LETTER_QUEUE].map((name) => ({
    name,
    inject: [PULSEBOARD_CONFIG],
    useFactory: (cfg: PulseboardConfig) => queueOptions(name, cfg),
  })),
);

/** Entity, queues, handlers and JobsService: what both the API and the worker need (apps add EVENTS_MIGRATIONS too). */
@Module({
  imports: [TypeOrmModule.forFeature([JobEntity, JobAttemptEntity, JobLogEntity]), queues, EventsCoreModule],
  providers: [
    { provide: EVENTS_EXPORT_SOURCE, useExisting: EventsService },
    ...JOB_HANDLER_CLASSES,
    {
      provide: JobHandlerRegistry,
      inject: JOB_HANDLER_CLASSES,
      useFactory: (...handlers: JobHandler[]) => new JobHandlerRegistry(handlers),
    },
    QueueWrites,
    JobsRepository,
    JobRecords,
    JobsService,
    JobProcessing,
    JobStatsService,
    JobJournal,
    QueuesService,
  ],
  exports: [JobRecords, JobsService, JobProcessing, JobStatsService, JobJournal, QueuesService, JobHandlerRegistry, queues],
})
export class JobsCoreModule {}

const processors = [JobsProcessor, ResultsProcessor, DeadLetterProcessor, ProcessorsRunner];

/** API: the HTTP endpoints; runs the processors itself when QUEUE_PROCESSORS=inline; the reconciler. */
@Module({
  imports: [JobsCoreModule, TypeOrmModule.forFeature([JobEntity])],
  controllers: [JobsController, QueuesController],
  providers: [...processors, JobChangesRelay, JobReconciler, { provide: RUN_PROCESSORS, useValue: 'inline' satisfies RunProcessorsMode }],
})
export class JobsModule {}

/** Worker: the processors without HTTP. */
@Module({
  imports: [JobsCoreModule],
  providers: [...processors, { provide: RUN_PROCESSORS, useValue: 'always' satisfies RunProcessorsMode }],
})
export class JobsWorkerModule {}

import { Module } from '@nestjs/common';
import { AUTH_MIGRATIONS } from '@pulseboard/api/auth';
import { CoreModule } from '@pulseboard/api/core';
import { EVENTS_MIGRATIONS } from '@pulseboard/api/events';
import { JOBS_MIGRATIONS, JobsWorkerModule } from '@pulseboard/api/jobs';
import { RealtimeModule } from '@pulseboard/api/realtime';

/** The queue processors without HTTP; realtime updates are relayed to the API instances through Redis. */
@Module({
  imports: [
    // The worker shares the API's database and runs the same migrations (TypeORM skips the applied ones).
    CoreModule.forRoot({ migrations: [...AUTH_MIGRATIONS, ...JOBS_MIGRATIONS, ...EVENTS_MIGRATIONS], http: false, kind: 'worker' }),
    RealtimeModule.forWorker(),
    JobsWorkerModule,
  ],
})
export class WorkerModule {}

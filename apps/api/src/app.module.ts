import { Module } from '@nestjs/common';
import { AUDIT_MIGRATIONS, AuditModule } from '@pulseboard/api/audit';
import { AUTH_MIGRATIONS, AuthModule } from '@pulseboard/api/auth';
import { CoreModule } from '@pulseboard/api/core';
import { COUNTERS_MIGRATIONS, CountersModule } from '@pulseboard/api/counters';
import { EVENTS_MIGRATIONS, EventsModule } from '@pulseboard/api/events';
import { JOBS_MIGRATIONS, JobsModule } from '@pulseboard/api/jobs';
import { RealtimeModule } from '@pulseboard/api/realtime';

@Module({
  imports: [
    CoreModule.forRoot({
      migrations: [...AUTH_MIGRATIONS, ...JOBS_MIGRATIONS, ...EVENTS_MIGRATIONS, ...COUNTERS_MIGRATIONS, ...AUDIT_MIGRATIONS],
    }),
    AuthModule,
    AuditModule,
    RealtimeModule.forApi(),
    JobsModule,
    EventsModule,
    CountersModule,
  ],
})
export class AppModule {}

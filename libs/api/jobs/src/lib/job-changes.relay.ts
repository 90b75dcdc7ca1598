import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { RelaySubscriber } from '@pulseboard/api/realtime';
import { Job, ServerEvents } from '@pulseboard/shared/contracts';
import { JobRecords } from './job-records.service';

/** API side: feeds job changes made by a separate worker (relayed through Redis) into JobRecords.changes$ for SSE. */
@Injectable()
export class JobChangesRelay implements OnModuleInit, OnApplicationShutdown {
  private sub?: Subscription;

  constructor(
    private readonly records: JobRecords,
    private readonly relay: RelaySubscriber,
  ) {}

  onModuleInit(): void {
    // The realtime module's one subscriber of the relay channel (not a second Redis connection on it).
    this.sub = this.relay.messages$.subscribe((msg) => {
      if (msg.event === ServerEvents.jobUpdated) this.records.changes$.next(msg.payload as Job);
    });
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }
}

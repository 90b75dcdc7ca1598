import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { RelaySubscriber } from '@pulseboard/api/realtime';
import { Job, ServerEvents } from '@pulseboard/shared/contracts';
import { JobsService } from './jobs.service';

/** API side: feeds job changes made by a separate worker (relayed through Redis) into JobsService.changes$ for SSE. */
@Injectable()
export class JobChangesRelay implements OnModuleInit, OnApplicationShutdown {
  private sub?: Subscription;

  constructor(
    private readonly jobs: JobsService,
    private readonly relay: RelaySubscriber,
  ) {}

  onModuleInit(): void {
    // The realtime module's one subscriber of the relay channel (not a second Redis connection on it).
    this.sub = this.relay.messages$.subscribe((msg) => {
      if (msg.event === ServerEvents.jobUpdated) this.jobs.changes$.next(msg.payload as Job);
    });
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }
}

import { Injectable } from '@nestjs/common';
import type { JobTypeInfo } from '@pulseboard/shared/contracts';
import type { JobHandler } from './job-handler';
import { redactPayload } from './secrets';

/** The handlers by type (built from JOB_HANDLER_CLASSES in JobsQueuesModule). */
@Injectable()
export class JobHandlerRegistry {
  private readonly byType = new Map<string, JobHandler>();

  constructor(handlers: JobHandler[]) {
    for (const h of handlers) this.byType.set(h.type, h);
  }

  get(type: string): JobHandler | undefined {
    return this.byType.get(type);
  }

  /** The payload as it may be shown: the fields the type's schema marks secret masked. */
  redact(type: string, payload: unknown): unknown {
    const h = this.byType.get(type);
    return h ? redactPayload(h.payloadSchema, payload) : payload;
  }

  types(): string[] {
    return [...this.byType.keys()];
  }

  describe(): (JobTypeInfo & { example: unknown })[] {
    return [...this.byType.values()].map((h) => ({
      type: h.type,
      description: h.description,
      payloadSchema: h.payloadSchema,
      example: h.example,
    }));
  }
}

import { Injectable } from '@nestjs/common';
import type { DemoSimulatePayload, DemoSimulateResult } from '@pulseboard/shared/contracts';
import { JobHandler, JobRunContext, sleep } from './job-handler';
import { compilePayloadSchema } from './payload-schema';

/** Works for durationMs with progress, fails its first failTimes attempts, then fails at random with failRate. */
@Injectable()
export class DemoSimulateHandler implements JobHandler<DemoSimulatePayload, DemoSimulateResult> {
  readonly type = 'demo.simulate';
  readonly description = 'Simulates work for durationMs with progress; can fail its first attempts or at random.';
  readonly payloadSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['durationMs'],
    properties: {
      durationMs: { type: 'integer', minimum: 0, maximum: 60000, description: 'How long the work takes (ms).' },
      failTimes: { type: 'integer', minimum: 0, maximum: 1000, default: 0, description: 'Fail this many first attempts.' },
      failRate: { type: 'number', minimum: 0, maximum: 1, default: 0, description: 'Then fail at random with this probability.' },
    },
  };
  readonly example: DemoSimulatePayload = { durationMs: 3000, failTimes: 0, failRate: 0 };
  private readonly check = compilePayloadSchema(this.payloadSchema);

  validate(payload: unknown): string[] {
    return this.check(payload);
  }

  async run(p: DemoSimulatePayload, ctx: JobRunContext): Promise<DemoSimulateResult> {
    ctx.log(`working for ${p.durationMs} ms`);
    const steps = p.durationMs > 0 ? Math.max(1, Math.min(20, Math.ceil(p.durationMs / 100))) : 0;
    for (let i = 1; i <= steps; i++) {
      await sleep(p.durationMs / steps, ctx.signal);
      ctx.progress(Math.round((i * 100) / steps));
    }
    if (ctx.attempt <= (p.failTimes ?? 0)) {
      throw new Error(`Simulated failure on attempt ${ctx.attempt} (failTimes=${p.failTimes})`);
    }
    if ((p.failRate ?? 0) > 0 && Math.random() < (p.failRate as number)) {
      throw new Error(`Simulated random failure on attempt ${ctx.attempt} (failRate=${p.failRate})`);
    }
    return { attempt: ctx.attempt, durationMs: p.durationMs };
  }
}

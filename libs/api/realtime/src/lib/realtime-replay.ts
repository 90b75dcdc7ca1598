import { Injectable } from '@nestjs/common';
import type { StaticTopic } from '@pulseboard/shared/contracts';

export type ReplayProvider = () => unknown[] | Promise<unknown[]>;

/** Features register what a new subscriber of a topic receives in its `subscribe` ack (blocks: last 5, events: last 20). */
@Injectable()
export class RealtimeReplay {
  private readonly providers = new Map<string, ReplayProvider>();

  register(topic: StaticTopic, provider: ReplayProvider): void {
    this.providers.set(topic, provider);
  }

  async replay(topic: string): Promise<unknown[]> {
    const p = this.providers.get(topic);
    return p ? await p() : [];
  }
}

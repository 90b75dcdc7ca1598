import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { ClusterProcess, ClusterView, HEARTBEAT_EVERY_MS, HEARTBEAT_TTL_MS } from '@pulseboard/shared/contracts';
import { InjectConfig, PulseboardConfig } from '../config/config';
import { REDIS } from '../redis/redis.module';
import { ClusterLeases } from './cluster-lease';
import { ProcessIdentity } from './process-identity';

/**
 * Every process (API and worker) writes who it is and what it holds to Redis every HEARTBEAT_EVERY_MS, in a key
 * that expires after HEARTBEAT_TTL_MS: a process that dies drops out of `GET /api/cluster` by itself.
 */
@Injectable()
export class ClusterHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ClusterHeartbeat.name);
  private timer?: NodeJS.Timeout;
  private warned = false;
  private queueConcurrency = 0;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly cfg: PulseboardConfig,
    private readonly me: ProcessIdentity,
    private readonly leases: ClusterLeases,
  ) {}

  /** Told by the queue runner when this process starts (or stops) running processors. */
  setQueueConcurrency(n: number): void {
    this.queueConcurrency = n;
    void this.beat();
  }

  onApplicationBootstrap(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.del(this.key(this.me.id)).catch(() => undefined);
  }

  /** This process as the heartbeat reports it. */
  self(now = new Date()): ClusterProcess {
    return {
      id: this.me.id,
      kind: this.me.kind,
      host: this.me.host,
      pid: this.me.pid,
      version: this.me.version,
      startedAt: this.me.startedAt.toISOString(),
      lastSeenAt: now.toISOString(),
      holds: this.leases.held(),
      queueConcurrency: this.queueConcurrency,
    };
  }

  /** Every live process and every lease holder. */
  async view(): Promise<ClusterView> {
    const processes = new Map<string, ClusterProcess>();
    let cursor = '0';
    let rounds = 0;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', this.key('*'), 'COUNT', 500);
      cursor = next;
      if (keys.length) {
        for (const raw of await this.redis.mget(...keys)) {
          if (!raw) continue;
          try {
            const p = JSON.parse(raw) as ClusterProcess;
            processes.set(p.id, p);
          } catch {
            // a foreign or partial value: not a process of ours
          }
        }
      }
    } while (cursor !== '0' && ++rounds < 100);
    processes.set(this.me.id, this.self()); // this process is alive: it answers
    const order = (p: ClusterProcess) => (p.kind === 'api' ? 0 : 1);
    return {
      mode: this.leases.mode,
      instances: [...processes.values()].sort(
        (a, b) => order(a) - order(b) || a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id),
      ),
      leases: await this.leases.describe(),
      at: new Date().toISOString(),
    };
  }

  private key(id: string): string {
    return `${this.cfg.queuePrefix}:cluster:process:${id}`;
  }

  private async beat(): Promise<void> {
    try {
      await this.redis.set(this.key(this.me.id), JSON.stringify(this.self()), 'PX', HEARTBEAT_TTL_MS);
      this.warned = false;
    } catch (e) {
      if (!this.warned) this.logger.warn(`cluster heartbeat not written: ${(e as Error).message}`);
      this.warned = true;
    }
  }
}

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { ClusterProcess, ClusterView, HEARTBEAT_EVERY_MS, HEARTBEAT_TTL_MS } from '@pulseboard/shared/contracts';
import { InjectConfig, PulseboardConfig } from '../config/config';
import { REDIS } from '../redis/redis.module';
import { ClusterLeases } from './cluster-lease';
import { ProcessIdentity } from './process-identity';

/** How long a process that stopped beating stays in the index before a beat prunes it (its key expired long before). */
const INDEX_PRUNE_MS = 60_000;

/**
 * Every process (API and worker) writes who it is and what it holds to Redis every HEARTBEAT_EVERY_MS, in a key
 * that expires after HEARTBEAT_TTL_MS: a process that dies drops out of `GET /api/cluster` by itself. The ids are kept
 * in a sorted set (score: the last beat), so the view reads the processes' keys without scanning the keyspace (a SCAN
 * gave up before reaching them on a Redis holding some 100,000 other keys).
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
    await this.redis
      .multi()
      .del(this.key(this.me.id))
      .zrem(this.indexKey(), this.me.id)
      .exec()
      .catch(() => undefined);
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
    // The ids that beat in the last minute; a key that expired (a process that died) reads as null.
    const ids = await this.redis.zrange(this.indexKey(), 0, -1);
    if (ids.length) {
      for (const raw of await this.redis.mget(...ids.map((id) => this.key(id)))) {
        if (!raw) continue;
        try {
          const p = JSON.parse(raw) as ClusterProcess;
          processes.set(p.id, p);
        } catch {
          // a foreign or partial value: not a process of ours
        }
      }
    }
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

  private indexKey(): string {
    return `${this.cfg.queuePrefix}:cluster:processes`;
  }

  private async beat(): Promise<void> {
    try {
      const now = Date.now();
      const results = await this.redis
        .multi()
        .set(this.key(this.me.id), JSON.stringify(this.self()), 'PX', HEARTBEAT_TTL_MS)
        .zadd(this.indexKey(), now, this.me.id)
        .zremrangebyscore(this.indexKey(), '-inf', now - INDEX_PRUNE_MS)
        .pexpire(this.indexKey(), INDEX_PRUNE_MS)
        .exec();
      const failed = results?.find(([e]) => e)?.[0];
      if (failed) throw failed;
      this.warned = false;
    } catch (e) {
      if (!this.warned) this.logger.warn(`cluster heartbeat not written: ${(e as Error).message}`);
      this.warned = true;
    }
  }
}

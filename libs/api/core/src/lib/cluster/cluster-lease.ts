// One cluster lease per kind of work that must run once per cluster (the blocks feed, the simulator, the counter
// ticker, the job reconciler). Why a Redis key and not a PostgreSQL advisory lock: docs/cluster.md.
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { CLUSTER_LEASES, ClusterLeaseInfo, ClusterLeaseName } from '@pulseboard/shared/contracts';
import { InjectConfig, PulseboardConfig } from '../config/config';
import { REDIS } from '../redis/redis.module';
import { ProcessIdentity } from './process-identity';

/** A holding lasts this long without a renewal: a dead holder is replaced within LEASE_TTL_MS + LEASE_RENEW_MS. */
export const LEASE_TTL_MS = 3_000;
export const LEASE_RENEW_MS = 1_000;
/** A holder stops acting this long before its key can expire, so two holders never act at once (clock drift, a slow reply). */
const SAFETY_MS = 500;

/**
 * Acquire or renew in one step. The value is `<process id>:<fencing token>`; the token comes from a counter that
 * only grows, so every new holding has a larger token than any before it. Returns the token, or -1 when another
 * process holds the lease.
 */
const ACQUIRE = `
local cur = redis.call('get', KEYS[1])
if not cur then
  local token = redis.call('incr', KEYS[2])
  redis.call('set', KEYS[1], ARGV[1] .. ':' .. token, 'PX', ARGV[2])
  return token
end
local sep = string.find(cur, ':[^:]*$')
if sep and string.sub(cur, 1, sep - 1) == ARGV[1] then
  redis.call('pexpire', KEYS[1], ARGV[2])
  return tonumber(string.sub(cur, sep + 1))
end
return -1`;
/** Let go only of one's own holding. */
const RELEASE = `
local cur = redis.call('get', KEYS[1])
if cur and cur == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/** `waiting`: Redis has not answered yet; `unknown`: Redis could not be asked (nobody can coordinate). */
export type LeaseState = 'held' | 'elsewhere' | 'unknown' | 'waiting';
type Listener = (held: boolean) => void;

/** One process's view of one lease. */
export class Lease {
  private token_: number | null = null;
  private heldUntil = 0;
  private state_: LeaseState = 'waiting';
  private readonly listeners = new Set<Listener>();

  constructor(readonly name: ClusterLeaseName) {}

  /** True while this process holds the lease and its holding cannot have expired yet. */
  held(): boolean {
    return this.token_ !== null && Date.now() < this.heldUntil;
  }

  state(): LeaseState {
    return this.held() ? 'held' : this.state_ === 'held' ? 'unknown' : this.state_;
  }

  /** The fencing token of this process's holding, null when not holding. */
  token(): number | null {
    return this.held() ? this.token_ : null;
  }

  /** Called with true when this process becomes the holder, false when it stops being it. Returns an unsubscribe. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.held()) listener(true);
    return () => this.listeners.delete(listener);
  }

  /** @internal The result of one acquire-or-renew started at `askedAt`. */
  settle(result: number | 'unreachable', askedAt: number, ttlMs: number): void {
    const was = this.token_ !== null;
    if (typeof result === 'number' && result > 0) {
      if (was && this.token_ !== result) this.update(null, 'elsewhere'); // another holding came between: never act on two
      this.token_ = result;
      this.heldUntil = askedAt + ttlMs - SAFETY_MS;
      this.state_ = 'held';
      if (this.token_ !== null && !was) this.emit(true);
      return;
    }
    if (result === -1) this.update(null, 'elsewhere');
    else if (!this.held()) this.update(null, 'unknown');
  }

  /** @internal Local holding without Redis (one process alone): held from start to shutdown. */
  holdLocally(): void {
    this.token_ = 0;
    this.heldUntil = Number.MAX_SAFE_INTEGER;
    this.state_ = 'held';
    this.emit(true);
  }

  /** @internal */
  expireIfDue(): void {
    if (this.token_ !== null && Date.now() >= this.heldUntil) this.update(null, 'unknown');
  }

  /** @internal */
  drop(): void {
    this.update(null, 'unknown');
  }

  private update(token: null, state: LeaseState): void {
    const was = this.token_ !== null;
    this.token_ = token;
    this.heldUntil = 0;
    this.state_ = state;
    if (was) this.emit(false);
  }

  private emit(held: boolean): void {
    for (const l of this.listeners) {
      try {
        l(held);
      } catch {
        // A listener's failure is its own: the lease keeps going.
      }
    }
  }
}

/**
 * The leases of this process. With the Redis socket adapter (several API processes) each lease is a Redis key
 * taken with SET NX semantics, renewed every LEASE_RENEW_MS and given up at shutdown; otherwise this process is
 * alone and holds every lease it asks for.
 */
@Injectable()
export class ClusterLeases implements OnApplicationShutdown {
  private readonly logger = new Logger(ClusterLeases.name);
  private readonly leases = new Map<ClusterLeaseName, Lease>();
  private readonly coordinated: boolean;
  private timer?: NodeJS.Timeout;
  private passing = false;
  private stopped = false;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly cfg: PulseboardConfig,
    private readonly me: ProcessIdentity,
  ) {
    this.coordinated = cfg.socketAdapter === 'redis';
  }

  get mode(): 'redis' | 'single' {
    return this.coordinated ? 'redis' : 'single';
  }

  /** The lease of `name` (one object per name); this process competes for it from now until shutdown. */
  lease(name: ClusterLeaseName): Lease {
    let lease = this.leases.get(name);
    if (lease) return lease;
    lease = new Lease(name);
    this.leases.set(name, lease);
    if (this.stopped) return lease;
    if (!this.coordinated) lease.holdLocally();
    else {
      void this.pass();
      this.timer ??= setInterval(() => void this.pass(), LEASE_RENEW_MS);
    }
    return lease;
  }

  /** Names of the leases this process holds now. */
  held(): ClusterLeaseName[] {
    return [...this.leases.values()].filter((l) => l.held()).map((l) => l.name);
  }

  /** Who holds each lease, as Redis says (or this process alone). */
  async describe(): Promise<ClusterLeaseInfo[]> {
    if (!this.coordinated) {
      return CLUSTER_LEASES.map((name) => {
        const token = this.leases.get(name)?.token() ?? null;
        return { name, holder: token === null ? null : this.me.id, token };
      });
    }
    const values = await this.redis.mget(...CLUSTER_LEASES.map((n) => this.key(n)));
    return CLUSTER_LEASES.map((name, i) => {
      const v = values[i];
      const sep = v ? v.lastIndexOf(':') : -1;
      return { name, holder: v && sep > 0 ? v.slice(0, sep) : null, token: v && sep > 0 ? Number(v.slice(sep + 1)) : null };
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    const mine = [...this.leases.values()].filter((l) => l.held()).map((l) => ({ name: l.name, value: `${this.me.id}:${l.token()}` }));
    for (const l of this.leases.values()) l.drop();
    if (!this.coordinated) return;
    // Hand over at once instead of letting the holdings expire.
    await Promise.all(mine.map((l) => this.redis.eval(RELEASE, 1, this.key(l.name), l.value).catch(() => undefined)));
  }

  private key(name: ClusterLeaseName): string {
    return `${this.cfg.queuePrefix}:lease:${name}`;
  }

  /** One acquire-or-renew round for every lease. */
  private async pass(): Promise<void> {
    // A holding whose renewal is overdue (Redis slow or away) ends on time even while a round is still waiting.
    for (const lease of this.leases.values()) lease.expireIfDue();
    if (this.passing || this.stopped) return;
    this.passing = true;
    try {
      await Promise.all(
        [...this.leases.values()].map(async (lease) => {
          const askedAt = Date.now();
          let result: number | 'unreachable';
          try {
            result = Number(
              await this.redis.eval(ACQUIRE, 2, this.key(lease.name), `${this.key(lease.name)}:fence`, this.me.id, LEASE_TTL_MS),
            );
          } catch {
            result = 'unreachable';
          }
          if (this.stopped) return;
          const before = lease.held();
          lease.settle(result, askedAt, LEASE_TTL_MS);
          if (!before && lease.held()) this.logger.log(`this process now holds the ${lease.name} lease (token ${lease.token()})`);
          if (before && !lease.held()) this.logger.warn(`this process no longer holds the ${lease.name} lease`);
        }),
      );
    } finally {
      this.passing = false;
    }
  }
}

// The cluster lease against the real Redis: one holder, fencing tokens that only grow, takeover after a holder
// stops renewing (its Redis connection cut, as when its process dies) and at once after a clean shutdown.
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PulseboardConfig } from '../config/config';
import { ClusterLeases, LEASE_RENEW_MS, LEASE_TTL_MS } from './cluster-lease';
import { ProcessIdentity, PULSEBOARD_VERSION } from './process-identity';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

async function until(cond: () => boolean, ms: number, what: string): Promise<number> {
  const started = Date.now();
  while (!cond()) {
    if (Date.now() - started > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}

describe('ClusterLeases (real Redis)', () => {
  const prefix = `pbtest-lease-${randomUUID().slice(0, 8)}`;
  const made: { leases: ClusterLeases; redis: Redis }[] = [];

  async function member(socketAdapter: 'redis' | 'memory' = 'redis') {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => null });
    await new Promise((resolve) => redis.once('ready', resolve));
    const cfg = { queuePrefix: prefix, socketAdapter } as PulseboardConfig;
    const me = new ProcessIdentity('api', PULSEBOARD_VERSION);
    const leases = new ClusterLeases(redis, cfg, me);
    made.push({ leases, redis });
    return { leases, redis, me };
  }

  afterEach(async () => {
    for (const m of made.splice(0)) {
      await m.leases.onApplicationShutdown();
      m.redis.disconnect();
    }
  });
  afterAll(async () => {
    const r = new Redis(REDIS_URL);
    const keys = await r.keys(`${prefix}:*`);
    if (keys.length) await r.del(...keys);
    r.disconnect();
  });

  it('gives a lease to exactly one of three processes, with a fencing token, and says who holds it', async () => {
    const members = await Promise.all([member(), member(), member()]);
    const leases = members.map((m) => m.leases.lease('blocks-feed'));
    await until(() => leases.some((l) => l.held()), 2_000, 'a holder');
    await until(() => leases.every((l) => l.state() !== 'waiting'), 2_000, 'every process to hear from Redis');
    const holders = leases.filter((l) => l.held());
    expect(holders).toHaveLength(1);
    expect(leases.filter((l) => l.state() === 'elsewhere')).toHaveLength(2);
    const holder = members[leases.indexOf(holders[0])];
    expect(holders[0].token()).toBeGreaterThan(0);
    expect(holder.leases.held()).toEqual(['blocks-feed']);
    const described = await members[0].leases.describe();
    expect(described.find((d) => d.name === 'blocks-feed')).toEqual({
      name: 'blocks-feed',
      holder: holder.me.id,
      token: holders[0].token(),
    });
    expect(described.find((d) => d.name === 'simulator')).toEqual({ name: 'simulator', holder: null, token: null });
    // Renewals keep it where it is.
    await new Promise((r) => setTimeout(r, LEASE_TTL_MS + LEASE_RENEW_MS));
    expect(leases.filter((l) => l.held())).toEqual(holders);
  });

  it('moves to another process within 5 s when the holder stops renewing, with a larger token; the old holder stops first', async () => {
    const a = await member();
    const la = a.leases.lease('simulator');
    await until(() => la.held(), 2_000, 'a to hold');
    const first = la.token() as number;
    const b = await member();
    const lb = b.leases.lease('simulator');
    const changes: boolean[] = [];
    la.onChange((held) => changes.push(held));
    await until(() => lb.state() === 'elsewhere', 2_000, 'b to see the holder');
    a.redis.disconnect(); // a's process "dies" for Redis: no renewal, no release
    let bothAtOnce = false;
    const tookAfter = await until(
      () => {
        bothAtOnce ||= la.held() && lb.held();
        return lb.held();
      },
      5_000,
      'b to take over',
    );
    expect(bothAtOnce).toBe(false); // never two holders acting at once
    expect(tookAfter).toBeLessThanOrEqual(LEASE_TTL_MS + LEASE_RENEW_MS + 500);
    expect(changes).toEqual([true, false]);
    expect(lb.token()).toBeGreaterThan(first);
    expect(la.state()).toBe('unknown');
  });

  it('hands over at once on a clean shutdown', async () => {
    const a = await member();
    const la = a.leases.lease('counter-ticker');
    await until(() => la.held(), 2_000, 'a to hold');
    const b = await member();
    const lb = b.leases.lease('counter-ticker');
    await until(() => lb.state() === 'elsewhere', 2_000, 'b to see the holder');
    await a.leases.onApplicationShutdown();
    expect(la.held()).toBe(false);
    // Within one renewal round, not a whole TTL.
    await until(() => lb.held(), LEASE_RENEW_MS + 500, 'b to take over');
  });

  it('holds every lease locally when the process is alone (in-memory socket adapter)', async () => {
    const solo = await member('memory');
    const lease = solo.leases.lease('job-reconciler');
    expect(lease.held()).toBe(true);
    expect(solo.leases.mode).toBe('single');
    expect(await solo.leases.describe()).toContainEqual({ name: 'job-reconciler', holder: solo.me.id, token: 0 });
  });

  it('reports the version package.json declares', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../../../../package.json'), 'utf8')) as { version: string };
    expect(PULSEBOARD_VERSION).toBe(pkg.version);
  });
});

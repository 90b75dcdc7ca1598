import type { RedisOptions } from 'ioredis';

/** ioredis options from a redis:// URL (host, port, db, username, password, TLS for rediss://). */
export function redisOptionsFromUrl(redisUrl: string): RedisOptions {
  const u = new URL(redisUrl);
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    db: Number.isFinite(db) ? db : 0,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    tls: u.protocol === 'rediss:' ? {} : undefined,
  };
}

/** Reconnect forever with a capped backoff: Redis coming back must resume work without a restart. */
export function redisRetryStrategy(times: number): number {
  return Math.min(200 * 2 ** Math.min(times, 6), 5000);
}

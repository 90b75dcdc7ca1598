import Redis from 'ioredis';
import { rm } from 'node:fs/promises';

/** Deletes the run's SQLite file (and its WAL companions) and its queues' Redis keys; each run starts fresh. */
export default async function globalTeardown(): Promise<void> {
  const file = process.env['PB_E2E_SQLITE_PATH'];
  if (file) await Promise.all(['', '-wal', '-shm', '-journal'].map((suffix) => rm(`${file}${suffix}`, { force: true })));
  const prefix = process.env['PB_E2E_QUEUE_PREFIX'];
  if (!prefix) return;
  const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    // One short test run's keys: a server-side KEYS + DEL is fine here.
    await redis.eval("for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end", 0, `${prefix}:*`);
  } catch {
    // Redis gone: nothing left to clean.
  } finally {
    redis.disconnect();
  }
}

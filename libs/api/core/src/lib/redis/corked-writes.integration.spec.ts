import Redis from 'ioredis';
import { corkRedisWritesPerTurn } from './corked-writes';

// A real Redis on loopback (the one the other integration tests use).
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

interface Stream {
  _write: (...a: unknown[]) => void;
  _writev: (...a: unknown[]) => void;
  writableCorked: number;
}

/** Counts the socket's writes to the kernel (`_write` for one chunk, `_writev` for several). */
function countWrites(redis: Redis): { count: () => number; stream: Stream } {
  const stream = (redis as unknown as { stream: Stream }).stream;
  let n = 0;
  for (const m of ['_write', '_writev'] as const) {
    const original = stream[m];
    stream[m] = function (this: Stream, ...a: unknown[]) {
      n++;
      return original.apply(this, a);
    };
  }
  return { count: () => n, stream };
}

describe('corkRedisWritesPerTurn (real Redis)', () => {
  let redis: Redis;
  const key = `pb-test-cork-${process.pid}-${Date.now()}`;

  beforeEach(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    await redis.ping();
  });
  afterEach(async () => {
    await redis.del(key);
    redis.disconnect();
  });

  it('sends the commands of one turn in one write, in order, and leaves the socket uncorked', async () => {
    corkRedisWritesPerTurn(redis);
    const writes = countWrites(redis);
    const replies = await Promise.all(Array.from({ length: 200 }, (_, i) => redis.rpush(key, String(i))));
    expect(replies).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(await redis.lrange(key, 0, -1)).toEqual(Array.from({ length: 200 }, (_, i) => String(i)));
    // 200 commands in one turn, then the LRANGE: two writes (without the cork: one per command).
    expect(writes.count()).toBeLessThanOrEqual(2);
    expect(writes.stream.writableCorked).toBe(0);
  });

  it('writes each command on its own without it (what the cork saves)', async () => {
    const writes = countWrites(redis);
    await Promise.all(Array.from({ length: 50 }, (_, i) => redis.rpush(key, String(i))));
    expect(writes.count()).toBeGreaterThanOrEqual(50);
  });

  it('corks the new socket after a reconnect', async () => {
    corkRedisWritesPerTurn(redis);
    const before = (redis as unknown as { stream: Stream }).stream;
    const ready = new Promise((resolve) => redis.once('ready', resolve));
    redis.disconnect(true); // reconnect
    await ready;
    expect((redis as unknown as { stream: Stream }).stream).not.toBe(before);
    const writes = countWrites(redis);
    await Promise.all(Array.from({ length: 100 }, (_, i) => redis.rpush(key, String(i))));
    expect(writes.count()).toBeLessThanOrEqual(1);
    expect(await redis.llen(key)).toBe(100);
  });

  it('is installed once per client', async () => {
    corkRedisWritesPerTurn(redis);
    corkRedisWritesPerTurn(redis);
    expect(redis.listenerCount('connect')).toBe(1);
    expect(await redis.ping()).toBe('PONG');
  });
});

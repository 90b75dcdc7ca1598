import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { InjectConfig, PulseboardConfig, REDIS } from '@pulseboard/api/core';

/** Login attempts per client address (against one address guessing many accounts). */
export const ADDRESS_LIMIT = { limit: 20, windowMs: 60_000 };
/** Login attempts per account, from any address (against many addresses guessing one account); a success resets it. */
export const ACCOUNT_LIMIT = { limit: 10, windowMs: 5 * 60_000 };

/** Fixed-window counters in this process's memory: the fallback while Redis is unreachable. */
export class FixedWindows {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws 429 with a Retry-After (seconds) once `key` used up its attempts in the current window. */
  hit(key: string): void {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 10_000) this.prune(t);
    }
    w.count += 1;
    if (w.count > this.limit) throw new TooManyLoginAttempts(Math.ceil((w.start + this.windowMs - t) / 1000));
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private prune(t: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(k);
  }
}

export class TooManyLoginAttempts extends HttpException {
  constructor(readonly retryAfterSec: number) {
    super(`Too many login attempts; try again in ${retryAfterSec} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}

// INCR each key, starting its window on the first hit; answers [count, ms left] per key.
const HIT_SCRIPT = `
local out = {}
for i, key in ipairs(KEYS) do
  local c = redis.call('INCR', key)
  if c == 1 then redis.call('PEXPIRE', key, ARGV[i]) end
  out[#out + 1] = c
  out[#out + 1] = redis.call('PTTL', key)
end
return out`;

/**
 * Login throttling shared by every instance: fixed windows in Redis per client address and per account (the
 * username without regard to case, known or not, so the limit says nothing about which names exist). While Redis
 * is unreachable each instance counts in its own memory rather than refusing every login.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);
  private readonly localAddress = new FixedWindows(ADDRESS_LIMIT.limit, ADDRESS_LIMIT.windowMs);
  private readonly localAccount = new FixedWindows(ACCOUNT_LIMIT.limit, ACCOUNT_LIMIT.windowMs);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly cfg: PulseboardConfig,
  ) {}

  /** Counts one attempt; throws 429 (with `retryAfterSec`) when the address or the account is over its limit. */
  async hit(address: string, username: string): Promise<void> {
    const keys = [this.key('addr', address), this.key('user', username.toLowerCase())];
    let res: number[];
    try {
      res = (await this.redis.eval(HIT_SCRIPT, 2, ...keys, ADDRESS_LIMIT.windowMs, ACCOUNT_LIMIT.windowMs)) as number[];
    } catch (e) {
      this.logger.warn(`login throttle falls back to this instance's memory: ${(e as Error).message}`);
      this.localAddress.hit(keys[0]);
      this.localAccount.hit(keys[1]);
      return;
    }
    const limits = [ADDRESS_LIMIT.limit, ACCOUNT_LIMIT.limit];
    let retryMs = 0;
    for (let i = 0; i < 2; i++) if (res[2 * i] > limits[i]) retryMs = Math.max(retryMs, res[2 * i + 1]);
    if (retryMs > 0) throw new TooManyLoginAttempts(Math.max(1, Math.ceil(retryMs / 1000)));
  }

  /** After a successful login: the account's failures no longer count. */
  async succeeded(username: string): Promise<void> {
    const key = this.key('user', username.toLowerCase());
    this.localAccount.reset(key);
    await this.redis.del(key).catch(() => undefined);
  }

  private key(kind: 'addr' | 'user', id: string): string {
    return `${this.cfg.queuePrefix}:login:${kind}:${id}`;
  }
}

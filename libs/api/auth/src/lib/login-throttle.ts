import { HttpException, HttpStatus } from '@nestjs/common';

/** Fixed-window limit on login attempts per client address, against password guessing. */
export class LoginThrottle {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit = 20,
    private readonly windowMs = 60_000,
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
    if (w.count > this.limit) {
      const retryAfter = Math.ceil((w.start + this.windowMs - t) / 1000);
      throw new TooManyLoginAttempts(retryAfter);
    }
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

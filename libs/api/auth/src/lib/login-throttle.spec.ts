import { FixedWindows, TooManyLoginAttempts } from './login-throttle';

describe('FixedWindows (the in-memory fallback of the login throttle)', () => {
  it('refuses the attempt after the limit with the seconds left in the window, then allows a new window', () => {
    let now = 1_000_000;
    const th = new FixedWindows(3, 60_000, () => now);
    th.hit('1.2.3.4');
    th.hit('1.2.3.4');
    th.hit('1.2.3.4');
    now += 15_000;
    let err: unknown;
    try {
      th.hit('1.2.3.4');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TooManyLoginAttempts);
    expect((err as TooManyLoginAttempts).retryAfterSec).toBe(45);
    expect((err as TooManyLoginAttempts).getStatus()).toBe(429);
    th.hit('5.6.7.8');
    now += 45_000;
    expect(() => th.hit('1.2.3.4')).not.toThrow();
  });
});

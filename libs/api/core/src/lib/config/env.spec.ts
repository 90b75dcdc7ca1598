import { ConfigError, parseEnv } from './env';

describe('parseEnv', () => {
  it('applies the documented defaults', () => {
    const cfg = parseEnv({});
    expect(cfg.port).toBe(3000);
    expect(cfg.sqlitePath).toBe('data/pulseboard.sqlite');
    expect(cfg.databaseUrl).toBeNull();
    expect(cfg.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(cfg.queueProcessors).toBe('inline');
    expect(cfg.adminUsername).toBe('admin');
    expect(cfg.unsplashRateLimitPerHour).toBe(50);
    expect(cfg.feedBlocksSimIntervalMs).toBe(12000);
    expect(cfg.jobBackoffMs).toBe(500);
    expect(cfg.jobLockMs).toBe(30000);
    expect(cfg.jobConcurrency).toBe(50);
    expect(cfg.jwtSecretGenerated).toBe(true);
    expect(cfg.jwtSecret).toHaveLength(64);
  });

  it('keeps one generated JWT secret per process', () => {
    expect(parseEnv({}).jwtSecret).toBe(parseEnv({}).jwtSecret);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must be between 0 and 65535/],
    [{ QUEUE_PROCESSORS: 'sometimes' }, /QUEUE_PROCESSORS must be one of inline, off/],
    [{ REDIS_URL: 'http://x' }, /REDIS_URL must use redis or rediss/],
    [{ REDIS_URL: 'not a url' }, /REDIS_URL must be a URL/],
    [{ DATABASE_URL: 'mysql://x/y' }, /DATABASE_URL must use postgres or postgresql/],
    [{ NODE_ENV: 'production', ADMIN_PASSWORD: 'long-enough' }, /JWT_SECRET is required/],
    [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }, /ADMIN_PASSWORD is required/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET must be at least 16/],
    [{ ADMIN_PASSWORD: 'short' }, /ADMIN_PASSWORD must be 8 to 72 bytes long/],
    [{ ADMIN_PASSWORD: 'é'.repeat(37) }, /ADMIN_PASSWORD must be 8 to 72 bytes long/],
    [{ ADMIN_PASSWORD_RESET: 'on' }, /ADMIN_PASSWORD_RESET=on needs ADMIN_PASSWORD/],
    [{ ADMIN_PASSWORD_RESET: 'yes' }, /ADMIN_PASSWORD_RESET must be one of on, off/],
    [{ TRUST_PROXY: '10.0.0.1,nginx' }, /TRUST_PROXY must be off, on, a hop count.*got 'nginx'/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY must be .*got '10.0.0.0\/33'/],
    [{ ADMIN_USERNAME: 'a b' }, /ADMIN_USERNAME must be/],
    [{ UNSPLASH_RATE_LIMIT_PER_HOUR: '0' }, /UNSPLASH_RATE_LIMIT_PER_HOUR must be between/],
    [{ FEED_BLOCKS_WS_URL: 'http://node' }, /FEED_BLOCKS_WS_URL must use ws or wss/],
    [{ FEED_BLOCKS_SIM_INTERVAL_MS: '1.5' }, /FEED_BLOCKS_SIM_INTERVAL_MS must be an integer/],
    [{ SOCKET_ADAPTER: 'kafka' }, /SOCKET_ADAPTER must be one of memory, redis/],
    [{ JOB_BACKOFF_MS: '0' }, /JOB_BACKOFF_MS must be between 1 and 600000/],
    [{ JOB_LOCK_MS: 'soon' }, /JOB_LOCK_MS must be an integer/],
    [{ JOB_CONCURRENCY: '0' }, /JOB_CONCURRENCY must be between 1 and 1000/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => parseEnv(env)).toThrow(ConfigError);
    expect(() => parseEnv(env)).toThrow(message);
  });

  it('reads TRUST_PROXY as off (default), on, a hop count, or a list of addresses, CIDRs and names', () => {
    expect(parseEnv({}).trustProxy).toBe(false);
    expect(parseEnv({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(parseEnv({ TRUST_PROXY: 'on' }).trustProxy).toBe(true);
    expect(parseEnv({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(parseEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 172.16.0.1' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '172.16.0.1',
    ]);
  });

  it('accepts a complete production configuration', () => {
    const cfg = parseEnv({
      NODE_ENV: 'production',
      JWT_SECRET: 's'.repeat(32),
      ADMIN_PASSWORD: 'correct horse',
      DATABASE_URL: 'postgres://u@db:5432/pulse',
      PORT: '8080',
    });
    expect(cfg).toMatchObject({ port: 8080, databaseUrl: 'postgres://u@db:5432/pulse', jwtSecretGenerated: false });
  });
});

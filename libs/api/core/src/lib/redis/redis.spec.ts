import { redisOptionsFromUrl, redisRetryStrategy } from './redis';

describe('redisOptionsFromUrl', () => {
  it('reads host, port, db and credentials', () => {
    expect(redisOptionsFromUrl('redis://user:p%40ss@cache:6380/2')).toMatchObject({
      host: 'cache',
      port: 6380,
      db: 2,
      username: 'user',
      password: 'p@ss',
      tls: undefined,
    });
  });
  it('defaults the port and db and enables TLS for rediss://', () => {
    expect(redisOptionsFromUrl('rediss://cache')).toMatchObject({ port: 6379, db: 0, tls: {} });
  });
});

describe('redisRetryStrategy', () => {
  it('backs off and caps at 5 s', () => {
    expect(redisRetryStrategy(1)).toBe(400);
    expect(redisRetryStrategy(100)).toBe(5000);
  });
});

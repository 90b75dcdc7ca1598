import { withTimeout } from './with-timeout';

describe('withTimeout', () => {
  it('gives the value of a promise that settles in time', async () => {
    await expect(withTimeout(Promise.resolve(42), 50)).resolves.toBe(42);
    await expect(withTimeout(Promise.reject(new Error('boom')), 50)).rejects.toThrow('boom');
  });

  it('rejects with the time limit when the promise is slower', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20)).rejects.toThrow('timed out after 20 ms');
  });
});

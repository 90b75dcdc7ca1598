import { OUTCOME_WRITE_RETRY, outcomeRetryWindowMs } from './jobs.queues';

describe('outcome writes (results, dead-letter)', () => {
  it('keep retrying a database outage for at least 10 minutes, with exponential backoff', () => {
    expect(OUTCOME_WRITE_RETRY.backoff.type).toBe('exponential');
    expect(outcomeRetryWindowMs()).toBeGreaterThanOrEqual(10 * 60_000);
    // The old setting (5 attempts from 500 ms) gave up after 7.5 s.
    expect(outcomeRetryWindowMs({ attempts: 5, backoff: { delay: 500 } })).toBe(7500);
  });
});

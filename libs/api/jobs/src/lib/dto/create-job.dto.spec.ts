import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { VALIDATION_OPTIONS } from '@pulseboard/api/core';
import { CreateJobDto, isValidCreateJob, JOB_DELAY_MAX_MS, JOB_MAX_ATTEMPTS_LIMIT, JOB_PRIORITY_MAX } from './create-job.dto';

const accepts = (body: unknown) =>
  validateSync(plainToInstance(CreateJobDto, body ?? {}, VALIDATION_OPTIONS.transformOptions) as object, VALIDATION_OPTIONS).length === 0;

const ABSENT = Symbol('absent');
const odd = fc.constantFrom<unknown>(null, 1.5, '1', true, [], {}, Number.NaN, Infinity, 2 ** 53, -1);
const int = (lo: number, hi: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom<unknown>(ABSENT, lo, hi, lo - 1, hi + 1) },
    { weight: 2, arbitrary: fc.integer({ min: lo - 5, max: hi + 5 }) },
    { weight: 1, arbitrary: odd },
  );
const type = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>('demo.simulate', 'x'.repeat(64), 'x'.repeat(65), '') },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(ABSENT, null, 1, [], {}) },
);
const payload = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>({ durationMs: 1 }, {}, { nested: { a: [1] } }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(ABSENT, null, [], 'text', 1, [{}]) },
);
const body = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      type,
      payload,
      maxAttempts: int(1, JOB_MAX_ATTEMPTS_LIMIT),
      priority: int(0, JOB_PRIORITY_MAX),
      delayMs: int(0, JOB_DELAY_MAX_MS),
      extra: fc.constantFrom<unknown>(ABSENT, ABSENT, ABSENT, 'x'),
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>([], [1], 'text', 1) },
);
const plain = (b: unknown) =>
  b !== null && typeof b === 'object' && !Array.isArray(b) ? Object.fromEntries(Object.entries(b).filter(([, v]) => v !== ABSENT)) : b;

describe('the fast check of job requests', () => {
  it('never accepts what class-validator refuses, and accepts what it accepts without null fields', () => {
    let valid = 0;
    fc.assert(
      fc.property(body.map(plain), (b) => {
        const fast = isValidCreateJob(b);
        if (fast) valid++;
        const hasNull = b !== null && typeof b === 'object' && Object.values(b).includes(null);
        // A null optional field is valid for class-validator (IsOptional) and left to the full path.
        if (hasNull) expect(fast && !accepts(b)).toBe(false);
        else expect(fast).toBe(accepts(b));
      }),
      { numRuns: 3000, seed: 20261205 },
    );
    expect(valid).toBeGreaterThan(100);
  });

  it('accepts the limits and refuses them plus or minus one', () => {
    const job = { type: 'demo.simulate', payload: {} };
    expect(isValidCreateJob(job)).toBe(true);
    expect(isValidCreateJob({ ...job, maxAttempts: JOB_MAX_ATTEMPTS_LIMIT, priority: JOB_PRIORITY_MAX, delayMs: JOB_DELAY_MAX_MS })).toBe(
      true,
    );
    expect(isValidCreateJob({ ...job, maxAttempts: 0 })).toBe(false);
    expect(isValidCreateJob({ ...job, maxAttempts: JOB_MAX_ATTEMPTS_LIMIT + 1 })).toBe(false);
    expect(isValidCreateJob({ ...job, priority: -1 })).toBe(false);
    expect(isValidCreateJob({ ...job, delayMs: JOB_DELAY_MAX_MS + 1 })).toBe(false);
    expect(isValidCreateJob({ ...job, type: 'x'.repeat(65) })).toBe(false);
    expect(isValidCreateJob({ ...job, payload: [] })).toBe(false);
    expect(isValidCreateJob({ ...job, extra: 1 })).toBe(false);
    expect(isValidCreateJob({ ...job, maxAttempts: null })).toBe(false);
  });
});

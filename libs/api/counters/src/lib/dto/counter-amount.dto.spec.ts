// The validation pipe's fast path for counter amounts must accept exactly what class-validator accepts: compared on
// many generated bodies, valid and not.
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { VALIDATION_OPTIONS } from '@pulseboard/api/core';
import { COUNTER_AMOUNT_MAX, CounterAmountDto, isValidCounterAmount } from './counter-amount.dto';

const accepts = (body: unknown) =>
  validateSync(plainToInstance(CounterAmountDto, body ?? {}, VALIDATION_OPTIONS.transformOptions) as object, VALIDATION_OPTIONS).length ===
  0;

const ABSENT = Symbol('absent');
const amount = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>(ABSENT, 1, 2, COUNTER_AMOUNT_MAX, COUNTER_AMOUNT_MAX + 1, 0, -1) },
  { weight: 2, arbitrary: fc.integer({ min: -10, max: COUNTER_AMOUNT_MAX + 10 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 1.5, '1', true, [], {}, Number.NaN, Infinity, 2 ** 53) },
);
const body = fc.oneof(
  { weight: 6, arbitrary: fc.record({ amount, extra: fc.constantFrom<unknown>(ABSENT, ABSENT, ABSENT, 'x') }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>([], [1], 'text', 1) },
);
const plain = (b: unknown) =>
  b !== null && typeof b === 'object' && !Array.isArray(b) ? Object.fromEntries(Object.entries(b).filter(([, v]) => v !== ABSENT)) : b;

describe('the fast check of counter amounts', () => {
  it('accepts exactly what class-validator accepts', () => {
    let valid = 0;
    fc.assert(
      fc.property(body.map(plain), (b) => {
        const fast = isValidCounterAmount(b);
        if (fast) valid++;
        expect(fast).toBe(accepts(b));
      }),
      { numRuns: 2000, seed: 20261205 },
    );
    expect(valid).toBeGreaterThan(100);
  });

  it('accepts no body and refuses the limits plus or minus one', () => {
    expect(isValidCounterAmount({})).toBe(true);
    expect(isValidCounterAmount({ amount: COUNTER_AMOUNT_MAX })).toBe(true);
    expect(isValidCounterAmount({ amount: COUNTER_AMOUNT_MAX + 1 })).toBe(false);
    expect(isValidCounterAmount({ amount: 0 })).toBe(false);
    expect(isValidCounterAmount({ amount: null })).toBe(false);
  });
});

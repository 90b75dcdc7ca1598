// The validation pipe's fast path for events must accept exactly what class-validator accepts (null optional fields
// aside, which it leaves to the full path): compared on many generated bodies, valid and not.
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { EVENT_SEVERITIES } from '@pulseboard/shared/contracts';
import { VALIDATION_OPTIONS } from '@pulseboard/api/core';
import { CreateEventBatchDto, CreateEventDto, isValidEvent, isValidEventBatch } from './create-event.dto';

const accepts = (cls: new () => object, body: unknown) =>
  // As the pipe does: a missing body validates as {}.
  validateSync(plainToInstance(cls, body ?? {}, VALIDATION_OPTIONS.transformOptions) as object, VALIDATION_OPTIONS).length === 0;

const ABSENT = Symbol('absent');
const oddStrings = ['', ' ', 'a', 'x'.repeat(64), 'x'.repeat(65), 'y'.repeat(200), 'y'.repeat(201), '😀'.repeat(40), '😀'.repeat(110)];
const anyValue = fc.oneof(
  fc.constantFrom<unknown>(ABSENT, null, 0, 1.5, true, [], {}, [1], { a: 1 }, ...oddStrings),
  fc.string({ maxLength: 70 }),
);
const field = (...likely: unknown[]) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...likely) }, { weight: 1, arbitrary: anyValue });
const eventBody = fc
  .record({
    type: field('deploy', 'x'.repeat(64), 'x'.repeat(65), ''),
    source: field('ci', 'billing', 'x'.repeat(65), ' '),
    title: field('Deploy api', 'y'.repeat(200), 'y'.repeat(201), '😀'.repeat(100), '😀'.repeat(101)),
    severity: field(ABSENT, ...EVENT_SEVERITIES, 'fatal', 'INFO'),
    payload: field(ABSENT, {}, { a: [1, { b: 2 }] }, [], 'text'),
    occurredAt: field(ABSENT, '2024-01-02T03:04:05.678Z', '2024-01-02', '2024-13-02T00:00:00Z', 'yesterday', '2024-01-02T03:04:05+01:00'),
    extra: field(ABSENT, ABSENT, ABSENT, 'surprise'),
  })
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== ABSENT)));
const hasNullOptional = (b: Record<string, unknown>) => ['severity', 'payload', 'occurredAt'].some((k) => b[k] === null);

describe('the fast check of event bodies', () => {
  it('accepts exactly what class-validator accepts (a null optional field goes the full way)', () => {
    let valid = 0;
    fc.assert(
      fc.property(eventBody, (body) => {
        const full = accepts(CreateEventDto, body);
        const fast = isValidEvent(body);
        if (fast) valid++;
        if (fast) expect(full).toBe(true); // never accepts what the full path refuses
        if (!hasNullOptional(body)) expect(fast).toBe(full);
      }),
      { numRuns: 3000, seed: 20261205 },
    );
    expect(valid).toBeGreaterThan(50); // the generator reaches valid bodies, not only refusals
  });

  it('accepts a batch exactly when class-validator does', () => {
    const batch = fc.oneof(
      fc.record({ events: fc.array(eventBody, { minLength: 0, maxLength: 4 }) }),
      fc.constantFrom<unknown>(
        null,
        [],
        {},
        { events: [] },
        { events: 'x' },
        { events: [{ type: 'a', source: 'b', title: 'c' }], more: 1 },
      ),
    );
    fc.assert(
      fc.property(batch, (body) => {
        const full = accepts(CreateEventBatchDto, body);
        const fast = isValidEventBatch(body);
        if (fast) expect(full).toBe(true);
        const items = (body as { events?: unknown })?.events;
        if (!(Array.isArray(items) && items.some((i) => i && typeof i === 'object' && hasNullOptional(i)))) expect(fast).toBe(full);
      }),
      { numRuns: 1500, seed: 20261205 },
    );
    const big = { events: Array.from({ length: 1001 }, () => ({ type: 'a', source: 'b', title: 'c' })) };
    expect(isValidEventBatch(big)).toBe(false);
    expect(isValidEventBatch({ events: big.events.slice(0, 1000) })).toBe(true);
  });
});

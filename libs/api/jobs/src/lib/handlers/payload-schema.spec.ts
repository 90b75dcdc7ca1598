import { DemoSimulateHandler } from './demo-simulate.handler';
import { compilePayloadSchema } from './payload-schema';

describe('compilePayloadSchema (ajv)', () => {
  const schema = {
    type: 'object',
    additionalProperties: false,
    required: ['n'],
    properties: {
      n: { type: 'integer', minimum: 1, maximum: 3 },
      s: { type: 'string', enum: ['a', 'b'] },
      h: { type: 'object', additionalProperties: { type: 'string' } },
    },
  };

  const validateAgainstSchema = (_s: unknown, value: unknown) => check(value);
  const check = compilePayloadSchema(schema);

  it('accepts a valid value', () => {
    expect(validateAgainstSchema(schema, { n: 2, s: 'a', h: { x: 'y' } })).toEqual([]);
  });

  it('names every problem with its path', () => {
    const errors = validateAgainstSchema(schema, { n: 4, s: 'c', h: { x: 1 }, z: true });
    expect([...errors].sort()).toEqual([
      'payload.h.x must be a string',
      'payload.n must not be greater than 3',
      'payload.s must be one of "a", "b"',
      'payload.z is not allowed',
    ]);
    expect(validateAgainstSchema(schema, {})).toEqual(['payload.n is required']);
    expect(validateAgainstSchema(schema, [])).toEqual(['payload must be an object']);
    expect(validateAgainstSchema(schema, { n: 1.5 })).toEqual(['payload.n must be an integer']);
    expect(validateAgainstSchema(schema, { n: 1, s: 5 })).toEqual(['payload.s must be a string']);
  });

  it('treats __proto__ and constructor as unknown keys like any other', () => {
    expect(check(JSON.parse('{"n": 1, "__proto__": {"polluted": true}}'))).toEqual(['payload.__proto__ is not allowed']);
    expect(check(JSON.parse('{"n": 1, "constructor": {"prototype": {}}}'))).toEqual(['payload.constructor is not allowed']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('DemoSimulateHandler', () => {
  const handler = new DemoSimulateHandler();

  it('fails its first failTimes attempts, then succeeds with the attempt number', async () => {
    const ctx = (attempt: number) => ({ jobId: 'x', attempt, progress: jest.fn(), log: jest.fn() });
    await expect(handler.run({ durationMs: 0, failTimes: 2 }, ctx(2))).rejects.toThrow('Simulated failure on attempt 2 (failTimes=2)');
    await expect(handler.run({ durationMs: 0, failTimes: 2 }, ctx(3))).resolves.toEqual({ attempt: 3, durationMs: 0 });
  });

  it('reports progress up to 100 while it works', async () => {
    const progress = jest.fn();
    await handler.run({ durationMs: 300 }, { jobId: 'x', attempt: 1, progress, log: jest.fn() });
    expect(progress.mock.calls.map((c) => c[0]).at(-1)).toBe(100);
    expect(progress.mock.calls.length).toBeGreaterThan(1);
  });

  it('fails every time with failRate 1', async () => {
    await expect(
      handler.run({ durationMs: 0, failRate: 1 }, { jobId: 'x', attempt: 1, progress: jest.fn(), log: jest.fn() }),
    ).rejects.toThrow(/random failure/);
  });
});

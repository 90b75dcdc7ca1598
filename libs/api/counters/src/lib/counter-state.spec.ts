import {
  boundConflictMessage,
  canTransition,
  CounterSchedule,
  deriveState,
  nextTickAt,
  transitionConflictMessage,
  TRANSITIONS,
} from './counter-state';

const timer = (over: Partial<CounterSchedule> = {}): CounterSchedule => ({
  status: 'running',
  baseValue: 0,
  anchorMs: 10_000,
  step: 1,
  intervalMs: 1000,
  min: null,
  max: 100,
  ...over,
});

describe('counter state machine', () => {
  it.each([
    ['idle', 'start', true],
    ['cancelled', 'start', true],
    ['running', 'start', false],
    ['paused', 'start', false],
    ['finished', 'start', false],
    ['running', 'pause', true],
    ['paused', 'pause', false],
    ['idle', 'pause', false],
    ['paused', 'resume', true],
    ['running', 'resume', false],
    ['running', 'cancel', true],
    ['paused', 'cancel', true],
    ['idle', 'cancel', false],
    ['finished', 'cancel', false],
    ['finished', 'reset', true],
    ['running', 'reset', true],
  ] as const)('from %s, %s is %s', (status, action, allowed) => {
    expect(canTransition(status, action)).toBe(allowed);
  });

  it('leads each action to the contract status', () => {
    expect(Object.fromEntries(Object.entries(TRANSITIONS).map(([a, t]) => [a, t.to]))).toEqual({
      start: 'running',
      pause: 'paused',
      resume: 'running',
      cancel: 'cancelled',
      reset: 'idle',
    });
  });

  it('names the current status in every conflict message', () => {
    expect(transitionConflictMessage('x', 'running', 'start')).toBe("Counter 'x' is running; pause or cancel it first");
    expect(transitionConflictMessage('x', 'finished', 'pause')).toBe("Counter 'x' is finished; reset it first");
    expect(transitionConflictMessage('x', 'idle', 'resume')).toBe("Counter 'x' is idle; only a paused counter can be resumed");
  });

  it('says which bound a change would leave', () => {
    expect(boundConflictMessage('cameras', 0, -1, 0, null)).toBe("Counter 'cameras' would go below its minimum 0; value is 0");
    expect(boundConflictMessage('t', 100, 101, null, 100)).toBe("Counter 't' would go above its maximum 100; value is 100");
  });
});

describe('value derivation', () => {
  it('adds one step per whole interval since the anchor', () => {
    expect(deriveState(timer(), 10_000).value).toBe(0);
    expect(deriveState(timer(), 10_999).value).toBe(0);
    expect(deriveState(timer(), 11_000)).toEqual({ value: 1, status: 'running', ticks: 1, lastTickAt: 11_000 });
    expect(deriveState(timer(), 15_500).value).toBe(5);
  });

  it('finishes exactly on the bound, at the tick that reached it', () => {
    const d = deriveState(timer({ baseValue: 98 }), 10_000 + 60_000);
    expect(d).toEqual({ value: 100, status: 'finished', ticks: 60, lastTickAt: 12_000 });
  });

  it('moves down with a negative step and finishes on min', () => {
    const s = timer({ baseValue: 5, step: -2, min: 0, max: null });
    expect(deriveState(s, 11_000).value).toBe(3);
    expect(deriveState(s, 13_000)).toMatchObject({ value: 0, status: 'finished', lastTickAt: 13_000 });
  });

  it('runs forever without a bound in the step direction', () => {
    expect(deriveState(timer({ max: null, min: 0 }), 10_000 + 1_000_000)).toMatchObject({ value: 1000, status: 'running' });
  });

  it('does not move when not running, and ignores a clock before the anchor', () => {
    expect(deriveState(timer({ status: 'paused', anchorMs: null, baseValue: 7 }), 99_999)).toMatchObject({ value: 7, status: 'paused' });
    expect(deriveState(timer(), 9_000).value).toBe(0);
  });

  it('gives the next tick boundary of a running counter only', () => {
    expect(nextTickAt(timer(), 12_345)).toBe(13_000);
    expect(nextTickAt(timer({ status: 'idle', anchorMs: null }), 12_345)).toBeNull();
  });
});

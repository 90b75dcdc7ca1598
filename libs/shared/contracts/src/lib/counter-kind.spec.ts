import { counterKind } from './counter-kind';

describe('counterKind', () => {
  it('calls a counter ticking up to a max a timer', () => {
    expect(counterKind({ min: null, max: 100, step: 1 })).toBe('timer');
    expect(counterKind({ min: 0, max: 100, step: 5 })).toBe('timer');
  });

  it('calls a counter with a floor and no ceiling a stock, whatever its step', () => {
    expect(counterKind({ min: 0, max: null, step: 1 })).toBe('stock');
    expect(counterKind({ min: 0, max: null, step: -1 })).toBe('stock');
  });

  it('calls anything else a plain counter', () => {
    expect(counterKind({ min: null, max: null, step: 1 })).toBe('counter');
    expect(counterKind({ min: 0, max: 100, step: -1 })).toBe('counter');
    expect(counterKind({ min: null, max: 10, step: -1 })).toBe('counter');
  });
});

import { counterKind } from './counter-kind';

describe('counterKind', () => {
  it('calls a counter ticking up to a max a timer', () => {
    expect(counterKind({ min: null, max: 100, step: 1 })).toBe('timer');
    expect(counterKind({ min: 0, max: 100, step: 5 })).toBe('timer');
  });

  it('calls a counter counting down to a floor without a ceiling a timer', () => {
    expect(counterKind({ min: 0, max: null, step: -1 })).toBe('timer');
  });

  it("calls a counter with a floor, no ceiling and a positive step (the contract's stock) a stock", () => {
    expect(counterKind({ min: 0, max: null, step: 1 })).toBe('stock');
  });

  it('calls anything else a plain counter', () => {
    expect(counterKind({ min: null, max: null, step: 1 })).toBe('counter');
    expect(counterKind({ min: 0, max: 100, step: -1 })).toBe('counter');
    expect(counterKind({ min: null, max: 10, step: -1 })).toBe('counter');
  });
});

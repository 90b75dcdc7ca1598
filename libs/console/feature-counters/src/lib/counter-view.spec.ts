import { counterProgress, lifecycleActions } from './counter-view';

describe('counterProgress', () => {
  it('shows a timer\'s way from initial to max', () => {
    expect(counterProgress({ value: 25, initial: 0, min: null, max: 100, step: 1 })).toBe(0.25);
    expect(counterProgress({ value: 100, initial: 0, min: 0, max: 100, step: 1 })).toBe(1);
  });

  it('shows what is left of a stock (value / initial)', () => {
    expect(counterProgress({ value: 250, initial: 1000, min: 0, max: null, step: 1 })).toBe(0.25);
    expect(counterProgress({ value: 0, initial: 1000, min: 0, max: null, step: 1 })).toBe(0);
  });

  it('has no bar without a meaningful bound', () => {
    expect(counterProgress({ value: 5, initial: 0, min: null, max: null, step: 1 })).toBeNull();
  });
});

describe('lifecycleActions', () => {
  it('offers the transitions the API allows from each status', () => {
    expect(lifecycleActions('idle')).toEqual(['start']);
    expect(lifecycleActions('cancelled')).toEqual(['start']);
    expect(lifecycleActions('running')).toEqual(['pause', 'cancel']);
    expect(lifecycleActions('paused')).toEqual(['resume', 'cancel']);
    expect(lifecycleActions('finished')).toEqual([]);
  });
});

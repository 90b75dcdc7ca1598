import { counterFixture } from '@pulseboard/console/data-access/testing';
import { Counter } from '@pulseboard/shared/contracts';
import { counterButtons, counterProgress, lifecycleActions, restockAmount } from './counter-view';

const counter = counterFixture;
const labels = (c: Counter) => counterButtons(c).map((b) => b.label);

describe('counterProgress', () => {
  it("shows a timer's way from initial to max", () => {
    expect(counterProgress({ value: 25, initial: 0, min: null, max: 100, step: 1 })).toBe(0.25);
    expect(counterProgress({ value: 100, initial: 0, min: 0, max: 100, step: 1 })).toBe(1);
  });

  it("shows a countdown's way from initial down to min", () => {
    expect(counterProgress({ value: 30, initial: 40, min: 0, max: null, step: -1 })).toBe(0.25);
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

describe('counterButtons', () => {
  it('gives a stock sell, restock and reset, and never a tick or start', () => {
    const stock = counter({ name: 'cameras', initial: 1000, value: 990, min: 0 });
    expect(labels(stock)).toEqual(['Sell', 'Restock +100', 'Reset']);
    expect(counterButtons(stock).map((b) => [b.action, b.amount])).toEqual([
      ['decrement', 1],
      ['increment', 100],
      ['reset', undefined],
    ]);
    expect(counterButtons(stock)[0].ariaLabel).toBe('Sell one of cameras');
  });

  it('gives a timer its lifecycle and reset, by status', () => {
    expect(labels(counter({ max: 100 }))).toEqual(['Start', 'Reset']);
    expect(labels(counter({ max: 100, status: 'running' }))).toEqual(['Pause', 'Cancel', 'Reset']);
    expect(labels(counter({ max: 100, status: 'finished' }))).toEqual(['Reset']);
  });

  it('gives any other counter everything', () => {
    expect(labels(counter({ status: 'paused' }))).toEqual(['Resume', 'Cancel', '+1', '−1', 'Reset']);
  });

  it('restocks a tenth of a stock, at least one', () => {
    expect(restockAmount({ initial: 1000, min: 0 })).toBe(100);
    expect(restockAmount({ initial: 3, min: 0 })).toBe(1);
  });
});

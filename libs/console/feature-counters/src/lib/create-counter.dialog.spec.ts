import { FormControl, FormGroup } from '@angular/forms';
import { counterKind } from '@pulseboard/shared/contracts';
import { counterFormValidator, createCounterRequest } from './create-counter.dialog';

const group = (value: Record<string, string>) =>
  new FormGroup(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, new FormControl(v)])));

describe('the new counter dialog', () => {
  it('creates a stock with an initial stock and a floor, and nothing that ticks', () => {
    const body = createCounterRequest({ kind: 'stock', name: ' cameras ', initial: '1000', min: '0' });
    expect(body).toEqual({ name: 'cameras', initial: 1000, min: 0, max: null });
    expect(counterKind({ min: body.min ?? null, max: body.max ?? null, step: body.step ?? 1 })).toBe('stock');
  });

  it('creates a timer from its start to its target with a step and an interval', () => {
    const body = createCounterRequest({ kind: 'timer', name: 'timer', initial: '0', max: '100', step: '2', intervalMs: '500' });
    expect(body).toEqual({ name: 'timer', initial: 0, min: null, max: 100, step: 2, intervalMs: 500 });
    expect(counterKind({ min: body.min ?? null, max: body.max ?? null, step: body.step ?? 1 })).toBe('timer');
  });

  it('asks a timer for a target above its start, and a stock to start at or above its floor', () => {
    expect(counterFormValidator(group({ kind: 'timer', initial: '0', max: '' }))).toEqual({ bounds: 'A timer needs a target (max)' });
    expect(counterFormValidator(group({ kind: 'timer', initial: '5', max: '5' }))).toEqual({
      bounds: 'The target must be above the start',
    });
    expect(counterFormValidator(group({ kind: 'timer', initial: '0', max: '10' }))).toBeNull();
    expect(counterFormValidator(group({ kind: 'stock', initial: '-1', min: '0' }))).toEqual({
      bounds: 'The stock must start at or above its minimum',
    });
    expect(counterFormValidator(group({ kind: 'stock', initial: '3', min: '0' }))).toBeNull();
  });
});

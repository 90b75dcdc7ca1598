import { canTransition, eventMatches, jobActions, lifecycleActions, MinuteWindow } from './rules';

describe('the shared rules', () => {
  it('gives each counter status its lifecycle actions', () => {
    expect(lifecycleActions('idle')).toEqual(['start']);
    expect(lifecycleActions('running')).toEqual(['pause', 'cancel']);
    expect(lifecycleActions('paused')).toEqual(['resume', 'cancel']);
    expect(lifecycleActions('finished')).toEqual([]);
    expect(lifecycleActions('cancelled')).toEqual(['start']);
    expect(canTransition('finished', 'reset')).toBe(true);
    expect(canTransition('finished', 'start')).toBe(false);
  });

  it('gives each job status its actions', () => {
    expect(jobActions('failed')).toEqual(['retry']);
    expect(jobActions('cancelled')).toEqual(['retry']);
    expect(jobActions('pending')).toEqual(['cancel']);
    expect(jobActions('retrying')).toEqual(['cancel']);
    expect(jobActions('active')).toEqual([]);
    expect(jobActions('completed')).toEqual([]);
  });

  it('matches events as the list filters them: exact fields, a title prefix in any case, an inclusive time range', () => {
    const e = { status: 'open', severity: 'error', type: 'deploy', source: 'ci', title: 'Deploy Failed', occurredAtMs: 1_000 };
    expect(eventMatches({}, e)).toBe(true);
    expect(eventMatches({ status: 'open', severity: 'error', type: 'deploy', source: 'ci' }, e)).toBe(true);
    expect(eventMatches({ status: 'completed' }, e)).toBe(false);
    expect(eventMatches({ q: 'deploy f' }, e)).toBe(true);
    expect(eventMatches({ q: 'failed' }, e)).toBe(false);
    expect(eventMatches({ fromMs: 1_000, toMs: 1_000 }, e)).toBe(true);
    expect(eventMatches({ fromMs: 1_001 }, e)).toBe(false);
    expect(eventMatches({ toMs: 999 }, e)).toBe(false);
    expect(eventMatches({ fromMs: null, toMs: null, q: null }, e)).toBe(true);
  });

  it('counts per whole minute over a window that ends with the current minute, zero-filled', () => {
    const end = Date.parse('2026-11-24T12:05:30Z');
    const w = new MinuteWindow(end, 3);
    expect(new Date(w.start).toISOString()).toBe('2026-11-24T12:03:00.000Z');
    w.add(Date.parse('2026-11-24T12:03:59Z'));
    w.add(Date.parse('2026-11-24T12:05:00Z'), 4);
    w.add(Date.parse('2026-11-24T12:02:59Z')); // before the window
    w.add(Date.parse('2026-11-24T12:06:00Z')); // after it
    expect(w.toMinuteCounts()).toEqual([
      { at: '2026-11-24T12:03:00.000Z', count: 1 },
      { at: '2026-11-24T12:04:00.000Z', count: 0 },
      { at: '2026-11-24T12:05:00.000Z', count: 4 },
    ]);
  });
});

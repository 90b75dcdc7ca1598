import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Subject, of, throwError } from 'rxjs';
import { ACTION_ERROR_DURATION_MS, actionTracker } from './action-tracker';

function setup() {
  const open = jest.fn();
  TestBed.configureTestingModule({ providers: [{ provide: MatSnackBar, useValue: { open } }] });
  return { tracker: TestBed.runInInjectionContext(() => actionTracker()), open };
}

describe('ActionTracker', () => {
  it('marks a resource busy while its request runs, and hands over the answer', () => {
    const { tracker } = setup();
    const answer = new Subject<string>();
    const next = jest.fn();
    tracker.run('a', answer, { next });
    expect(tracker.isBusy('a')).toBe(true);
    expect([...tracker.busy()]).toEqual(['a']);
    answer.next('done');
    answer.complete();
    expect(next).toHaveBeenCalledWith('done');
    expect(tracker.isBusy('a')).toBe(false);
  });

  it('stays busy until the last of two requests on the same resource ends', () => {
    const { tracker } = setup();
    const first = new Subject<void>();
    const second = new Subject<void>();
    tracker.run('a', first);
    tracker.run('a', second);
    first.complete();
    expect(tracker.isBusy('a')).toBe(true);
    second.complete();
    expect(tracker.isBusy('a')).toBe(false);
  });

  it('shows the API message of a failure in a snackbar, frees the resource and calls the error hook', () => {
    const { tracker, open } = setup();
    const error = jest.fn();
    const refused = new HttpErrorResponse({
      status: 409,
      error: { statusCode: 409, message: 'Event is already completed', error: 'Conflict' },
    });
    tracker.run(
      'a',
      throwError(() => refused),
      { error },
    );
    expect(open).toHaveBeenCalledWith('Event is already completed.', 'Dismiss', { duration: ACTION_ERROR_DURATION_MS });
    expect(error).toHaveBeenCalledWith(refused);
    expect(tracker.isBusy('a')).toBe(false);
  });

  it('tracks a request without subscribing before the caller does', () => {
    const { tracker } = setup();
    const tracked = tracker.track('x', of(1));
    expect(tracker.isBusy('x')).toBe(false);
    const seen: number[] = [];
    tracked.subscribe((v) => seen.push(v));
    expect(seen).toEqual([1]);
    expect(tracker.isBusy('x')).toBe(false);
  });
});

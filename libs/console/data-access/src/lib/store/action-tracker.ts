import { Signal, computed, inject, signal } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Observable, catchError, finalize, from, map, mergeMap, of, toArray } from 'rxjs';
import { ErrorMessage } from '../http/error-message';

export interface RunOptions<T> {
  /** The answer (e.g. the updated resource, to patch its row). */
  next?: (value: T) => void;
  /** After the error is shown, e.g. reload to show the current state. */
  error?: (error: unknown) => void;
}

/** The outcome of an action on several resources: what succeeded and, for each failure, why. */
export interface BulkOutcome<T, R> {
  done: R[];
  failed: { item: T; error: string }[];
}

/** At most this many requests of a bulk action run at once. */
export const BULK_CONCURRENCY = 4;

/** How long an action's error stays on screen (it also has a Dismiss button). */
export const ACTION_ERROR_DURATION_MS = 6000;

/**
 * The actions of a page on its resources (retry, complete, increment…): which resources have a request in
 * flight (their buttons are disabled) and one way to report a failure (a snackbar with the API's message).
 * Create it in an injection context: `readonly actions = actionTracker();`.
 */
export class ActionTracker {
  private readonly snackBar = inject(MatSnackBar);
  private readonly inFlight = signal<ReadonlyMap<string, number>>(new Map());

  /** Ids of resources with a request in flight. */
  readonly busy: Signal<ReadonlySet<string>> = computed(() => new Set(this.inFlight().keys()));

  isBusy(id: string): boolean {
    return this.inFlight().has(id);
  }

  /** Runs `request` for resource `id`: busy until it ends; a failure is shown in a snackbar. */
  run<T>(id: string, request: Observable<T>, options: RunOptions<T> = {}): void {
    this.track(id, request).subscribe({
      next: (value) => options.next?.(value),
      error: (error: unknown) => {
        this.report(ErrorMessage.from(error));
        options.error?.(error);
      },
    });
  }

  /** `request` marked busy for `id` while it runs, for callers that combine several requests. */
  track<T>(id: string, request: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      this.change(id, +1);
      return request.pipe(finalize(() => this.change(id, -1))).subscribe(subscriber);
    });
  }

  /**
   * Runs `call` for each item (one request each, at most BULK_CONCURRENCY at once, each marked busy), then reports
   * "Retried 3 jobs." or "Retried 2 of 3 jobs; 1 failed: <reasons>" and emits the outcome.
   */
  runEach<T, R>(
    items: readonly T[],
    idOf: (item: T) => string,
    call: (item: T) => Observable<R>,
    words: { verb: string; noun: string },
  ): Observable<BulkOutcome<T, R>> {
    type One = { ok: true; value: R } | { ok: false; item: T; error: string };
    return from(items).pipe(
      mergeMap(
        (item) =>
          this.track(idOf(item), call(item)).pipe(
            map((value): One => ({ ok: true, value })),
            catchError((error: unknown) => of<One>({ ok: false, item, error: ErrorMessage.from(error) })),
          ),
        BULK_CONCURRENCY,
      ),
      toArray(),
      map((outcomes) => {
        const done = outcomes.flatMap((o) => (o.ok ? [o.value] : []));
        const failed = outcomes.flatMap((o) => (o.ok ? [] : [{ item: o.item, error: o.error }]));
        const noun = (n: number) => `${n} ${words.noun}${n === 1 ? '' : 's'}`;
        if (failed.length === 0) this.report(`${words.verb} ${noun(done.length)}.`);
        else
          this.report(
            `${words.verb} ${done.length} of ${noun(outcomes.length)}; ${failed.length} failed: ${[...new Set(failed.map((f) => f.error))].join(' ')}`,
          );
        return { done, failed };
      }),
    );
  }

  /** Shows a message about an action (an error, or the outcome of a bulk action). */
  report(message: string): void {
    this.snackBar.open(message, 'Dismiss', { duration: ACTION_ERROR_DURATION_MS });
  }

  private change(id: string, delta: number): void {
    this.inFlight.update((current) => {
      const next = new Map(current);
      const count = (next.get(id) ?? 0) + delta;
      if (count > 0) next.set(id, count);
      else next.delete(id);
      return next;
    });
  }
}

/** An ActionTracker for the current component or service. Call in an injection context. */
export function actionTracker(): ActionTracker {
  return new ActionTracker();
}

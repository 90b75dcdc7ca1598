import { Signal, computed, inject, signal } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Observable, finalize } from 'rxjs';
import { ErrorMessage } from '../http/error-message';

export interface RunOptions<T> {
  /** The answer (e.g. the updated resource, to patch its row). */
  next?: (value: T) => void;
  /** After the error is shown, e.g. reload to show the current state. */
  error?: (error: unknown) => void;
}

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

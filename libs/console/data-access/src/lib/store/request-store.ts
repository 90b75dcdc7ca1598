import { DestroyRef, Signal, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, Subject, catchError, map, of, switchMap } from 'rxjs';
import { ErrorMessage } from '../http/error-message';

export interface RequestState<T> {
  /** The last successful answer; kept while reloading and after a failed reload. */
  data: T | undefined;
  loading: boolean;
  /** A human message from the last failed request, cleared when the next one starts. */
  error: string | null;
}

type Outcome<T> = { ok: true; data: T } | { ok: false; error: string };

/**
 * Loading / error / data of one kind of request, as signals, so every page shows the same states.
 * Only the newest request can land: starting one drops the answer of any still running (switchMap).
 * Create it in an injection context (a field initializer of a component or service); it stops with its owner.
 */
export class RequestStore<T> {
  private readonly state = signal<RequestState<T>>({ data: undefined, loading: false, error: null });
  private readonly requests = new Subject<Observable<T>>();

  readonly data: Signal<T | undefined> = computed(() => this.state().data);
  readonly loading: Signal<boolean> = computed(() => this.state().loading);
  readonly error: Signal<string | null> = computed(() => this.state().error);
  readonly hasData: Signal<boolean> = computed(() => this.state().data !== undefined);

  constructor(private readonly load?: () => Observable<T>) {
    this.requests
      .pipe(
        switchMap((request) => {
          this.state.update((s) => ({ ...s, loading: true, error: null }));
          return request.pipe(
            map((data): Outcome<T> => ({ ok: true, data })),
            catchError((error: unknown) => of<Outcome<T>>({ ok: false, error: ErrorMessage.from(error) })),
          );
        }),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((outcome) =>
        this.state.update((s) =>
          outcome.ok ? { data: outcome.data, loading: false, error: null } : { ...s, loading: false, error: outcome.error },
        ),
      );
  }

  /** Runs `request`; a request still running is cancelled and its answer dropped. */
  run(request: Observable<T>): void {
    this.requests.next(request);
  }

  /** Runs the loader given to the constructor again. */
  reload(): void {
    if (!this.load) throw new Error('RequestStore.reload() needs a loader; use run(request) instead');
    this.run(this.load());
  }

  /** Replaces the data locally, e.g. with a live update (does nothing before the first answer). */
  update(change: (data: T) => T): void {
    this.state.update((s) => (s.data === undefined ? s : { ...s, data: change(s.data) }));
  }
}

/** A RequestStore that loads at once with `load`; `reload()` runs it again. Call in an injection context. */
export function requestStore<T>(load: () => Observable<T>): RequestStore<T> {
  const store = new RequestStore<T>(load);
  store.reload();
  return store;
}

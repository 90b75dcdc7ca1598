import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Observable } from 'rxjs';
import { CountersApi, ErrorMessage, SocketService, pagedQuery } from '@pulseboard/console/data-access';
import { Counter, CounterAction, CreateCounterRequest } from '@pulseboard/shared/contracts';
import { CounterActionsApi } from './counters-actions.service';

/**
 * State of the counters page: the server-side page (URL query string), live patches from the `counters` topic
 * (never a reload, never a page change; no polling), and the actions, whose errors go to a snackbar.
 */
@Injectable()
export class CountersStore {
  private readonly api = inject(CountersApi);
  private readonly actionsApi = inject(CounterActionsApi);
  private readonly socket = inject(SocketService);
  private readonly snackBar = inject(MatSnackBar);

  readonly list = pagedQuery<Counter, 'status'>({
    filterKeys: ['status'],
    defaultSort: { active: 'createdAt', direction: 'desc' },
    load: (params) => this.api.list(params),
  });
  /** Ids of counters with a request in flight (their buttons are disabled). */
  readonly busy = signal<ReadonlySet<string>>(new Set());

  constructor() {
    const destroyed = inject(DestroyRef);
    this.socket.subscribe(['counters']).pipe(takeUntilDestroyed(destroyed)).subscribe();
    this.socket.on('counter.updated').pipe(takeUntilDestroyed(destroyed)).subscribe((c) => this.applyUpdate(c));
    this.socket.on('counter.deleted').pipe(takeUntilDestroyed(destroyed)).subscribe(({ id }) => this.list.remove(id));
  }

  /** A pushed or answered counter: patches its row (stale versions are dropped); a new counter is counted and shown on page 1. */
  applyUpdate(c: Counter): void {
    if (this.list.patch(c)) return;
    const filter = this.list.query().filters.status;
    const created = c.version === 1 && c.status === 'idle';
    if (created && (!filter || filter === c.status)) this.list.insert(c);
  }

  /** '' or null: all statuses. */
  setStatusFilter(status: string | null): void {
    this.list.setFilters({ status: status || null });
  }

  create(body: CreateCounterRequest): Observable<Counter> {
    return this.actionsApi.create(body);
  }

  act(counter: Counter, action: CounterAction, amount?: number): void {
    this.track(counter.id, this.actionsApi.act(counter.id, action, amount), (c) => this.applyUpdate(c));
  }

  remove(counter: Counter): void {
    this.track(counter.id, this.actionsApi.remove(counter.id), () => {
      this.list.remove(counter.id);
      this.snackBar.open(`Deleted '${counter.name}'`, undefined, { duration: 3000 });
    });
  }

  private track<T>(id: string, request: Observable<T>, done: (value: T) => void): void {
    this.busy.update((s) => new Set([...s, id]));
    const release = () =>
      this.busy.update((s) => {
        const next = new Set(s);
        next.delete(id);
        return next;
      });
    request.subscribe({
      next: (value) => done(value),
      error: (e: unknown) => {
        release();
        this.snackBar.open(ErrorMessage.from(e), 'Dismiss', { duration: 6000 });
      },
      complete: release,
    });
  }
}

import { DestroyRef, Injectable, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable } from 'rxjs';
import { CountersApi, SocketService, actionTracker, pagedQuery } from '@pulseboard/console/data-access';
import { Counter, CounterAction, CreateCounterRequest } from '@pulseboard/shared/contracts';

/**
 * State of the counters page: the server-side page (URL query string), live patches from the `counters` topic
 * (never a reload, never a page change; no polling), and the actions, whose errors go to a snackbar.
 */
@Injectable()
export class CountersStore {
  private readonly api = inject(CountersApi);
  private readonly socket = inject(SocketService);
  /** Which counters have a request in flight (their buttons are disabled); reports failures. */
  readonly actions = actionTracker();

  readonly list = pagedQuery<Counter, 'status'>({
    filterKeys: ['status'],
    defaultSort: { active: 'createdAt', direction: 'desc' },
    load: (params) => this.api.list(params),
  });

  constructor() {
    const destroyed = inject(DestroyRef);
    this.socket.subscribe(['counters']).pipe(takeUntilDestroyed(destroyed)).subscribe();
    this.socket
      .on('counter.updated')
      .pipe(takeUntilDestroyed(destroyed))
      .subscribe((c) => this.applyUpdate(c));
    this.socket
      .on('counter.deleted')
      .pipe(takeUntilDestroyed(destroyed))
      .subscribe(({ id }) => this.list.remove(id));
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
    return this.api.create(body);
  }

  act(counter: Counter, action: CounterAction, amount?: number): void {
    this.actions.run(counter.id, this.api.act(counter.id, action, amount), { next: (c) => this.applyUpdate(c) });
  }

  remove(counter: Counter): void {
    this.actions.run(counter.id, this.api.remove(counter.id), {
      next: () => {
        this.list.remove(counter.id);
        this.actions.report(`Deleted '${counter.name}'`);
      },
    });
  }
}

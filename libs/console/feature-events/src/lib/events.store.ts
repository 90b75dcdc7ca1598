import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatSnackBar } from '@angular/material/snack-bar';
import { interval, startWith, switchMap } from 'rxjs';
import { ErrorMessage, EventsApi, SocketService, pagedQuery } from '@pulseboard/console/data-access';
import { PulseEvent, SimulatorState } from '@pulseboard/shared/contracts';
import { EventActionsApi } from './events-actions.service';

export const EVENT_FILTERS = ['status', 'severity', 'type', 'source', 'q', 'from', 'to'] as const;
export type EventFilterKey = (typeof EVENT_FILTERS)[number];

/**
 * State of the events page: the server-side page (URL query string), live rows from the `events` topic (new rows
 * appear at the top only on page 1 with the default sort and no filter; otherwise they are counted in a
 * "N new events" notice), complete / reopen, and the simulator controls.
 */
@Injectable()
export class EventsStore {
  private readonly api = inject(EventsApi);
  private readonly actions = inject(EventActionsApi);
  private readonly socket = inject(SocketService);
  private readonly snackBar = inject(MatSnackBar);

  readonly list = pagedQuery<PulseEvent, EventFilterKey>({
    filterKeys: EVENT_FILTERS,
    defaultSort: { active: 'occurredAt', direction: 'desc' },
    load: (params) => this.api.list(params),
  });
  readonly pendingNew = signal(0);
  readonly busy = signal<ReadonlySet<string>>(new Set());
  readonly simulator = signal<SimulatorState | null>(null);

  /** Whether new events may be put on screen directly (else they are only counted). */
  readonly liveTop = computed(() => {
    const q = this.list.query();
    const filtered = Object.values(q.filters).some((v) => !!v);
    return q.pageIndex === 0 && q.sortActive === 'occurredAt' && q.sortDirection === 'desc' && !filtered;
  });

  constructor() {
    const destroyed = inject(DestroyRef);
    this.socket.subscribe(['events']).pipe(takeUntilDestroyed(destroyed)).subscribe();
    this.socket.on('event.created').pipe(takeUntilDestroyed(destroyed)).subscribe((e) => this.onCreated(e));
    this.socket.on('event.updated').pipe(takeUntilDestroyed(destroyed)).subscribe((e) => this.list.patch(e));
    interval(2000)
      .pipe(startWith(0), switchMap(() => this.actions.simulator()), takeUntilDestroyed(destroyed))
      .subscribe({ next: (s) => this.simulator.set(s), error: () => undefined });
  }

  private onCreated(e: PulseEvent): void {
    if (this.liveTop()) this.list.insert(e);
    else if (this.matches(e)) this.pendingNew.update((n) => n + 1);
  }

  private matches(e: PulseEvent): boolean {
    const f = this.list.query().filters;
    return (
      (!f.status || f.status === e.status) &&
      (!f.severity || f.severity === e.severity) &&
      (!f.type || f.type === e.type) &&
      (!f.source || f.source === e.source) &&
      (!f.q || e.title.toLowerCase().startsWith(f.q.toLowerCase())) &&
      (!f.from || e.occurredAt >= new Date(f.from).toISOString()) &&
      (!f.to || e.occurredAt <= new Date(f.to).toISOString())
    );
  }

  /** Shows the new events: the first page of the current filters, newest first. */
  showNew(): void {
    this.pendingNew.set(0);
    const q = this.list.query();
    if (q.pageIndex === 0 && q.sortActive === 'occurredAt' && q.sortDirection === 'desc') this.list.reload();
    else this.list.setSort({ active: 'occurredAt', direction: 'desc' });
  }

  setFilter(key: EventFilterKey, value: string | null): void {
    this.pendingNew.set(0);
    this.list.setFilters({ [key]: value || null });
  }

  act(e: PulseEvent, action: 'complete' | 'reopen'): void {
    this.busy.update((s) => new Set([...s, e.id]));
    const release = () =>
      this.busy.update((s) => {
        const next = new Set(s);
        next.delete(e.id);
        return next;
      });
    const call = action === 'complete' ? this.actions.complete(e.id, e.version) : this.actions.reopen(e.id);
    call.subscribe({
      next: (u) => this.list.patch(u),
      error: (err: unknown) => {
        release();
        // A 409 says who changed it (e.g. "completed by simulator at ..."); reload to show the current state.
        this.snackBar.open(ErrorMessage.from(err), 'Dismiss', { duration: 8000 });
        this.list.reload();
      },
      complete: release,
    });
  }

  startSimulator(ratePerSec: number): void {
    this.actions.startSimulator({ ratePerSec }).subscribe({
      next: (s) => this.simulator.set(s),
      error: (err: unknown) => this.snackBar.open(ErrorMessage.from(err), 'Dismiss', { duration: 6000 }),
    });
  }

  stopSimulator(): void {
    this.actions.stopSimulator().subscribe({
      next: (s) => this.simulator.set(s),
      error: (err: unknown) => this.snackBar.open(ErrorMessage.from(err), 'Dismiss', { duration: 6000 }),
    });
  }
}

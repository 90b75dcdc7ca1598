import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { interval, startWith, switchMap } from 'rxjs';
import { EventsApi, SocketService, actionTracker, pagedQuery } from '@pulseboard/console/data-access';
import { EventStatus, eventMatches, PulseEvent, SimulatorState } from '@pulseboard/shared/contracts';

export const EVENT_FILTERS = ['status', 'severity', 'type', 'source', 'q', 'from', 'to'] as const;
export type EventFilterKey = (typeof EVENT_FILTERS)[number];

/**
 * State of the events page: the server-side page (URL query string), live rows from the `events` topic,
 * complete / reopen (one or several), the detail of one event, and the simulator controls.
 *
 * New events appear at the top only on the first page with the default sort and no filter. Anywhere else they
 * never move the rows: the total grows and "N new events" leads to the first page. An event already on screen,
 * already counted, or pushed while the page is loading (the answer holds it, or the next load shows it) is
 * never counted again.
 */
@Injectable()
export class EventsStore {
  private readonly api = inject(EventsApi);
  private readonly socket = inject(SocketService);
  readonly actions = actionTracker();

  readonly list = pagedQuery<PulseEvent, EventFilterKey>({
    filterKeys: EVENT_FILTERS,
    defaultSort: { active: 'occurredAt', direction: 'desc' },
    load: (params) => this.api.list(params),
  });
  /** Ids of matching events created since the page loaded that are not on screen. */
  private readonly newIds = signal<ReadonlySet<string>>(new Set());
  readonly pendingNew = computed(() => this.newIds().size);
  readonly simulator = signal<SimulatorState | null>(null);
  /** Ids of the checked rows (bulk complete). */
  readonly selected = signal<ReadonlySet<string>>(new Set());
  /** The open events among the checked rows on screen. */
  readonly selectedOpen = computed(() => this.list.items().filter((e) => e.status === 'open' && this.selected().has(e.id)));
  /** The event whose detail is shown. */
  private readonly detailId = signal<string | null>(null);
  readonly detail = computed(() => this.list.items().find((e) => e.id === this.detailId()) ?? null);

  /** Whether new events may be put on screen directly (else they are only counted). */
  readonly liveTop = computed(() => {
    const q = this.list.query();
    const filtered = Object.values(q.filters).some((v) => !!v);
    return q.pageIndex === 0 && q.sortActive === 'occurredAt' && q.sortDirection === 'desc' && !filtered;
  });

  constructor() {
    const destroyed = inject(DestroyRef);
    this.socket.subscribe(['events']).pipe(takeUntilDestroyed(destroyed)).subscribe();
    this.socket
      .on('event.created')
      .pipe(takeUntilDestroyed(destroyed))
      .subscribe((e) => this.onCreated(e));
    this.socket
      .on('event.updated')
      .pipe(takeUntilDestroyed(destroyed))
      .subscribe((e) => this.list.patch(e));
    interval(2000)
      .pipe(
        startWith(0),
        switchMap(() => this.api.simulator()),
        takeUntilDestroyed(destroyed),
      )
      .subscribe({ next: (s) => this.simulator.set(s), error: () => undefined });
  }

  private onCreated(e: PulseEvent): void {
    if (this.list.loading() || !this.list.page() || !this.matches(e)) return;
    if (this.liveTop()) {
      this.list.insert(e);
    } else if (!this.newIds().has(e.id) && !this.list.items().some((row) => row.id === e.id)) {
      this.newIds.update((ids) => new Set([...ids, e.id]));
      this.list.count(1);
    }
  }

  /** Whether a new event belongs in the list as filtered (the API's own rule). */
  private matches(e: PulseEvent): boolean {
    const f = this.list.query().filters;
    return eventMatches(
      {
        status: f.status as EventStatus | undefined,
        severity: f.severity,
        type: f.type,
        source: f.source,
        q: f.q,
        fromMs: f.from ? Date.parse(f.from) : null,
        toMs: f.to ? Date.parse(f.to) : null,
      },
      { ...e, occurredAtMs: Date.parse(e.occurredAt) },
    );
  }

  /** Shows the new events: the first page of the current filters, newest first. */
  showNew(): void {
    this.newIds.set(new Set());
    const q = this.list.query();
    if (q.pageIndex === 0 && q.sortActive === 'occurredAt' && q.sortDirection === 'desc') this.list.reload();
    else this.list.setSort({ active: 'occurredAt', direction: 'desc' });
  }

  setPage(change: { pageIndex: number; pageSize: number }): void {
    // The next page's answer counts the new events itself; the checked rows are on the old page.
    this.startOver();
    this.list.setPage(change);
  }

  setSort(change: { active: string; direction: 'asc' | 'desc' | '' }): void {
    this.startOver();
    this.list.setSort(change);
  }

  setFilter(key: EventFilterKey, value: string | null): void {
    this.startOver();
    this.list.setFilters({ [key]: value || null });
  }

  select(ids: ReadonlySet<string>): void {
    this.selected.set(ids);
  }

  clearSelection(): void {
    this.selected.set(new Set());
  }

  showDetail(e: PulseEvent | null): void {
    this.detailId.set(e?.id ?? null);
  }

  act(e: PulseEvent, action: 'complete' | 'reopen'): void {
    const call = action === 'complete' ? this.api.complete(e.id, e.version) : this.api.reopen(e.id);
    this.actions.run(e.id, call, {
      next: (u) => this.list.patch(u),
      // A 409 says who changed it (e.g. "completed by simulator at ..."); reload to show the current state.
      error: () => this.list.reload(),
    });
  }

  /** Completes the checked open events, one request each; reports how many failed and why. */
  completeSelected(): void {
    const events = this.selectedOpen();
    if (events.length === 0) return;
    this.actions
      .runEach(
        events,
        (e) => e.id,
        (e) => this.api.complete(e.id, e.version),
        { verb: 'Completed', noun: 'event' },
      )
      .subscribe(({ done, failed }) => {
        done.forEach((e) => this.list.patch(e));
        // The failed ones stay checked, so the user sees which and can try again.
        this.selected.set(new Set(failed.map((f) => f.item.id)));
        if (failed.length) this.list.reload();
      });
  }

  startSimulator(ratePerSec: number): void {
    this.actions.run('simulator', this.api.startSimulator({ ratePerSec }), { next: (s) => this.simulator.set(s) });
  }

  stopSimulator(): void {
    this.actions.run('simulator', this.api.stopSimulator(), { next: (s) => this.simulator.set(s) });
  }

  private startOver(): void {
    this.newIds.set(new Set());
    this.selected.set(new Set());
  }
}

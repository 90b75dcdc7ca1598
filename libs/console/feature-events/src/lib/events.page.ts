import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBarModule } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { AuthService } from '@pulseboard/console/data-access';
import { DataColumn, LIST_PAGE, ListFilter } from '@pulseboard/console/ui';
import { EVENT_SEVERITIES, EVENT_STATUSES, PulseEvent } from '@pulseboard/shared/contracts';
import { EventDetailComponent } from './event-detail.component';
import { EventFilterKey, EventsStore } from './events.store';

export const TIME_RANGES = [
  { label: 'Any time', minutes: 0 },
  { label: 'Last 15 minutes', minutes: 15 },
  { label: 'Last hour', minutes: 60 },
  { label: 'Last 24 hours', minutes: 1440 },
] as const;

const COLUMNS: DataColumn<PulseEvent>[] = [
  { id: 'severity', header: 'Severity' },
  { id: 'title', header: 'Title', sortable: true },
  { id: 'type', header: 'Type', value: (e) => e.type },
  { id: 'source', header: 'Source', value: (e) => e.source },
  { id: 'status', header: 'Status' },
  { id: 'occurredAt', header: 'Occurred', sortable: true, time: true, value: (e) => e.occurredAt },
];

const FILTERS: ListFilter<EventFilterKey>[] = [
  { key: 'q', label: 'Title starts with', ariaLabel: 'Search titles', wide: true },
  { key: 'status', label: 'Status', options: EVENT_STATUSES },
  { key: 'severity', label: 'Severity', options: EVENT_SEVERITIES },
  { key: 'type', label: 'Type', ariaLabel: 'Type filter' },
  { key: 'source', label: 'Source', ariaLabel: 'Source filter' },
];

/** The event stream: a server-side table with filters in the URL, live rows, actions, a detail and the simulator. */
@Component({
  selector: 'pb-events-page',
  imports: [
    FormsModule,
    RouterLink,
    MatButtonModule,
    MatSelectModule,
    MatFormFieldModule,
    MatInputModule,
    MatSnackBarModule,
    ...LIST_PAGE,
    EventDetailComponent,
  ],
  providers: [EventsStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './events.page.html',
  styleUrl: './events.page.scss',
})
export class EventsPage {
  readonly store = inject(EventsStore);
  private readonly auth = inject(AuthService);
  readonly list = this.store.list;
  readonly filters = FILTERS;
  readonly ranges = TIME_RANGES;
  readonly rate = signal(10);
  readonly canOperate = computed(() => this.auth.user() !== null && this.auth.hasRole('operator'));
  readonly columns = computed(() => (this.canOperate() ? [...COLUMNS, { id: 'actions', header: 'Actions' }] : COLUMNS));
  readonly id = (e: PulseEvent) => e.id;
  readonly label = (e: PulseEvent) => e.title;
  readonly isOpen = (e: PulseEvent) => e.status === 'open';

  setRange(minutes: number): void {
    this.store.setFilter('from', minutes ? new Date(Date.now() - minutes * 60_000).toISOString() : null);
  }

  rangeOf(): number {
    const from = this.list.query().filters.from;
    if (!from) return 0;
    const mins = (Date.now() - Date.parse(from)) / 60_000;
    return TIME_RANGES.find((r) => r.minutes && Math.abs(r.minutes - mins) < r.minutes * 0.5)?.minutes ?? 0;
  }

  setRate(value: number | string): void {
    const n = Number(value);
    if (Number.isFinite(n)) this.rate.set(Math.min(1000, Math.max(0.1, n)));
  }
}

import { ChangeDetectionStrategy, Component, ViewContainerRef, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBarModule } from '@angular/material/snack-bar';
import { AuthService } from '@pulseboard/console/data-access';
import { DataColumn, LIST_PAGE, ListFilter } from '@pulseboard/console/ui';
import { COUNTER_STATUSES, Counter, counterKind } from '@pulseboard/shared/contracts';
import { ConfirmDeleteDialog } from './confirm-delete.dialog';
import { CreateCounterDialog } from './create-counter.dialog';
import { counterButtons, counterProgress, timerTarget } from './counter-view';
import { CountersStore } from './counters.store';

const KIND_LABELS = { timer: 'Timer', stock: 'Stock', counter: 'Counter' } as const;

const COLUMNS: DataColumn<Counter>[] = [
  { id: 'name', header: 'Name', sortable: true, cellClass: 'nowrap', value: (c) => c.name },
  { id: 'kind', header: 'Kind', value: (c) => KIND_LABELS[counterKind(c)] },
  { id: 'value', header: 'Value' },
  { id: 'status', header: 'Status', sortable: true },
  {
    id: 'schedule',
    header: 'Tick',
    cellClass: 'num',
    value: (c) => (counterKind(c) === 'stock' ? '—' : `${c.step > 0 ? '+' : ''}${c.step} / ${c.intervalMs} ms`),
  },
  { id: 'updatedAt', header: 'Updated', sortable: true, time: true, value: (c) => c.updatedAt },
];

/** Timers and stocks: a server-side table kept live by the `counters` socket topic. */
@Component({
  selector: 'pb-counters-page',
  imports: [MatProgressBarModule, MatButtonModule, MatSnackBarModule, ...LIST_PAGE],
  providers: [CountersStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './counters.page.html',
  styleUrl: './counters.page.scss',
})
export class CountersPage {
  readonly store = inject(CountersStore);
  private readonly dialog = inject(MatDialog);
  private readonly auth = inject(AuthService);
  private readonly viewContainerRef = inject(ViewContainerRef);

  readonly list = this.store.list;
  readonly filters: ListFilter<'status'>[] = [{ key: 'status', label: 'Status', options: COUNTER_STATUSES }];
  readonly canOperate = computed(() => this.auth.user() !== null && this.auth.hasRole('operator'));
  readonly columns = computed(() => (this.canOperate() ? [...COLUMNS, { id: 'actions', header: 'Actions' }] : COLUMNS));

  readonly progress = counterProgress;
  readonly buttons = counterButtons;
  readonly kind = counterKind;
  readonly id = (c: Counter) => c.id;
  readonly name = (c: Counter) => c.name;

  openCreate(): void {
    this.dialog
      // The page's view container gives the dialog this page's CountersStore.
      .open(CreateCounterDialog, { width: '520px', viewContainerRef: this.viewContainerRef })
      .afterClosed()
      .subscribe((c?: Counter) => c && this.store.applyUpdate(c));
  }

  confirmDelete(c: Counter): void {
    this.dialog
      .open(ConfirmDeleteDialog, { data: { name: c.name } })
      .afterClosed()
      .subscribe((yes?: boolean) => yes && this.store.remove(c));
  }

  /** The second line under the value: a timer's target, a stock's floor, or the bounds. */
  caption(c: Counter): string {
    switch (counterKind(c)) {
      case 'timer':
        return `${c.step > 0 ? 'up to' : 'down to'} ${timerTarget(c)}`;
      case 'stock':
        return `in stock, min ${c.min}`;
      case 'counter':
        return `[${c.min === null ? '−∞' : c.min}, ${c.max === null ? '+∞' : c.max}]`;
    }
  }
}

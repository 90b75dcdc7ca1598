import { ChangeDetectionStrategy, Component, ViewContainerRef, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBarModule } from '@angular/material/snack-bar';
import { MatSortModule } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { AuthService } from '@pulseboard/console/data-access';
import {
  EmptyStateComponent,
  FilterSelectComponent,
  ListStatusComponent,
  PageHeaderComponent,
  StatusChipComponent,
} from '@pulseboard/console/ui';
import { COUNTER_STATUSES, Counter } from '@pulseboard/shared/contracts';
import { ConfirmDeleteDialog } from './confirm-delete.dialog';
import { CreateCounterDialog } from './create-counter.dialog';
import { LIFECYCLE_LABELS, counterProgress, lifecycleActions } from './counter-view';
import { CountersStore } from './counters.store';

/** Timers and stocks: a server-side table kept live by the `counters` socket topic. */
@Component({
  selector: 'pb-counters-page',
  imports: [
    MatTableModule,
    MatSortModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatButtonModule,
    MatSnackBarModule,
    MatTooltipModule,
    PageHeaderComponent,
    StatusChipComponent,
    EmptyStateComponent,
    FilterSelectComponent,
  ListStatusComponent,
  ],
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
  readonly statuses = COUNTER_STATUSES;
  readonly labels = LIFECYCLE_LABELS;
  readonly canOperate = computed(() => this.auth.user() !== null && this.auth.hasRole('operator'));
  readonly columns = computed(() => ['name', 'value', 'status', 'schedule', 'updatedAt', ...(this.canOperate() ? ['actions'] : [])]);

  readonly progress = counterProgress;
  readonly lifecycle = lifecycleActions;

  openCreate(): void {
    this.dialog
      .open(CreateCounterDialog, // The page's view container gives the dialog this page's CountersStore.
      { width: '520px', viewContainerRef: this.viewContainerRef })
      .afterClosed()
      .subscribe((c?: Counter) => c && this.store.applyUpdate(c));
  }

  confirmDelete(c: Counter): void {
    this.dialog
      .open(ConfirmDeleteDialog, { data: { name: c.name } })
      .afterClosed()
      .subscribe((yes?: boolean) => yes && this.store.remove(c));
  }

  readonly trackById = (_: number, c: Counter) => c.id;

  bound(c: Counter): string {
    const lo = c.min === null ? '−∞' : String(c.min);
    const hi = c.max === null ? '+∞' : String(c.max);
    return `[${lo}, ${hi}]`;
  }
}

import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, ViewContainerRef, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar, MatSnackBarModule } from '@angular/material/snack-bar';
import { MatSortModule } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { AuthService, ErrorMessage } from '@pulseboard/console/data-access';
import {
  EmptyStateComponent,
  FilterSelectComponent,
  ListStatusComponent,
  PageHeaderComponent,
  StatusChipComponent,
} from '@pulseboard/console/ui';
import { JOB_STATUSES, Job } from '@pulseboard/shared/contracts';
import { CreateJobDialog } from './create-job.dialog';
import { JobDetailComponent } from './job-detail.component';
import { clock, jobActions, jobThumb } from './job-view';
import { JobsStore } from './jobs.store';

/** Background jobs: a server-side table kept live by the `jobs` socket topic, a create dialog and a detail panel. */
@Component({
  selector: 'pb-jobs-page',
  imports: [
    MatTableModule,
    MatSortModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatButtonModule,
    MatSnackBarModule,
    PageHeaderComponent,
    StatusChipComponent,
    EmptyStateComponent,
    FilterSelectComponent,
  ListStatusComponent,
    JobDetailComponent,
  ],
  providers: [JobsStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './jobs.page.html',
  styleUrl: './jobs.page.scss',
})
export class JobsPage {
  readonly store = inject(JobsStore);
  private readonly dialog = inject(MatDialog);
  private readonly auth = inject(AuthService);
  private readonly http = inject(HttpClient);
  private readonly snackBar = inject(MatSnackBar);
  private readonly viewContainerRef = inject(ViewContainerRef);

  readonly list = this.store.list;
  readonly statuses = JOB_STATUSES;
  readonly typeNames = computed(() => (this.store.types.data() ?? []).map((t) => t.type));
  readonly canOperate = computed(() => this.auth.user() !== null && this.auth.hasRole('operator'));
  readonly columns = computed(() => ['type', 'status', 'progress', 'attempts', 'createdAt', 'finishedAt', ...(this.canOperate() ? ['actions'] : [])]);

  readonly clock = clock;
  readonly actionsOf = jobActions;
  readonly thumb = jobThumb;
  readonly trackById = (_: number, j: Job) => j.id;

  openCreate(): void {
    this.dialog
      // The page's view container gives the dialog this page's JobsStore.
      .open(CreateJobDialog, { width: '560px', viewContainerRef: this.viewContainerRef })
      .afterClosed()
      .subscribe((job?: Job) => job && this.store.applyUpdate(job));
  }

  /** Downloads an export with the token (a plain link would not carry the Authorization header). */
  download(url: string): void {
    this.http.get(url, { responseType: 'blob', observe: 'response' }).subscribe({
      next: (res) => {
        const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'export';
        const a = document.createElement('a');
        a.href = URL.createObjectURL(res.body as Blob);
        a.download = name;
        a.click();
        setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      },
      error: (e: unknown) => this.snackBar.open(ErrorMessage.from(e), 'Dismiss', { duration: 6000 }),
    });
  }
}

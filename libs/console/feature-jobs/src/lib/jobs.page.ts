import { ChangeDetectionStrategy, Component, ViewContainerRef, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBarModule } from '@angular/material/snack-bar';
import { AuthService, JobsApi } from '@pulseboard/console/data-access';
import { DataColumn, LIST_PAGE, ListFilter } from '@pulseboard/console/ui';
import { JOB_STATUSES, Job } from '@pulseboard/shared/contracts';
import { CreateJobDialog } from './create-job.dialog';
import { JobDetailComponent } from './job-detail.component';
import { jobActions, jobThumb } from './job-view';
import { JobFilterKey, JobsStore } from './jobs.store';

const COLUMNS: DataColumn<Job>[] = [
  { id: 'type', header: 'Type', sortable: true },
  { id: 'status', header: 'Status', sortable: true },
  { id: 'progress', header: 'Progress', sortable: true },
  { id: 'attempts', header: 'Attempts', cellClass: 'num', value: (j) => `${j.attempts}/${j.maxAttempts}` },
  { id: 'createdAt', header: 'Created', sortable: true, time: true, value: (j) => j.createdAt },
  { id: 'finishedAt', header: 'Finished', time: true, value: (j) => j.finishedAt },
];

/** Background jobs: a server-side table kept live by the `jobs` socket topic, a create dialog and a detail panel. */
@Component({
  selector: 'pb-jobs-page',
  imports: [MatProgressBarModule, MatButtonModule, MatSnackBarModule, ...LIST_PAGE, JobDetailComponent],
  providers: [JobsStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './jobs.page.html',
  styleUrl: './jobs.page.scss',
})
export class JobsPage {
  readonly store = inject(JobsStore);
  private readonly dialog = inject(MatDialog);
  private readonly auth = inject(AuthService);
  private readonly api = inject(JobsApi);
  private readonly viewContainerRef = inject(ViewContainerRef);

  readonly list = this.store.list;
  readonly filters = computed<ListFilter<JobFilterKey>[]>(() => [
    { key: 'q', label: 'Search payload and errors', ariaLabel: 'Search job payloads and errors', wide: true },
    { key: 'status', label: 'Status', options: JOB_STATUSES },
    { key: 'type', label: 'Type', options: (this.store.types.data() ?? []).map((t) => t.type) },
  ]);
  readonly canOperate = computed(() => this.auth.user() !== null && this.auth.hasRole('operator'));
  readonly columns = computed(() => (this.canOperate() ? [...COLUMNS, { id: 'actions', header: 'Actions' }] : COLUMNS));

  readonly actionsOf = jobActions;
  readonly thumb = jobThumb;
  readonly id = (j: Job) => j.id;
  readonly label = (j: Job) => `${j.type} ${j.id}`;
  readonly hasAction = (j: Job) => jobActions(j.status).length > 0;
  readonly emptySelection: ReadonlySet<string> = new Set();

  openCreate(): void {
    this.dialog
      // The page's view container gives the dialog this page's JobsStore.
      .open(CreateJobDialog, { width: '560px', viewContainerRef: this.viewContainerRef })
      .afterClosed()
      .subscribe((job?: Job) => job && this.store.applyUpdate(job));
  }

  /** Downloads an export with the token (a plain link would not carry the Authorization header). */
  download(url: string): void {
    this.store.actions.run(url, this.api.download(url), {
      next: (res) => {
        const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'export';
        const a = document.createElement('a');
        a.href = URL.createObjectURL(res.body as Blob);
        a.download = name;
        a.click();
        setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      },
    });
  }
}

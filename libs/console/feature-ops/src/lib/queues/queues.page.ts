import { ChangeDetectionStrategy, Component, DestroyRef, InjectionToken, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Observable, filter, interval } from 'rxjs';
import { AuthService, ErrorMessage, JobsApi, QueuesApi, requestStore } from '@pulseboard/console/data-access';
import { DataColumn, LIST_PAGE } from '@pulseboard/console/ui';
import { QUEUE_CLEAN_STATUSES, QueueCleanStatus, QueueInfo } from '@pulseboard/shared/contracts';
import { BusyKeys } from '../busy-keys';
import { ConfirmDialog, ConfirmData } from '../confirm.dialog';

/** How often the counts refresh by themselves (ms); 0 turns it off (tests). */
export const QUEUES_REFRESH_MS = new InjectionToken<number>('QUEUES_REFRESH_MS', { factory: () => 5000 });

/** The ages a clean can keep: entries younger than this stay. */
export const CLEAN_AGES: readonly { label: string; ms: number }[] = [
  { label: 'any age', ms: 0 },
  { label: '1 hour', ms: 3600_000 },
  { label: '1 day', ms: 24 * 3600_000 },
  { label: '7 days', ms: 7 * 24 * 3600_000 },
];

const count = (state: keyof QueueInfo['counts'], header: string): DataColumn<QueueInfo> => ({
  id: state,
  header,
  cellClass: 'count',
  value: (q) => q.counts[state],
});

const COLUMNS: DataColumn<QueueInfo>[] = [
  { id: 'name', header: 'Queue', cellClass: 'mono', value: (q) => q.name },
  { id: 'state', header: 'State' },
  count('waiting', 'Waiting'),
  count('active', 'Active'),
  count('delayed', 'Delayed'),
  count('completed', 'Completed'),
  count('failed', 'Failed'),
];

/** The pipeline's Bull queues: counts by state, pause / resume, clean, and retry every failed job (operators). */
@Component({
  selector: 'pb-queues-page',
  imports: [MatButtonModule, MatFormFieldModule, MatSelectModule, ...LIST_PAGE],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './queues.page.html',
  styleUrls: ['../ops-page.scss', './queues.page.scss'],
})
export class QueuesPage {
  private readonly api = inject(QueuesApi);
  private readonly jobs = inject(JobsApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);

  readonly queues = requestStore(() => this.api.list());
  readonly canOperate = computed(() => this.auth.hasRole('operator'));
  readonly columns = computed(() => (this.canOperate() ? [...COLUMNS, { id: 'actions', header: 'Actions' }] : COLUMNS));
  readonly cleanStatuses = QUEUE_CLEAN_STATUSES;
  readonly cleanAges = CLEAN_AGES;
  readonly cleanStatus = signal<QueueCleanStatus>('completed');
  readonly cleanAgeMs = signal(CLEAN_AGES[2].ms);
  /** Names of queues with a request in flight, and `*` while retrying all failed jobs. */
  readonly busy = new BusyKeys();

  constructor() {
    const every = inject(QUEUES_REFRESH_MS);
    if (every > 0) {
      interval(every)
        .pipe(
          filter(() => !this.queues.loading() && !document.hidden),
          takeUntilDestroyed(inject(DestroyRef)),
        )
        .subscribe(() => this.queues.reload());
    }
  }

  readonly name = (q: QueueInfo) => q.name;

  togglePause(q: QueueInfo): void {
    const call = q.paused ? this.api.resume(q.name) : this.api.pause(q.name);
    this.run(q.name, call, () => (q.paused ? `Queue ${q.name} resumed` : `Queue ${q.name} paused`));
  }

  clean(q: QueueInfo): void {
    const status = this.cleanStatus();
    const age = CLEAN_AGES.find((a) => a.ms === this.cleanAgeMs())?.label ?? '';
    this.run(
      q.name,
      this.api.clean(q.name, { status, olderThanMs: this.cleanAgeMs() }),
      (r) => `Removed ${r.removed} ${status} ${r.removed === 1 ? 'entry' : 'entries'} older than ${age} from ${q.name}`,
    );
  }

  /** Asks first, naming how many failed jobs there are now; nothing to ask when there are none. */
  retryAllFailed(): void {
    this.busy.set('*', true);
    this.jobs.stats().subscribe({
      next: (stats) => {
        this.busy.set('*', false);
        const n = stats.counts.failed;
        if (n === 0) {
          this.snackBar.open('There are no failed jobs to retry', 'Dismiss', { duration: 4000 });
          return;
        }
        const data: ConfirmData = {
          title: 'Retry failed jobs',
          message: `Retry ${n} failed ${n === 1 ? 'job' : 'jobs'}? ${n === 1 ? 'It goes' : 'They go'} back to pending and run again.`,
          confirm: `Retry ${n}`,
        };
        this.dialog
          .open(ConfirmDialog, { data, width: '420px' })
          .afterClosed()
          .subscribe(
            (ok?: boolean) =>
              ok && this.run('*', this.api.retryFailed(), (r) => `Retried ${r.retried} ${r.retried === 1 ? 'job' : 'jobs'}`),
          );
      },
      error: (e: unknown) => {
        this.busy.set('*', false);
        this.snackBar.open(ErrorMessage.from(e), 'Dismiss', { duration: 6000 });
      },
    });
  }

  private run<T>(key: string, call: Observable<T>, done: (result: T) => string): void {
    this.busy.set(key, true);
    call.subscribe({
      next: (result) => {
        this.snackBar.open(done(result), 'Dismiss', { duration: 4000 });
        this.busy.set(key, false);
        this.queues.reload();
      },
      error: (e: unknown) => {
        this.busy.set(key, false);
        this.snackBar.open(ErrorMessage.from(e), 'Dismiss', { duration: 6000 });
        this.queues.reload();
      },
    });
  }
}

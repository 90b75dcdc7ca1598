import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Observable } from 'rxjs';
import { ErrorMessage, JobsApi, SocketService, pagedQuery, requestStore } from '@pulseboard/console/data-access';
import { CreateJobRequest, Job, JobStatus } from '@pulseboard/shared/contracts';
import { JobActionsApi } from './jobs-actions.service';

/**
 * State of the jobs page: the server-side page (URL query string), live patches from the `jobs` topic (no polling,
 * never a page change), the job types, the selected job of the detail panel, and the retry / cancel actions.
 */
@Injectable()
export class JobsStore {
  private readonly api = inject(JobsApi);
  private readonly actionsApi = inject(JobActionsApi);
  private readonly socket = inject(SocketService);
  private readonly snackBar = inject(MatSnackBar);

  readonly list = pagedQuery<Job, 'status' | 'type'>({
    filterKeys: ['status', 'type'],
    defaultSort: { active: 'createdAt', direction: 'desc' },
    load: (params) => this.api.list(params),
  });
  readonly types = requestStore(() => this.actionsApi.types());
  /** Ids of jobs with a request in flight (their buttons are disabled). */
  readonly busy = signal<ReadonlySet<string>>(new Set());
  private readonly selectedState = signal<Job | null>(null);
  readonly selected = this.selectedState.asReadonly();
  readonly selectedId = computed(() => this.selectedState()?.id ?? null);

  constructor() {
    const destroyed = inject(DestroyRef);
    this.socket.subscribe(['jobs']).pipe(takeUntilDestroyed(destroyed)).subscribe();
    this.socket.on('job.updated').pipe(takeUntilDestroyed(destroyed)).subscribe((j) => this.applyUpdate(j));
  }

  /** A pushed or answered job: patches its row and the detail panel; a new job is counted and shown on page 1. */
  applyUpdate(job: Job): void {
    const current = this.selectedState();
    if (current?.id === job.id && job.updatedAt >= current.updatedAt) this.selectedState.set(job);
    if (this.list.patch(job)) return;
    const { status, type } = this.list.query().filters;
    const created = job.status === 'pending' && job.attempts === 0 && job.createdAt === job.updatedAt;
    if (created && (!status || status === job.status) && (!type || type === job.type)) this.list.insert(job);
  }

  select(job: Job | null): void {
    this.selectedState.set(job);
  }

  setFilter(key: 'status' | 'type', value: JobStatus | string | null): void {
    this.list.setFilters({ [key]: value || null });
  }

  create(body: CreateJobRequest): Observable<Job> {
    return this.actionsApi.create(body);
  }

  act(job: Job, action: 'retry' | 'cancel'): void {
    this.busy.update((s) => new Set([...s, job.id]));
    const release = () =>
      this.busy.update((s) => {
        const next = new Set(s);
        next.delete(job.id);
        return next;
      });
    this.actionsApi.act(job.id, action).subscribe({
      next: (j) => this.applyUpdate(j),
      error: (e: unknown) => {
        release();
        this.snackBar.open(ErrorMessage.from(e), 'Dismiss', { duration: 6000 });
      },
      complete: release,
    });
  }
}

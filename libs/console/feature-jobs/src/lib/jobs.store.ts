import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { Observable, catchError, distinctUntilChanged, map, of, switchMap } from 'rxjs';
import { ErrorMessage, JobsApi, SocketService, actionTracker, pagedQuery, requestStore } from '@pulseboard/console/data-access';
import { CreateJobRequest, Job, JobStatus } from '@pulseboard/shared/contracts';

/** The query parameter holding the id of the job whose detail is open (`/jobs?job=<id>`). */
export const SELECTED_JOB_PARAM = 'job';

/**
 * State of the jobs page: the server-side page (URL query string), live patches from the `jobs` topic (no polling,
 * never a page change), the job types, the selected job of the detail panel (in the URL, so a reload or a shared
 * link opens it again), and the retry / cancel actions.
 */
@Injectable()
export class JobsStore {
  private readonly api = inject(JobsApi);
  private readonly socket = inject(SocketService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  readonly actions = actionTracker();

  readonly list = pagedQuery<Job, 'status' | 'type'>({
    filterKeys: ['status', 'type'],
    defaultSort: { active: 'createdAt', direction: 'desc' },
    load: (params) => this.api.list(params),
  });
  readonly types = requestStore(() => this.api.types());

  private readonly selectedId$ = this.route.queryParamMap.pipe(
    map((params) => params.get(SELECTED_JOB_PARAM)),
    distinctUntilChanged(),
  );
  readonly selectedId = toSignal(this.selectedId$, { requireSync: true });
  /** The selected job as fetched on its own (it may be on another page, or the page is still loading). */
  private readonly fetched = signal<Job | null>(null);
  /** The selected job: its row, or the fetched copy, whichever is newer. */
  readonly selected = computed(() => {
    const id = this.selectedId();
    if (!id) return null;
    const row = this.list.items().find((j) => j.id === id);
    const fetched = this.fetched()?.id === id ? this.fetched() : null;
    if (row && fetched) return fetched.updatedAt > row.updatedAt ? fetched : row;
    return row ?? fetched;
  });

  constructor() {
    const destroyed = inject(DestroyRef);
    this.socket.subscribe(['jobs']).pipe(takeUntilDestroyed(destroyed)).subscribe();
    this.socket.on('job.updated').pipe(takeUntilDestroyed(destroyed)).subscribe((j) => this.applyUpdate(j));
    this.selectedId$
      .pipe(
        switchMap((id) => (id && !this.list.items().some((j) => j.id === id) ? this.fetch(id) : of(null))),
        takeUntilDestroyed(destroyed),
      )
      .subscribe((job) => this.fetched.set(job));
  }

  /** A pushed or answered job: patches its row and the detail panel; a new job is counted and shown on page 1. */
  applyUpdate(job: Job): void {
    const fetched = this.fetched();
    if (fetched?.id === job.id && job.updatedAt >= fetched.updatedAt) this.fetched.set(job);
    if (this.list.patch(job)) return;
    const { status, type } = this.list.query().filters;
    const created = job.status === 'pending' && job.attempts === 0 && job.createdAt === job.updatedAt;
    if (created && (!status || status === job.status) && (!type || type === job.type)) this.list.insert(job);
  }

  /** Opens the detail of `job` (or closes it), through the URL. */
  select(job: Job | null): void {
    if (job) this.fetched.set(job);
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { [SELECTED_JOB_PARAM]: job?.id ?? null },
      queryParamsHandling: 'merge',
    });
  }

  setFilter(key: 'status' | 'type', value: JobStatus | string | null): void {
    this.list.setFilters({ [key]: value || null });
  }

  create(body: CreateJobRequest): Observable<Job> {
    return this.api.create(body);
  }

  act(job: Job, action: 'retry' | 'cancel'): void {
    this.actions.run(job.id, this.api.act(job.id, action), { next: (j) => this.applyUpdate(j) });
  }

  private fetch(id: string): Observable<Job | null> {
    return this.api.get(id).pipe(
      catchError((error: unknown) => {
        this.actions.report(`Cannot show job ${id}: ${ErrorMessage.from(error)}`);
        return of(null);
      }),
    );
  }
}

import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { Observable, asyncScheduler, catchError, distinctUntilChanged, filter, map, of, switchMap, throttleTime } from 'rxjs';
import { ErrorMessage, JobsApi, SocketService, actionTracker, pagedQuery, requestStore } from '@pulseboard/console/data-access';
import { CreateJobRequest, Job, JobDetail, JobStatus } from '@pulseboard/shared/contracts';
import { jobActions } from './job-view';

export const JOB_FILTERS = ['status', 'type', 'q'] as const;
/** The detail panel's attempts and log are fetched again at most this often while the job changes. */
export const DETAIL_REFRESH_MS = 500;
export type JobFilterKey = (typeof JOB_FILTERS)[number];

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

  readonly list = pagedQuery<Job, JobFilterKey>({
    filterKeys: JOB_FILTERS,
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

  /** Ids of the checked rows (bulk retry / cancel). */
  readonly checked = signal<ReadonlySet<string>>(new Set());
  /** The checked jobs on screen that each action applies to. */
  readonly checkedFor = computed(() => {
    const rows = this.list.items().filter((j) => this.checked().has(j.id));
    return {
      retry: rows.filter((j) => jobActions(j.status).includes('retry')),
      cancel: rows.filter((j) => jobActions(j.status).includes('cancel')),
    };
  });
  /** The selected job's attempts and log lines. */
  readonly detail = signal<JobDetail | null>(null);

  constructor() {
    const destroyed = inject(DestroyRef);
    // The detail at once when a job is selected, then again (at most every 500 ms) while it changes.
    const selectedKey$ = toObservable(
      computed(() => {
        const id = this.selectedId();
        return id ? { id, updatedAt: this.selected()?.updatedAt ?? null } : null;
      }),
    );
    selectedKey$
      .pipe(
        map((k) => k?.id ?? null),
        distinctUntilChanged(),
        switchMap((id) =>
          id
            ? selectedKey$.pipe(
                filter((k) => k?.id === id),
                distinctUntilChanged((a, b) => a?.updatedAt === b?.updatedAt),
                throttleTime(DETAIL_REFRESH_MS, asyncScheduler, { leading: true, trailing: true }),
                switchMap(() => this.fetch(id)),
              )
            : of(null),
        ),
        takeUntilDestroyed(destroyed),
      )
      .subscribe((d) => {
        this.detail.set(d);
        if (!d) return;
        const { history: _history, logs: _logs, ...job } = d;
        const f = this.fetched();
        if (!f || f.id !== job.id || job.updatedAt >= f.updatedAt) this.fetched.set(job);
        this.list.patch(job);
      });
    this.socket.subscribe(['jobs']).pipe(takeUntilDestroyed(destroyed)).subscribe();
    this.socket
      .on('job.updated')
      .pipe(takeUntilDestroyed(destroyed))
      .subscribe((j) => this.applyUpdate(j));
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

  setFilter(key: JobFilterKey, value: JobStatus | string | null): void {
    this.checked.set(new Set());
    this.list.setFilters({ [key]: value?.trim() || null });
  }

  /** Retries or cancels every checked job that allows it, one request each; reports what failed and why. */
  actOnChecked(action: 'retry' | 'cancel'): void {
    const jobs = this.checkedFor()[action];
    if (jobs.length === 0) return;
    this.actions
      .runEach(
        jobs,
        (j) => j.id,
        (j) => this.api.act(j.id, action),
        { verb: action === 'retry' ? 'Retried' : 'Cancelled', noun: 'job' },
      )
      .subscribe(({ done, failed }) => {
        done.forEach((j) => this.applyUpdate(j));
        this.checked.set(new Set(failed.map((f) => f.item.id)));
        if (failed.length) this.list.reload();
      });
  }

  create(body: CreateJobRequest): Observable<Job> {
    return this.api.create(body);
  }

  act(job: Job, action: 'retry' | 'cancel'): void {
    this.actions.run(job.id, this.api.act(job.id, action), { next: (j) => this.applyUpdate(j) });
  }

  private fetch(id: string): Observable<JobDetail | null> {
    return this.api.get(id).pipe(
      catchError((error: unknown) => {
        this.actions.report(`Cannot show job ${id}: ${ErrorMessage.from(error)}`);
        return of(null);
      }),
    );
  }
}

import { HttpParams } from '@angular/common/http';
import { Signal, computed, inject } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { Observable, Subject, distinctUntilChanged, map, merge, shareReplay } from 'rxjs';
import { Page } from '@pulseboard/shared/contracts';
import { RequestStore } from './request-store';
import {
  TableQuery,
  TableQueryConfig,
  TableSortDirection,
  readTableQuery,
  sameTableQuery,
  tableQueryHttpParams,
  tableQueryParams,
} from './page-query';

export interface PagedQueryOptions<T, F extends string> extends TableQueryConfig<F> {
  /** The list request for one query; `params` are ready for HttpClient. */
  load: (params: HttpParams, query: TableQuery<F>) => Observable<Page<T>>;
}

/** What MatPaginator's `(page)` emits (structurally, so this lib needs no Material import). */
export interface PageChange {
  pageIndex: number;
  pageSize: number;
}

/** What MatSort's `(matSortChange)` emits. */
export interface SortChange {
  active: string;
  direction: TableSortDirection;
}

interface Versioned {
  id: string;
  version?: number;
  updatedAt?: string;
}

/**
 * A server-side paginated, sorted and filtered list whose state lives in the URL query string, after Angular
 * Material's `table-http` example. The URL is the one stream that page, sort and filter changes merge into;
 * each change (or `reload()`) becomes one request, and a newer one cancels an older one (switchMap), so a stale
 * answer never lands. Changing the sort or a filter goes back to the first page.
 *
 * ```html
 * <table mat-table [dataSource]="list.items()" matSort [matSortActive]="list.query().sortActive"
 *        [matSortDirection]="list.query().sortDirection" (matSortChange)="list.setSort($event)"> ... </table>
 * <mat-paginator [length]="list.total()" [pageIndex]="list.query().pageIndex" [pageSize]="list.query().pageSize"
 *                (page)="list.setPage($event)" />
 * ```
 * Live updates go through `patch` / `insert` / `remove`: they change the rows and the total on screen and never
 * move the user to another page.
 */
export class PagedQueryStore<T extends Versioned, F extends string = string> {
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly request = new RequestStore<Page<T>>();
  private readonly reloads = new Subject<void>();

  private readonly query$: Observable<TableQuery<F>>;
  readonly query: Signal<TableQuery<F>>;
  readonly page: Signal<Page<T> | undefined> = this.request.data;
  readonly items: Signal<T[]> = computed(() => this.request.data()?.items ?? []);
  readonly total: Signal<number> = computed(() => this.request.data()?.total ?? 0);
  readonly loading: Signal<boolean> = this.request.loading;
  readonly error: Signal<string | null> = this.request.error;
  /** Loaded without error and without rows: the page's empty state. */
  readonly empty: Signal<boolean> = computed(() => !this.loading() && !this.error() && this.items().length === 0);

  constructor(private readonly options: PagedQueryOptions<T, F>) {
    this.query$ = this.route.queryParamMap.pipe(
      map((params) => readTableQuery(params, options)),
      distinctUntilChanged(sameTableQuery),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
    this.query = toSignal(this.query$, { requireSync: true });

    merge(this.query$, this.reloads.pipe(map(() => this.query())))
      .pipe(takeUntilDestroyed())
      .subscribe((query) => this.request.run(options.load(tableQueryHttpParams(query), query)));
  }

  setPage(change: PageChange): void {
    this.navigate({ ...this.query(), pageIndex: change.pageIndex, pageSize: change.pageSize });
  }

  setSort(change: SortChange): void {
    this.navigate({ ...this.query(), pageIndex: 0, sortActive: change.active, sortDirection: change.direction });
  }

  /** Sets (or with '' / null clears) filters, keeping the others, and goes back to the first page. */
  setFilters(changes: Partial<Record<F, string | null>>): void {
    const filters: Partial<Record<F, string>> = { ...this.query().filters };
    for (const key of Object.keys(changes) as F[]) {
      const value = changes[key];
      if (value) filters[key] = value;
      else delete filters[key];
    }
    this.navigate({ ...this.query(), pageIndex: 0, filters });
  }

  /** Loads the current page again. */
  reload(): void {
    this.reloads.next();
  }

  /** Replaces the row with the same id by `item` unless the row is newer. Returns whether a row was on screen. */
  patch(item: T): boolean {
    let found = false;
    this.request.update((page) => {
      const index = page.items.findIndex((row) => row.id === item.id);
      if (index < 0) return page;
      found = true;
      if (!isNewer(item, page.items[index])) return page;
      const items = [...page.items];
      items[index] = item;
      return { ...page, items };
    });
    return found;
  }

  /** Adds a new item at the top when the user is on the first page (trimmed to the page size); counts it either way. */
  insert(item: T): void {
    this.request.update((page) => {
      if (page.items.some((row) => row.id === item.id)) return page;
      const onFirstPage = this.query().pageIndex === 0;
      const items = onFirstPage ? [item, ...page.items].slice(0, page.pageSize) : page.items;
      return { ...page, items, total: page.total + 1 };
    });
  }

  /** Changes the total without touching the rows, e.g. for items created on another page. */
  count(delta: number): void {
    this.request.update((page) => ({ ...page, total: Math.max(0, page.total + delta) }));
  }

  /** Removes a deleted item from the rows on screen and from the total. */
  remove(id: string): void {
    this.request.update((page) =>
      page.items.some((row) => row.id === id)
        ? { ...page, items: page.items.filter((row) => row.id !== id), total: Math.max(0, page.total - 1) }
        : page,
    );
  }

  private navigate(query: TableQuery<F>): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: tableQueryParams(query, this.options),
      queryParamsHandling: 'merge',
    });
  }
}

/** A PagedQueryStore bound to the current route. Call in an injection context (a page's field initializer). */
export function pagedQuery<T extends Versioned, F extends string = string>(options: PagedQueryOptions<T, F>): PagedQueryStore<T, F> {
  return new PagedQueryStore<T, F>(options);
}

/** Whether `incoming` is at least as new as `current` (by `version`, else `updatedAt`); unknown counts as newer. */
export function isNewer(incoming: Versioned, current: Versioned): boolean {
  if (typeof incoming.version === 'number' && typeof current.version === 'number') {
    return incoming.version >= current.version;
  }
  if (incoming.updatedAt && current.updatedAt) return incoming.updatedAt >= current.updatedAt;
  return true;
}

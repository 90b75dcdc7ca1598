import { HttpParams } from '@angular/common/http';
import { ParamMap, Params } from '@angular/router';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from '@pulseboard/shared/contracts';

/** Same values as Angular Material's `SortDirection`; '' means the server's default order. */
export type TableSortDirection = 'asc' | 'desc' | '';

/**
 * A server-side table query as the Material table needs it (0-based page index, sort field + direction).
 * In the URL and on the wire it uses the API's own names: `page` (1-based), `pageSize`, `sort` (`-field`
 * for descending) and one parameter per filter, so a table's URL can be shared and read like the API call.
 */
export interface TableQuery<F extends string = string> {
  pageIndex: number;
  pageSize: number;
  sortActive: string;
  sortDirection: TableSortDirection;
  filters: Partial<Record<F, string>>;
}

export interface TableQueryConfig<F extends string = string> {
  /** Default 20 (the API's default). */
  pageSize?: number;
  /** The sort when the URL has none, e.g. `{ active: 'createdAt', direction: 'desc' }`. */
  defaultSort?: { active: string; direction: Exclude<TableSortDirection, ''> };
  /** Query parameters, besides page/pageSize/sort, that filter the list (e.g. `['status', 'type']`). */
  filterKeys?: readonly F[];
}

/** Reads a table query from URL query parameters, ignoring malformed values. */
export function readTableQuery<F extends string>(params: ParamMap, config: TableQueryConfig<F> = {}): TableQuery<F> {
  const defaultPageSize = config.pageSize ?? PAGE_SIZE_DEFAULT;
  const page = positiveInt(params.get('page')) ?? 1;
  const pageSize = Math.min(positiveInt(params.get('pageSize')) ?? defaultPageSize, PAGE_SIZE_MAX);
  const sort = parseSort(params.get('sort')) ?? {
    active: config.defaultSort?.active ?? '',
    direction: config.defaultSort?.direction ?? '',
  };
  const filters: Partial<Record<F, string>> = {};
  for (const key of config.filterKeys ?? []) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return { pageIndex: page - 1, pageSize, sortActive: sort.active, sortDirection: sort.direction, filters };
}

/** The `sort` parameter of a query: `field`, `-field`, or undefined for the server's default. */
export function sortParam(query: Pick<TableQuery, 'sortActive' | 'sortDirection'>): string | undefined {
  if (!query.sortActive || !query.sortDirection) return undefined;
  return query.sortDirection === 'desc' ? `-${query.sortActive}` : query.sortActive;
}

/**
 * URL query parameters for `query`, for `router.navigate([], { queryParams, queryParamsHandling: 'merge' })`.
 * Values equal to the defaults are `null`, which removes them, so the default view has a clean URL.
 */
export function tableQueryParams<F extends string>(query: TableQuery<F>, config: TableQueryConfig<F> = {}): Params {
  const defaultSort = config.defaultSort ? `${config.defaultSort.direction === 'desc' ? '-' : ''}${config.defaultSort.active}` : undefined;
  const sort = sortParam(query);
  const params: Params = {
    page: query.pageIndex > 0 ? query.pageIndex + 1 : null,
    pageSize: query.pageSize !== (config.pageSize ?? PAGE_SIZE_DEFAULT) ? query.pageSize : null,
    // An explicit "no sort" while a default exists must stay in the URL, or the default comes back.
    sort: sort === defaultSort ? null : (sort ?? (defaultSort ? '' : null)),
  };
  for (const key of config.filterKeys ?? []) params[key] = query.filters[key] || null;
  return params;
}

/** HttpParams for the API's list endpoints (`page` is 1-based there). */
export function tableQueryHttpParams(query: TableQuery): HttpParams {
  let params = new HttpParams().set('page', query.pageIndex + 1).set('pageSize', query.pageSize);
  const sort = sortParam(query);
  if (sort) params = params.set('sort', sort);
  for (const [key, value] of Object.entries(query.filters)) {
    if (typeof value === 'string' && value !== '') params = params.set(key, value);
  }
  return params;
}

export function sameTableQuery(a: TableQuery, b: TableQuery): boolean {
  if (a.pageIndex !== b.pageIndex || a.pageSize !== b.pageSize || a.sortActive !== b.sortActive || a.sortDirection !== b.sortDirection) {
    return false;
  }
  const keys = new Set([...Object.keys(a.filters), ...Object.keys(b.filters)]);
  return [...keys].every((key) => (a.filters as Record<string, unknown>)[key] === (b.filters as Record<string, unknown>)[key]);
}

function positiveInt(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 ? n : undefined;
}

function parseSort(value: string | null): { active: string; direction: TableSortDirection } | undefined {
  if (value === null) return undefined;
  if (value === '') return { active: '', direction: '' };
  const desc = value.startsWith('-');
  const active = desc ? value.slice(1) : value;
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(active) ? { active, direction: desc ? 'desc' : 'asc' } : undefined;
}

/** ISO-8601 time string in UTC. */
export type IsoDateString = string;

/** The one list shape of every paginated endpoint. `page` is null when a cursor was used. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number | null;
  pageSize: number;
  nextCursor: string | null;
}

/** Query shared by every list endpoint. `sort` is a field name, `-` prefix for descending. */
export interface PageQuery {
  page?: number;
  pageSize?: number;
  sort?: string;
  cursor?: string;
}

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;

/** Nest's standard error body. */
export interface ErrorBody {
  statusCode: number;
  message: string | string[];
  error: string;
}

/** A `{ at, count }` bucket of a per-minute series. */
export interface MinuteCount {
  at: IsoDateString;
  count: number;
}

/**
 * Sent back on every HTTP answer: the request's own `X-Request-Id` when it is 1-128 characters of letters, digits
 * and `_ . : @ / -`, else a UUID the server assigned. Log lines of the request carry it as `reqId`.
 */
export const REQUEST_ID_HEADER = 'X-Request-Id';

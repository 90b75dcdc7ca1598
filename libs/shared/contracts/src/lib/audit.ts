// The audit trail: one entry per state-changing request (refused ones included). Admin only.
import type { IsoDateString, PageQuery } from './common';

export interface AuditActor {
  id: string;
  username: string;
}

export interface AuditEntry {
  id: string;
  at: IsoDateString;
  /** Null when the request carried no valid token (a failed login, a 401). */
  actor: AuditActor | null;
  /** `<resourceType>.<verb>`, e.g. `counters.decrement`, `counters.create`, `users.update`, `auth.login`. */
  action: string;
  /** The first path segment after `/api`, e.g. `counters`, `queues`, `auth`. */
  resourceType: string;
  /** The route's `:id` / `:name` parameter; for `auth.login` the username tried. */
  resourceId: string | null;
  /** The HTTP status of the answer. */
  status: number;
  /** The client address (X-Forwarded-For honoured only from trusted proxies). */
  ip: string;
  /** The request's `X-Request-Id`. */
  requestId: string;
  /** Addition: the HTTP method and the path without the query string. */
  method: string;
  path: string;
}

export interface AuditQuery extends PageQuery {
  /** A username or a user id. */
  actor?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  /** Inclusive lower bound of `at`. */
  from?: IsoDateString;
  /** Exclusive upper bound of `at`. */
  to?: IsoDateString;
}

export const AUDIT_RETENTION_DAYS_DEFAULT = 90;

/** The verb of a route without an action segment. */
const VERB_OF_METHOD: Record<string, string> = { POST: 'create', PUT: 'replace', PATCH: 'update', DELETE: 'delete' };

/**
 * Action and resource of a request path under `/api` (a route pattern like `/api/counters/:id/decrement`, or a raw
 * path when no route matched): `counters.decrement` on `counters` `<id>`.
 */
export function auditActionOf(
  method: string,
  routePath: string,
  params: Record<string, string | undefined> = {},
): { action: string; resourceType: string; resourceId: string | null } {
  const segments = routePath
    .split('?')[0]
    .split('/')
    .filter((s) => s !== '');
  if (segments[0] === 'api') segments.shift();
  const resourceType = segments[0] ?? '';
  const rest = segments.slice(1);
  const param = rest.find((s) => s.startsWith(':'));
  const resourceId = param ? (params[param.slice(1)] ?? null) : null;
  const verbs = rest.filter((s) => !s.startsWith(':'));
  const verb = verbs.length ? verbs.join('.') : (VERB_OF_METHOD[method.toUpperCase()] ?? method.toLowerCase());
  return { action: resourceType ? `${resourceType}.${verb}` : verb, resourceType, resourceId };
}

// What the audit trail records of one finished request: never the body (it may hold passwords or secrets).
import type { Response } from 'express';
import type { AuthUser, RequestWithId } from '@pulseboard/api/core';
import { auditActionOf, type AuditEntry } from '@pulseboard/shared/contracts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const LOGIN_ACTION = 'auth.login';

/** An entry before it is stored: no id yet, its time as a Date. */
export interface AuditRecord extends Omit<AuditEntry, 'id' | 'at'> {
  at: Date;
  /** For `auth.login`: the username tried (the actor of a successful login is looked up by it). */
  loginUsername?: string;
}

type FinishedRequest = RequestWithId & { user?: AuthUser; route?: { path?: unknown } };

const clip = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

/** The record of a state-changing request under `/api`, or null for reads and everything else. */
export function auditRecordOf(req: FinishedRequest, res: Pick<Response, 'statusCode'>, now = new Date()): AuditRecord | null {
  if (READS.has(req.method)) return null;
  const path = (req.originalUrl ?? req.url).split('?')[0];
  if (path !== '/api' && !path.startsWith('/api/')) return null;
  // The route pattern (e.g. /api/counters/:id/decrement) when one matched; otherwise the request was refused
  // before routing (unknown route, malformed JSON, a body too large) and only the resource type is known.
  const pattern = typeof req.route?.path === 'string' ? req.route.path : null;
  const params = (req.params ?? {}) as Record<string, string | undefined>;
  const derived = pattern ? auditActionOf(req.method, pattern, params) : unrouted(req.method, path);
  const record: AuditRecord = {
    at: now,
    actor: req.user ? { id: req.user.id, username: req.user.username } : null,
    action: clip(derived.action, 64),
    resourceType: clip(derived.resourceType, 32),
    resourceId: derived.resourceId === null ? null : clip(String(derived.resourceId), 128),
    status: res.statusCode,
    ip: clip(req.ip ?? req.socket?.remoteAddress ?? 'unknown', 64),
    requestId: clip(String(req.id ?? ''), 128),
    method: clip(req.method, 8),
    path: clip(path, 512),
  };
  if (record.action === LOGIN_ACTION) {
    const tried = (req.body as { username?: unknown } | undefined)?.username;
    if (typeof tried === 'string' && tried !== '') {
      record.loginUsername = clip(tried, 64);
      record.resourceId = record.loginUsername;
    }
  }
  return record;
}

function unrouted(method: string, path: string) {
  const { resourceType } = auditActionOf(method, path);
  return { action: `${resourceType || 'api'}.unrouted`, resourceType: resourceType || 'api', resourceId: null };
}

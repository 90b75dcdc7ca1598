// What the audit trail records of one finished request: never the body (it may hold passwords or secrets).
import type { FinishedRequest } from '@pulseboard/api/core';
import { auditActionOf, type AuditEntry } from '@pulseboard/shared/contracts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const LOGIN_ACTION = 'auth.login';

/** An entry before it is stored: no id yet, its time as a Date. */
export interface AuditRecord extends Omit<AuditEntry, 'id' | 'at'> {
  at: Date;
  /** For `auth.login`: the username tried (the actor of a successful login is looked up by it). */
  loginUsername?: string;
}

const clip = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

/** The record of a state-changing request under `/api`, or null for reads and everything else. */
export function auditRecordOf(req: FinishedRequest, now = new Date()): AuditRecord | null {
  if (READS.has(req.method)) return null;
  const path = req.url.split('?')[0];
  // Routing ignores case: /API/Counters is the API too.
  const lower = path.toLowerCase();
  if (lower !== '/api' && !lower.startsWith('/api/')) return null;
  // The route pattern (e.g. /api/counters/:id/decrement) when one matched; otherwise (an unknown route, a malformed
  // URL) only the resource type is known. Routing comes before the body is read: a refused body keeps its route.
  const derived = req.route ? auditActionOf(req.method, req.route, req.params) : unrouted(req.method, path);
  const record: AuditRecord = {
    at: now,
    actor: req.user ? { id: req.user.id, username: req.user.username } : null,
    action: clip(derived.action, 64),
    resourceType: clip(derived.resourceType, 32),
    resourceId: derived.resourceId === null ? null : clip(String(derived.resourceId), 128),
    status: req.statusCode,
    ip: clip(req.ip, 64),
    requestId: clip(req.id, 128),
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

import { APIRequestContext } from '@playwright/test';
import { E2E_ADMIN } from './e2e-env';

export interface SeedResult {
  counters: number;
  events: number;
  jobs: number;
  /** Calls that did not succeed, e.g. an endpoint this API build does not have yet. */
  skipped: string[];
  /** The admin's access token, for checks against the API. */
  token: string;
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

/**
 * Fills a fresh API with a little realistic data through its public endpoints, so the dashboard in the README
 * screenshot shows charts rather than zeros. Best effort: what fails is reported, not thrown, because this is
 * scenery for the picture, not the behaviour under test.
 */
export async function seedDemoData(request: APIRequestContext): Promise<SeedResult> {
  const login = await request.post('/api/auth/login', { data: E2E_ADMIN });
  if (!login.ok()) throw new Error(`seed: login answered ${login.status()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const result: SeedResult = { counters: 0, events: 0, jobs: 0, skipped: [], token: accessToken };
  const headers = { Authorization: `Bearer ${accessToken}` };

  const post = async (url: string, data?: unknown) => {
    const res = await request.post(url, { headers, data });
    if (!res.ok()) result.skipped.push(`POST ${url} → ${res.status()}`);
    return res.ok() ? res.json().catch(() => null) : null;
  };

  for (const counter of [
    { name: 'checkout-stock', initial: 1000, min: 0 },
    { name: 'deploy-timer', initial: 0, max: 900, step: 1, intervalMs: 1000, start: true },
    { name: 'ingest-backlog', initial: 40, min: 0, step: -1, intervalMs: 1500, start: true },
  ]) {
    const { start, ...body } = counter;
    const created = (await post('/api/counters', body)) as { id: string } | null;
    if (!created) continue;
    result.counters++;
    if (start) await post(`/api/counters/${created.id}/start`);
  }

  const severities = ['info', 'info', 'info', 'warning', 'info', 'error', 'info', 'warning', 'critical', 'info'];
  const events = Array.from({ length: 48 }, (_, i) => ({
    type: i % 3 ? 'deploy' : 'alert',
    source: ['billing', 'search', 'gateway', 'ingest'][i % 4],
    title: `${['Deploy finished', 'Latency above SLO', 'Cache warmed', 'Queue drained'][i % 4]} #${i + 1}`,
    severity: severities[i % severities.length],
    occurredAt: minutesAgo(Math.floor((48 - i) * 0.6)),
  }));
  if (await post('/api/events/batch', { events })) result.events = events.length;

  for (const job of [
    ...Array.from({ length: 6 }, () => ({ type: 'demo.simulate', payload: { durationMs: 200 } })),
    { type: 'demo.simulate', payload: { durationMs: 100, failTimes: 5 }, maxAttempts: 1 },
    { type: 'demo.simulate', payload: { durationMs: 45_000 } },
    { type: 'demo.simulate', payload: { durationMs: 45_000 } },
  ]) {
    if (await post('/api/jobs', job)) result.jobs++;
  }
  return result;
}

// Realistic-looking operational events for the simulator.
import type { CreateEventRequest, EventSeverity } from '@pulseboard/shared/contracts';

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)];
const int = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));

const HOSTS = ['api-1', 'api-2', 'api-3', 'db-primary', 'db-replica-1', 'cache-1', 'worker-1', 'worker-2', 'edge-fra', 'edge-iad'];
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-1'];
const SERVICES = ['checkout', 'billing', 'auth', 'search', 'inventory', 'notifications'];

type Template = {
  type: string;
  source: () => string;
  title: () => string;
  payload: () => Record<string, unknown>;
  severity: EventSeverity[];
};

const TEMPLATES: Template[] = [
  {
    type: 'alert',
    source: () => 'monitoring',
    severity: ['warning', 'warning', 'error', 'critical'],
    title: () =>
      pick([
        `High CPU on ${pick(HOSTS)}`,
        `Disk usage ${int(80, 99)}% on ${pick(HOSTS)}`,
        `p99 latency over ${int(300, 2000)} ms on ${pick(SERVICES)}`,
      ]),
    payload: () => ({ host: pick(HOSTS), region: pick(REGIONS), value: int(80, 100), threshold: 80 }),
  },
  {
    type: 'deploy',
    source: () => 'ci',
    severity: ['info', 'info', 'info', 'error'],
    title: () => `Deploy ${pick(SERVICES)} v${int(1, 4)}.${int(0, 30)}.${int(0, 99)} to ${pick(REGIONS)}`,
    payload: () => ({
      commit: Math.random().toString(16).slice(2, 10),
      durationSec: int(20, 600),
      author: pick(['ana', 'bo', 'chen', 'dev', 'eli']),
    }),
  },
  {
    type: 'login',
    source: () => 'auth',
    severity: ['info', 'info', 'warning'],
    title: () => pick(['User signed in', 'Failed sign-in attempt', 'Password reset requested', 'MFA challenge passed']),
    payload: () => ({
      userId: int(1000, 99999),
      ip: `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
      userAgent: pick(['Firefox', 'Chrome', 'Safari', 'curl']),
    }),
  },
  {
    type: 'payment',
    source: () => 'billing',
    severity: ['info', 'info', 'info', 'warning', 'error'],
    title: () => pick([`Payment captured ${int(5, 900)}.${int(10, 99)} EUR`, 'Card declined', 'Refund issued', 'Chargeback opened']),
    payload: () => ({ orderId: `ord_${int(100000, 999999)}`, amountCents: int(500, 90000), currency: pick(['EUR', 'USD', 'GBP']) }),
  },
  {
    type: 'backup',
    source: () => pick(['db-primary', 'db-replica-1']),
    severity: ['info', 'info', 'error'],
    title: () => pick(['Nightly backup finished', 'Backup verification passed', 'Backup upload retried']),
    payload: () => ({ sizeMb: int(200, 50000), durationSec: int(30, 3600) }),
  },
  {
    type: 'http',
    source: () => pick(SERVICES),
    severity: ['info', 'warning', 'error', 'error', 'critical'],
    title: () =>
      pick([`5xx spike on ${pick(SERVICES)}`, `Rate limit hit by client ${int(1, 500)}`, `Upstream timeout from ${pick(SERVICES)}`]),
    payload: () => ({
      status: pick([429, 500, 502, 503, 504]),
      path: pick(['/api/orders', '/api/cart', '/api/login', '/api/search']),
      count: int(1, 500),
    }),
  },
];

export function randomEvent(): CreateEventRequest {
  const t = pick(TEMPLATES);
  return { type: t.type, source: t.source(), title: t.title(), severity: pick(t.severity), payload: { ...t.payload(), simulated: true } };
}

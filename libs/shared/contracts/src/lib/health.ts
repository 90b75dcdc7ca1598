export type CheckState = 'up' | 'down';

export interface Health {
  status: 'ok' | 'degraded';
  checks: { database: CheckState; redis: CheckState };
}

/** The colour family of a status or severity, shared by status chips and charts. */
export type StatusTone = 'neutral' | 'muted' | 'info' | 'success' | 'warning' | 'danger' | 'critical';

const TONES: Readonly<Record<string, StatusTone>> = {
  // counters
  idle: 'neutral',
  running: 'info',
  paused: 'warning',
  finished: 'success',
  cancelled: 'muted',
  // jobs
  pending: 'neutral',
  active: 'info',
  retrying: 'warning',
  completed: 'success',
  failed: 'danger',
  // events (status, then severity)
  open: 'info',
  info: 'info',
  warning: 'warning',
  error: 'danger',
  critical: 'critical',
};

export function statusTone(status: string | null | undefined): StatusTone {
  return (status && TONES[status.toLowerCase()]) || 'neutral';
}

/**
 * The solid colour of each tone as a CSS value (`var(--pb-tone-…)`, a light-dark() pair defined by the global
 * stylesheet), for legend dots and anything styled in CSS. Canvas charts need it resolved: see `resolveCssColor`.
 */
export const TONE_COLORS: Readonly<Record<StatusTone, string>> = {
  neutral: 'var(--pb-tone-neutral)',
  muted: 'var(--pb-tone-muted)',
  info: 'var(--pb-tone-info)',
  success: 'var(--pb-tone-success)',
  warning: 'var(--pb-tone-warning)',
  danger: 'var(--pb-tone-danger)',
  critical: 'var(--pb-tone-critical)',
};

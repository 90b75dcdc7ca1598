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

/** A solid colour per tone, readable on white, for chart series and dots. */
export const TONE_COLORS: Readonly<Record<StatusTone, string>> = {
  neutral: '#5f6b7a',
  muted: '#a9b1bb',
  info: '#1a66d2',
  success: '#1e8e3e',
  warning: '#e8a100',
  danger: '#d93025',
  critical: '#8c1d18',
};

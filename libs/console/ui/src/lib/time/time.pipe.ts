import { Pipe, PipeTransform } from '@angular/core';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The console's one way to show a time: `2026-01-31 14:05:09` in the browser's time zone (24 h, sortable,
 * the same in every locale), or `—` for none. Invalid input is shown as it came, not as "Invalid Date".
 */
export function formatLocalTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** `{{ iso | pbTime }}`: see formatLocalTime. Prefer `<pb-time>`, which also shows the full ISO time on hover. */
@Pipe({ name: 'pbTime' })
export class TimePipe implements PipeTransform {
  transform(value: string | number | Date | null | undefined): string {
    return formatLocalTime(value);
  }
}

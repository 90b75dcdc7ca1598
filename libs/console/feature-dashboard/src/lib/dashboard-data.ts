import { MinuteCount, MinuteWindow } from '@pulseboard/shared/contracts';

export interface MinuteSeries {
  /** Start of each minute, oldest first. */
  times: number[];
  counts: number[];
}

/**
 * The last `minutes` whole minutes ending with the current one, zero-filled, from the API's `{ at, count }`
 * buckets (which may leave out empty minutes). The window ends at the later of `now` and the newest bucket,
 * so a server clock slightly ahead of the browser's loses nothing.
 */
export function minuteSeries(buckets: readonly MinuteCount[], now = Date.now(), minutes = 60): MinuteSeries {
  const bucketTimes = buckets.map((b) => Date.parse(b.at)).filter((t) => Number.isFinite(t));
  const window = new MinuteWindow(Math.max(now, ...bucketTimes), minutes);
  for (const bucket of buckets) window.add(Date.parse(bucket.at), bucket.count);
  return { times: window.times(), counts: window.counts };
}

export function total(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0);
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });

/** `14:05`, in the browser's time zone. */
export function minuteLabel(time: number): string {
  return timeFormat.format(time);
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

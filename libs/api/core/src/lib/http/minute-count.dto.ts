import type { MinuteCount } from '@pulseboard/shared/contracts';

/** One bucket of the per-minute series of the stats endpoints. */
export class MinuteCountDto implements MinuteCount {
  /** Start of the minute (ISO-8601, UTC). */
  at: string;
  count: number;
}

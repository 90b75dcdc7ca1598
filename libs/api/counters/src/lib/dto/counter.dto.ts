import { ApiProperty } from '@nestjs/swagger';
import { COUNTER_STATUSES, Counter, CounterStatus, Page } from '@pulseboard/shared/contracts';

/** Response shape (Swagger only). */
export class CounterDto implements Counter {
  /** @example 3f1c1f4e-6a53-4a55-9d0b-2b3b7c0e8a11 */
  id: string;
  /** @example cameras */
  name: string;
  /** Current value; for a running counter, derived from its schedule at the time of the request. */
  value: number;
  initial: number;
  min: number | null;
  max: number | null;
  step: number;
  intervalMs: number;
  @ApiProperty({ enum: COUNTER_STATUSES })
  status: CounterStatus;
  /**
   * +1 on every stored change. Auto-tick pushes carry the stored version unchanged and a later `updatedAt`
   * (the tick time): order by (version, updatedAt).
   */
  version: number;
  createdAt: string;
  /** Last change; for a running counter, the last tick. */
  updatedAt: string;
}

export class CounterPageDto implements Page<Counter> {
  @ApiProperty({ type: [CounterDto] })
  items: CounterDto[];
  total: number;
  page: number | null;
  pageSize: number;
  nextCursor: string | null;
}

import { PageQueryDto, TextFilter, TimeFilter } from '@pulseboard/api/core';
import type { AuditQuery } from '@pulseboard/shared/contracts';

/** Filters of `GET /api/audit`; each one is an exact match, `from` inclusive, `to` exclusive. */
export class AuditQueryDto extends PageQueryDto implements AuditQuery {
  /** A username or a user id. */
  @TextFilter(64)
  actor?: string;

  /** e.g. `counters.decrement` */
  @TextFilter(64)
  action?: string;

  /** e.g. `counters` */
  @TextFilter(32)
  resourceType?: string;

  @TextFilter(128)
  resourceId?: string;

  @TimeFilter()
  from?: string;

  @TimeFilter()
  to?: string;
}

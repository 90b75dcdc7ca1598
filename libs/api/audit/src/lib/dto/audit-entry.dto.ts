import { ApiProperty } from '@nestjs/swagger';
import type { AuditActor, AuditEntry, Page } from '@pulseboard/shared/contracts';

export class AuditActorDto implements AuditActor {
  id: string;
  username: string;
}

export class AuditEntryDto implements AuditEntry {
  id: string;
  at: string;
  @ApiProperty({ type: AuditActorDto, nullable: true, description: 'Null when the request had no valid token (e.g. a failed login)' })
  actor: AuditActorDto | null;
  /** `<resourceType>.<verb>`, e.g. `counters.decrement`; `<resourceType>.unrouted` when no route matched. */
  action: string;
  resourceType: string;
  /** The route's `:id` / `:name`; for `auth.login` the username tried. */
  @ApiProperty({ type: String, nullable: true })
  resourceId: string | null;
  /** HTTP status of the answer. */
  status: number;
  ip: string;
  requestId: string;
  method: string;
  /** Without the query string. */
  path: string;
}

export class AuditPageDto implements Page<AuditEntry> {
  items: AuditEntryDto[];
  total: number;
  page: number | null;
  pageSize: number;
  nextCursor: string | null;
}

import { IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '@pulseboard/api/core';
import type { AuditQuery } from '@pulseboard/shared/contracts';

/** Filters of `GET /api/audit`; each one is an exact match, `from` inclusive, `to` exclusive. */
export class AuditQueryDto extends PageQueryDto implements AuditQuery {
  /** A username or a user id. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actor?: string;

  /** e.g. `counters.decrement` */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  /** e.g. `counters` */
  @IsOptional()
  @IsString()
  @MaxLength(32)
  resourceType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  resourceId?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

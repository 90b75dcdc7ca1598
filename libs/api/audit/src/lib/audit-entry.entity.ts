import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AuditEntry } from '@pulseboard/shared/contracts';

/** One state-changing request. Append-only; pruned after AUDIT_RETENTION_DAYS. Index names match the migration. */
@Entity('audit_entries')
@Index('IDX_audit_at', ['at', 'id'])
@Index('IDX_audit_actor_at', ['actorUsername', 'at'])
@Index('IDX_audit_action_at', ['action', 'at'])
@Index('IDX_audit_resource_at', ['resourceType', 'resourceId', 'at'])
export class AuditEntryEntity {
  // uuidv7, generated here: ids sort by time and a multi-row INSERT needs no RETURNING.
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: Date })
  at: Date;

  @Column({ type: 'varchar', length: 36, nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  actorUsername: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 32 })
  resourceType: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  resourceId: string | null;

  @Column({ type: 'integer' })
  status: number;

  @Column({ type: 'varchar', length: 64 })
  ip: string;

  @Column({ type: 'varchar', length: 128 })
  requestId: string;

  @Column({ type: 'varchar', length: 8 })
  method: string;

  @Column({ type: 'varchar', length: 512 })
  path: string;
}

export function toAuditEntry(e: AuditEntryEntity): AuditEntry {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actor: e.actorId && e.actorUsername ? { id: e.actorId, username: e.actorUsername } : null,
    action: e.action,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    status: e.status,
    ip: e.ip,
    requestId: e.requestId,
    method: e.method,
    path: e.path,
  };
}

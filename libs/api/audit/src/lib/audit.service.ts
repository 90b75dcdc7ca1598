import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { And, FindOptionsWhere, LessThan, MoreThanOrEqual, Repository } from 'typeorm';
import { InjectConfig, PulseboardConfig, RequestHooks, SqlDialect, uuidv7 } from '@pulseboard/api/core';
import { UserEntity } from '@pulseboard/api/auth';
import type { AuditEntry, Page } from '@pulseboard/shared/contracts';
import { AuditEntryEntity, toAuditEntry } from './audit-entry.entity';
import { AuditRecord, auditRecordOf, LOGIN_ACTION } from './audit-trail';
import { AuditQueryDto } from './dto/audit-query.dto';

/** Entries are written in multi-row INSERTs: at most this many per statement, at least this often. */
const FLUSH_ROWS = 50;
const FLUSH_MS = 200;
const PRUNE_EVERY_MS = 3600_000;
const DAY_MS = 24 * 3600_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The only writer of the audit table: records every finished state-changing request, prunes old entries. */
@Injectable()
export class AuditService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuditService.name);
  private buffer: AuditEntryEntity[] = [];
  private flushTimer?: NodeJS.Timeout;
  private pruneTimer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private pendingLookups = new Set<Promise<void>>();

  constructor(
    @InjectRepository(AuditEntryEntity) private readonly repo: Repository<AuditEntryEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectConfig() private readonly cfg: PulseboardConfig,
    private readonly hooks: RequestHooks,
    private readonly sql: SqlDialect,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.hooks.onFinished((req) => {
      const record = auditRecordOf(req);
      if (record) this.record(record);
    });
    await this.prune();
    this.pruneTimer = setInterval(
      () => void this.prune().catch((e: Error) => this.logger.warn(`audit pruning failed: ${e.message}`)),
      PRUNE_EVERY_MS,
    );
    this.pruneTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.pruneTimer);
    await this.flush();
  }

  /** Queues one entry; a successful login gets its user as the actor. */
  record(r: AuditRecord): void {
    if (r.action === LOGIN_ACTION && !r.actor && r.status < 300 && r.loginUsername) {
      const lookup = this.users
        .findOne({ select: { id: true, username: true }, where: { username: r.loginUsername } })
        .then((u) => this.push({ ...r, actor: u ? { id: u.id, username: u.username } : null }))
        .catch(() => this.push(r))
        .finally(() => this.pendingLookups.delete(lookup));
      this.pendingLookups.add(lookup);
      return;
    }
    this.push(r);
  }

  /** Writes what is buffered (also waits for a write already under way). */
  async flush(): Promise<void> {
    await Promise.all(this.pendingLookups);
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const rows = this.buffer;
    this.buffer = [];
    const write = this.flushing.then(async () => {
      for (let i = 0; i < rows.length; i += FLUSH_ROWS) {
        const chunk = rows.slice(i, i + FLUSH_ROWS);
        try {
          await this.sql.insertMany(AuditEntryEntity, chunk);
        } catch (e) {
          this.logger.error(`${chunk.length} audit entries were not stored: ${(e as Error).message}`);
        }
      }
    });
    this.flushing = write;
    await write;
  }

  /** Writes this instance's buffered entries first, so a request answered just before is listed. */
  async list(q: AuditQueryDto): Promise<Page<AuditEntry>> {
    await this.flush();
    const where: FindOptionsWhere<AuditEntryEntity> = {};
    if (q.actor) {
      if (UUID.test(q.actor)) where.actorId = q.actor;
      else where.actorUsername = q.actor;
    }
    if (q.action) where.action = q.action;
    if (q.resourceType) where.resourceType = q.resourceType;
    if (q.resourceId) where.resourceId = q.resourceId;
    if (q.from && q.to) where.at = And(MoreThanOrEqual(new Date(q.from)), LessThan(new Date(q.to)));
    else if (q.from) where.at = MoreThanOrEqual(new Date(q.from));
    else if (q.to) where.at = LessThan(new Date(q.to));
    const [rows, total] = await this.repo.findAndCount({
      where,
      order: { at: 'DESC', id: 'DESC' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    });
    return { items: rows.map(toAuditEntry), total, page: q.page, pageSize: q.pageSize, nextCursor: null };
  }

  /** Deletes entries older than AUDIT_RETENTION_DAYS; the number deleted. */
  async prune(now = Date.now()): Promise<number> {
    const res = await this.repo.delete({ at: LessThan(new Date(now - this.cfg.auditRetentionDays * DAY_MS)) });
    const n = res.affected ?? 0;
    if (n > 0) this.logger.log(`pruned ${n} audit entries older than ${this.cfg.auditRetentionDays} days`);
    return n;
  }

  private push(r: AuditRecord): void {
    this.buffer.push(
      this.repo.create({
        id: uuidv7(r.at.getTime()),
        at: r.at,
        actorId: r.actor?.id ?? null,
        actorUsername: r.actor?.username ?? null,
        action: r.action,
        resourceType: r.resourceType,
        resourceId: r.resourceId,
        status: r.status,
        ip: r.ip,
        requestId: r.requestId,
        method: r.method,
        path: r.path,
      }),
    );
    if (this.buffer.length >= FLUSH_ROWS) void this.flush();
    else this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }
}

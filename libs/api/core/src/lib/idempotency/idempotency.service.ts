// The only writer of `idempotency_keys`: claims a key for a request, replays the stored answer, refuses a key reused
// with another request, and lets a retry take over a key whose request died mid-way.
import { ConflictException, Injectable, Logger, OnApplicationShutdown, OnModuleInit, UnprocessableEntityException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, QueryRunner, Repository } from 'typeorm';
import { isUniqueViolation } from '../database/db-errors';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
/**
 * A request still holding its key after this long died mid-way (no request runs this long: answers come in
 * milliseconds, and clients time out well before): a retry with the same key takes it over.
 */
export const IDEMPOTENCY_TAKEOVER_MS = 30_000;
/** How long a duplicate waits for the first request with the same key to finish. */
const WAIT_FOR_FIRST_MS = 10_000;
const CLEANUP_EVERY_MS = 10 * 60 * 1000;

export type IdempotencyStart = { kind: 'first'; rowId: string } | { kind: 'replay'; status: number; body: unknown };

@Injectable()
export class IdempotencyService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyService.name);
  private cleanupTimer?: NodeJS.Timeout;

  constructor(@InjectRepository(IdempotencyKeyEntity) private readonly repo: Repository<IdempotencyKeyEntity>) {}

  onModuleInit(): void {
    this.cleanupTimer = setInterval(() => void this.cleanup(), CLEANUP_EVERY_MS);
    this.cleanupTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.cleanupTimer);
  }

  /**
   * Claims `key` of `userId` for the request with `fingerprint`: of concurrent duplicates exactly one wins the unique
   * index and runs; the others wait for its answer and replay it. The key used with another request answers 422.
   */
  async begin(userId: string, key: string, fingerprint: string, now = () => Date.now()): Promise<IdempotencyStart> {
    const deadline = now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const rowId = randomUUID();
      try {
        await this.repo.insert({
          id: rowId,
          userId,
          key,
          fingerprint,
          responseStatus: null,
          responseBody: null,
          createdAt: new Date(now()),
        });
        return { kind: 'first', rowId };
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
      const existing = await this.repo.findOne({ where: { userId, key } });
      if (!existing) continue; // the first request failed and released the key: claim it
      const age = now() - existing.createdAt.getTime();
      if (age > IDEMPOTENCY_TTL_MS) {
        await this.repo.delete({ id: existing.id });
        continue;
      }
      if (existing.fingerprint !== fingerprint) {
        throw new UnprocessableEntityException(
          `Idempotency-Key '${key}' was already used with another request (method, path or body); use a new key for a new request`,
        );
      }
      if (existing.responseStatus !== null) return { kind: 'replay', status: existing.responseStatus, body: existing.responseBody };
      if (age > IDEMPOTENCY_TAKEOVER_MS) {
        // Take over a key whose request died: only one retry wins (the update is conditional on what it read).
        const res = await this.repo.update(
          { id: existing.id, responseStatus: IsNull(), createdAt: existing.createdAt },
          { createdAt: new Date(now()) },
        );
        if (res.affected) return { kind: 'first', rowId: existing.id };
        continue;
      }
      if (now() > deadline) throw new ConflictException(`A request with Idempotency-Key '${key}' is still in progress; retry later`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Stores the answer; inside the change's unit of work when `runner` is given (they commit together). */
  async complete(rowId: string, status: number, body: unknown, runner?: QueryRunner): Promise<void> {
    const manager = runner?.manager ?? this.repo.manager;
    await manager.update(IdempotencyKeyEntity, { id: rowId }, { responseStatus: status, responseBody: (body ?? null) as object | null });
  }

  /** The first request failed with a server error: free the key so a retry runs again. */
  async release(rowId: string): Promise<void> {
    await this.repo.delete({ id: rowId });
  }

  private async cleanup(): Promise<void> {
    try {
      const cutoff = new Date(Date.now() - IDEMPOTENCY_TTL_MS);
      const column = this.repo.metadata.findColumnWithPropertyName('createdAt');
      if (!column) return;
      // Formatted as TypeORM stores dates for this database (SQLite compares datetime strings).
      const value: unknown = this.repo.manager.connection.driver.preparePersistentValue(cutoff, column);
      const res = await this.repo.createQueryBuilder().delete().where('"createdAt" < :cutoff', { cutoff: value }).execute();
      if (res.affected) this.logger.log(`removed ${res.affected} expired idempotency keys`);
    } catch (e) {
      this.logger.warn(`idempotency cleanup failed: ${(e as Error).message}`);
    }
  }
}

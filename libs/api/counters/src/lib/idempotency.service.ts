import { ConflictException, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { isUniqueViolation } from '@pulseboard/api/core';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
/** How long a duplicate waits for the first request with the same key to finish. */
const WAIT_FOR_FIRST_MS = 10_000;
const CLEANUP_EVERY_MS = 10 * 60 * 1000;

export type IdempotencyStart = { kind: 'first'; rowId: string } | { kind: 'replay'; status: number; body: unknown };

/** The only writer of `counter_idempotency_keys`. */
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
   * Claims `key` for `counterId` by inserting its row first: of concurrent duplicates exactly one wins the unique
   * index and runs; the others wait for its stored response and replay it.
   */
  async begin(counterId: string, key: string, action: string): Promise<IdempotencyStart> {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const rowId = randomUUID();
      try {
        await this.repo.insert({ id: rowId, counterId, key, action, responseStatus: null, responseBody: null, createdAt: new Date() });
        return { kind: 'first', rowId };
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
      const existing = await this.repo.findOne({ where: { counterId, key } });
      if (!existing) continue; // the first request failed unexpectedly and released the key: claim it
      if (existing.createdAt.getTime() < Date.now() - IDEMPOTENCY_TTL_MS) {
        await this.repo.delete({ id: existing.id });
        continue;
      }
      if (existing.responseStatus !== null) {
        return { kind: 'replay', status: existing.responseStatus, body: existing.responseBody };
      }
      if (Date.now() > deadline) {
        throw new ConflictException(`A request with Idempotency-Key '${key}' is still in progress; retry later`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async complete(rowId: string, status: number, body: unknown): Promise<void> {
    await this.repo.update({ id: rowId }, { responseStatus: status, responseBody: (body ?? null) as object | null });
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

// One transaction for work spread over several services: a feature's change and the stored Idempotency-Key answer
// commit together or not at all. Services write through `runner()` when one is open, and defer what must only happen
// after the commit (socket pushes, caches, the ticker) with `afterCommit()`; outside a unit of work both act at once.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, QueryRunner } from 'typeorm';
import { sqliteGate } from './sqlite-gate';

interface Scope {
  runner: QueryRunner;
  after: (() => void)[];
  /** Set at commit or rollback: a timer started inside the work and firing later is no longer in it. */
  closed: boolean;
}

@Injectable()
export class UnitOfWork {
  private readonly scope = new AsyncLocalStorage<Scope>();

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The open transaction's runner, when the caller runs inside `run()`. */
  runner(): QueryRunner | undefined {
    const s = this.scope.getStore();
    return s && !s.closed ? s.runner : undefined;
  }

  /** Runs `fn` after the unit of work commits (never if it rolls back); at once outside one. */
  afterCommit(fn: () => void): void {
    const s = this.scope.getStore();
    if (s && !s.closed) s.after.push(fn);
    else fn();
  }

  /** Runs `work` in one transaction; what it deferred with `afterCommit` runs once the transaction committed. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.runner()) return work(); // already inside one: join it
    if (this.ds.options.type !== 'sqlite') return this.inTransaction(this.ds.createQueryRunner(), work);
    // SQLite: the process's one connection, with everybody else's statements held back meanwhile.
    return sqliteGate.hold(() => this.inTransaction(this.ds.createQueryRunner(), work));
  }

  private async inTransaction<T>(runner: QueryRunner, work: () => Promise<T>): Promise<T> {
    const scope: Scope = { runner, after: [], closed: false };
    await runner.connect();
    try {
      await runner.startTransaction();
      let result: T;
      try {
        result = await this.scope.run(scope, work);
        scope.closed = true;
        await runner.commitTransaction();
      } catch (e) {
        scope.closed = true;
        await runner.rollbackTransaction().catch(() => undefined);
        throw e;
      }
      for (const fn of scope.after) fn();
      return result;
    } finally {
      if (this.ds.options.type !== 'sqlite') await runner.release();
    }
  }
}

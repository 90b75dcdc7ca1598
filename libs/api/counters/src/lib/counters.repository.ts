// The counters table's repository: the derivation of counter-state.ts written in SQL, so a change to a running
// counter is ONE atomic statement, and the few plain reads and writes. The service keeps the rules.
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SqlDialect, UnitOfWork } from '@pulseboard/api/core';
import { COUNTER_VALUE_LIMIT, LifecycleAction, TRANSITIONS } from './counter-state';
import { CounterEntity } from './counter.entity';

const q = (statuses: readonly string[]) => statuses.map((s) => `'${s}'`).join(', ');

/** SQL over the columns of `counters` (`:now` is the request's epoch ms), and the statements that run it. */
@Injectable()
export class CountersRepository {
  /** Whole ticks since the anchor (0 unless running). */
  readonly ticks: string;
  /** The derived current value (clamped to the bounds). */
  readonly value: string;
  /** Cached statement texts (they only depend on the dialect). */
  private readonly cache = new Map<string, string>();
  /** The request time; typed, so PostgreSQL can infer the parameter wherever it appears. */
  private readonly now: string;

  constructor(
    private readonly sql: SqlDialect,
    private readonly uow: UnitOfWork,
    @InjectRepository(CounterEntity) private readonly repo: Repository<CounterEntity>,
  ) {
    this.now = sql.typed(':now', 'double precision');
    this.ticks = `(CASE WHEN "status" = 'running' AND "anchorMs" IS NOT NULL THEN ${sql.floorDiv(sql.greatest('0', `${this.now} - "anchorMs"`), '"intervalMs"')} ELSE 0 END)`;
    this.value = this.clamp(`("baseValue" + "step" * ${this.ticks})`);
  }

  clamp(x: string): string {
    return this.sql.least(this.sql.greatest(x, `COALESCE("min", ${x})`), `COALESCE("max", ${x})`);
  }

  /** Runs one of the UPDATE statements below; the row as written, or null when its conditions matched no row. */
  async run(statement: string, params: Record<string, unknown>): Promise<CounterEntity | null> {
    const p = { ...params };
    if (p['ts'] instanceof Date) p['ts'] = this.sql.date(p['ts']);
    const [row] = await this.sql.returning(CounterEntity, statement, p);
    return row ?? null;
  }

  async insert(entity: CounterEntity): Promise<void> {
    // insert(), not save(): no implicit transaction and no reload query.
    await (this.uow.runner()?.manager ?? this.repo.manager).insert(CounterEntity, entity);
  }

  /** Whether a row was deleted. */
  async delete(id: string): Promise<boolean> {
    const res = await (this.uow.runner()?.manager ?? this.repo.manager).delete(CounterEntity, { id });
    return !!res.affected;
  }

  findOne(id: string): Promise<CounterEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  /** Running counters, for the ticker. */
  running(): Promise<CounterEntity[]> {
    return this.repo.find({ where: { status: 'running' } });
  }

  page(
    where: Partial<Pick<CounterEntity, 'status'>>,
    order: Record<string, 'ASC' | 'DESC'>,
    skip: number,
    take: number,
  ): Promise<[CounterEntity[], number]> {
    return this.repo.findAndCount({ where, order, skip, take });
  }

  /** `x` sits on the bound the auto-tick moves towards. */
  reached(x: string): string {
    return `(("step" > 0 AND "max" IS NOT NULL AND ${x} >= "max") OR ("step" < 0 AND "min" IS NOT NULL AND ${x} <= "min"))`;
  }

  /** Persisted status `running` but the derived value is already on the bound. */
  private get finishedWhileRunning(): string {
    return `("status" = 'running' AND ${this.reached(this.value)})`;
  }

  /** The statement text (run through core's queryReturning, which gets its RETURNING row on both databases). */
  private update(set: string[], where: string[], versionStep = '1'): string {
    return `UPDATE "counters" SET ${[...set, `"version" = "version" + ${versionStep}`, `"updatedAt" = :ts`].join(', ')} WHERE "id" = :id AND ${where.join(' AND ')} RETURNING *`;
  }

  private cached(key: string, build: () => string): string {
    let sql = this.cache.get(key);
    if (sql === undefined) {
      sql = build();
      this.cache.set(key, sql);
    }
    return sql;
  }

  /**
   * Fast path of changeBy for a counter that is not running (a stock): no derivation needed. Matches no row
   * for a running counter, which then goes through changeBy(). `:count` changes applied together (`:amount` is
   * their sum) advance the version by `:count`: all of them fit within the bounds, or none is applied.
   */
  changeIdle(): string {
    return this.cached('changeIdle', () => {
      const next = `("baseValue" + :amount)`;
      return this.update(
        [`"baseValue" = ${next}`],
        [
          `"status" <> 'running'`,
          `("min" IS NULL OR ${next} >= "min")`,
          `("max" IS NULL OR ${next} <= "max")`,
          `${next} >= ${-COUNTER_VALUE_LIMIT}`,
          `${next} <= ${COUNTER_VALUE_LIMIT}`,
        ],
        this.sql.typed(':count', 'integer'),
      );
    });
  }

  /** value += :amount (may be negative), within [min, max]; a running counter keeps its tick phase. */
  changeBy(): string {
    return this.cached('changeBy', () => this.buildChangeBy());
  }

  private buildChangeBy(): string {
    const next = `(${this.value} + :amount)`;
    return this.update(
      [
        `"baseValue" = ${next}`,
        `"anchorMs" = CASE WHEN "status" = 'running' THEN "anchorMs" + ${this.ticks} * "intervalMs" ELSE "anchorMs" END`,
        `"status" = CASE WHEN "status" = 'running' AND (${this.reached(this.value)} OR ${this.reached(next)}) THEN 'finished' ELSE "status" END`,
      ],
      [
        `("min" IS NULL OR ${next} >= "min")`,
        `("max" IS NULL OR ${next} <= "max")`,
        `${next} >= ${-COUNTER_VALUE_LIMIT}`,
        `${next} <= ${COUNTER_VALUE_LIMIT}`,
      ],
    );
  }

  lifecycle(action: LifecycleAction): string {
    return this.cached(action, () => this.buildLifecycle(action));
  }

  private buildLifecycle(action: LifecycleAction): string {
    const from = `"status" IN (${q(TRANSITIONS[action].from)})`;
    // A running counter already on its bound is finished, even if the ticker has not written it yet.
    const notFinished = `NOT ${this.finishedWhileRunning}`;
    switch (action) {
      case 'start': {
        const startValue = `(CASE WHEN "status" = 'cancelled' THEN "initial" ELSE "baseValue" END)`;
        return this.update(
          [
            `"status" = CASE WHEN ${this.reached(startValue)} THEN 'finished' ELSE 'running' END`,
            `"baseValue" = ${startValue}`,
            `"anchorMs" = CASE WHEN ${this.reached(startValue)} THEN NULL ELSE ${this.now} END`,
          ],
          [from],
        );
      }
      case 'pause':
        return this.update([`"status" = 'paused'`, `"baseValue" = ${this.value}`, `"anchorMs" = NULL`], [from, notFinished]);
      case 'resume':
        return this.update(
          [
            `"status" = CASE WHEN ${this.reached('"baseValue"')} THEN 'finished' ELSE 'running' END`,
            `"anchorMs" = CASE WHEN ${this.reached('"baseValue"')} THEN NULL ELSE ${this.now} END`,
          ],
          [from],
        );
      case 'cancel':
        return this.update([`"status" = 'cancelled'`, `"baseValue" = "initial"`, `"anchorMs" = NULL`], [from, notFinished]);
      case 'reset':
        return this.update([`"status" = 'idle'`, `"baseValue" = "initial"`, `"anchorMs" = NULL`], [from]);
    }
  }

  /** Persists `finished` once the derived value is on the bound; the version check makes exactly one writer win. */
  finish(): string {
    return this.cached('finish', () =>
      this.update(
        [`"status" = 'finished'`, `"baseValue" = ${this.value}`, `"anchorMs" = NULL`],
        [`"status" = 'running'`, `"version" = :version`, this.reached(this.value)],
      ),
    );
  }
}

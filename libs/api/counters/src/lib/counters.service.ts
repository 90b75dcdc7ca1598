import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Subject } from 'rxjs';
import { isUniqueViolation, resolveSort, UnitOfWork } from '@pulseboard/api/core';
import { RealtimePublisher } from '@pulseboard/api/realtime';
import { Counter, counterTopic, Page, ServerEvents } from '@pulseboard/shared/contracts';
import { CounterEntity } from './counter.entity';
import { CountersRepository } from './counters.repository';
import { boundConflictMessage, canTransition, deriveState, LifecycleAction, transitionConflictMessage } from './counter-state';
import type { CreateCounterDto } from './dto/create-counter.dto';
import { COUNTER_DEFAULT_SORT, COUNTER_SORT_FIELDS, ListCountersQueryDto } from './dto/list-counters-query.dto';

interface PendingChange {
  amount: number;
  resolve: (counter: Counter) => void;
  reject: (error: unknown) => void;
}

/** At most this many changes go into one statement. */
const MAX_CHANGE_BATCH = 500;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string): boolean => UUID_RE.test(id);

/** A counter as read at `now`: the derived value and status, and the tick time as `updatedAt` while running. */
export function toCounter(e: CounterEntity, now = Date.now()): Counter {
  const d = deriveState(e, now);
  const updatedAtMs = Math.max(e.updatedAt.getTime(), d.lastTickAt ?? 0);
  return {
    id: e.id,
    name: e.name,
    value: d.value,
    initial: e.initial,
    min: e.min,
    max: e.max,
    step: e.step,
    intervalMs: e.intervalMs,
    status: d.status,
    version: e.version,
    createdAt: e.createdAt.toISOString(),
    updatedAt: new Date(updatedAtMs).toISOString(),
  };
}

/** The rules of counters, and the only writer of the `counters` table. Every change is ONE atomic statement. */
@Injectable()
export class CountersService {
  /** Every committed change (after it is published); the ticker follows running counters with it. */
  readonly changes = new Subject<CounterEntity>();
  /** Changes per counter id waiting for the statement in flight (the key exists while one is). */
  private readonly pendingChanges = new Map<string, PendingChange[]>();

  constructor(
    private readonly repo: CountersRepository,
    private readonly publisher: RealtimePublisher,
    private readonly uow: UnitOfWork,
  ) {}

  async create(dto: CreateCounterDto): Promise<Counter> {
    const initial = dto.initial ?? 0;
    const min = dto.min ?? null;
    const max = dto.max ?? null;
    if (min !== null && max !== null && min > max) {
      throw new BadRequestException(`min (${min}) must not be greater than max (${max})`);
    }
    if ((min !== null && initial < min) || (max !== null && initial > max)) {
      throw new BadRequestException(`initial (${initial}) must be within [${min ?? '-∞'}, ${max ?? '+∞'}]`);
    }
    const now = new Date();
    const entity: CounterEntity = {
      id: randomUUID(),
      name: dto.name,
      initial,
      min,
      max,
      step: dto.step ?? 1,
      intervalMs: dto.intervalMs ?? 1000,
      status: 'idle',
      version: 1,
      baseValue: initial,
      anchorMs: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.repo.insert(entity);
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictException(`A counter named '${dto.name}' already exists`);
      throw e;
    }
    return this.committed(entity);
  }

  async list(q: ListCountersQueryDto): Promise<Page<Counter>> {
    const sort = resolveSort(q.sort, COUNTER_SORT_FIELDS, COUNTER_DEFAULT_SORT);
    // `id` breaks ties so pages never overlap.
    const [rows, total] = await this.repo.page(
      q.status ? { status: q.status } : {},
      { [sort.field]: sort.direction, id: 'ASC' },
      (q.page - 1) * q.pageSize,
      q.pageSize,
    );
    const now = Date.now();
    return { items: rows.map((r) => toCounter(r, now)), total, page: q.page, pageSize: q.pageSize, nextCursor: null };
  }

  async get(id: string): Promise<Counter> {
    return toCounter(await this.load(id));
  }

  /** Running counters, for the ticker. */
  running(): Promise<CounterEntity[]> {
    return this.repo.running();
  }

  async remove(id: string): Promise<void> {
    if (!isUuid(id)) throw this.notFound(id);
    if (!(await this.repo.delete(id))) throw this.notFound(id);
    this.uow.afterCommit(() => this.publisher.publish(ServerEvents.counterDeleted, { id }, ['counters', counterTopic(id)]));
  }

  /**
   * `amount` > 0 increments, < 0 decrements; 409 (nothing changed) if the result would leave [min, max].
   *
   * Changes to one counter that arrive while a statement for it is running wait, and then go to the database
   * together (group commit): one statement applies a run of equal amounts only if all of them fit, and each
   * caller gets the state after its own change, as if they had run one after another. Near a bound, where not all
   * would fit, they run one by one, so exactly the ones that fit succeed. One statement per batch instead of one
   * per request is what keeps a hot stock counter fast; every statement is still one atomic conditional update,
   * so instances sharing the database stay exact.
   */
  changeBy(id: string, amount: number): Promise<Counter> {
    if (!isUuid(id)) return Promise.reject(this.notFound(id));
    // Inside a unit of work (an Idempotency-Key request) the change is its own statement in that transaction.
    if (this.uow.runner()) return this.changeOne(id, amount);
    return new Promise<Counter>((resolve, reject) => {
      const change: PendingChange = { amount, resolve, reject };
      const waiting = this.pendingChanges.get(id);
      if (waiting) {
        waiting.push(change);
        return;
      }
      this.pendingChanges.set(id, []);
      void this.drainChanges(id, [change]);
    });
  }

  private async drainChanges(id: string, batch: PendingChange[]): Promise<void> {
    for (;;) {
      await this.applyChanges(id, batch);
      const waiting = this.pendingChanges.get(id) ?? [];
      if (waiting.length === 0) {
        this.pendingChanges.delete(id);
        return;
      }
      let n = 1;
      while (n < waiting.length && n < MAX_CHANGE_BATCH && waiting[n].amount === waiting[0].amount) n++;
      batch = waiting.splice(0, n);
    }
  }

  private async applyChanges(id: string, batch: PendingChange[]): Promise<void> {
    try {
      if (batch.length > 1) {
        const amount = batch[0].amount;
        const now = Date.now();
        const row = await this.repo.run(this.repo.changeIdle(), {
          id,
          amount: amount * batch.length,
          count: batch.length,
          ts: new Date(now),
        });
        if (row) {
          const last = this.committed(row);
          // The i-th change of n left the counter (n - 1 - i) changes before the final row.
          batch.forEach((c, i) => {
            const before = batch.length - 1 - i;
            c.resolve(
              before === 0 ? last : toCounter({ ...row, baseValue: row.baseValue - before * amount, version: row.version - before }, now),
            );
          });
          return;
        }
      }
    } catch (e) {
      for (const c of batch) c.reject(e);
      return;
    }
    for (const c of batch) {
      try {
        c.resolve(await this.changeOne(id, c.amount));
      } catch (e) {
        c.reject(e);
      }
    }
  }

  private async changeOne(id: string, amount: number): Promise<Counter> {
    const now = Date.now();
    const params = { id, amount, count: 1, now, ts: new Date(now) };
    // Most changes hit a counter that is not running (a stock): try the short statement first.
    const row = (await this.repo.run(this.repo.changeIdle(), params)) ?? (await this.repo.run(this.repo.changeBy(), params));
    if (row) return this.committed(row);
    const current = await this.load(id);
    const c = toCounter(current, now);
    throw new ConflictException(boundConflictMessage(c.name, c.value, c.value + amount, c.min, c.max));
  }

  async lifecycle(id: string, action: LifecycleAction): Promise<Counter> {
    if (!isUuid(id)) throw this.notFound(id);
    // A retry only happens if the counter changed between the refused UPDATE and the re-read.
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = Date.now();
      const row = await this.repo.run(this.repo.lifecycle(action), { id, now, ts: new Date(now) });
      if (row) return this.committed(row);
      const c = toCounter(await this.load(id), Date.now());
      if (!canTransition(c.status, action)) throw new ConflictException(transitionConflictMessage(c.name, c.status, action));
    }
    throw new ConflictException(`Counter '${id}' is changing too fast; try again`);
  }

  /**
   * Writes `finished` for a running counter whose derived value reached its bound. Only the caller whose
   * statement matches (status running, same version) wins and publishes; everyone else gets null.
   */
  async finishIfDue(row: CounterEntity, now: number): Promise<Counter | null> {
    const d = deriveState(row, now);
    if (d.status !== 'finished' || row.status !== 'running') return null;
    const ts = new Date(d.lastTickAt ?? now);
    const updated = await this.repo.run(this.repo.finish(), { id: row.id, version: row.version, now, ts });
    return updated ? this.committed(updated) : null;
  }

  private async load(id: string): Promise<CounterEntity> {
    const row = isUuid(id) ? await this.repo.findOne(id) : null;
    if (!row) throw this.notFound(id);
    return row;
  }

  private notFound(id: string): NotFoundException {
    return new NotFoundException(`Counter '${id}' not found`);
  }

  /** Publishes once the change committed (single statements autocommit; a unit of work at its end) and tells the ticker. */
  private committed(row: CounterEntity): Counter {
    const counter = toCounter(row);
    this.uow.afterCommit(() => {
      this.publisher.publish(ServerEvents.counterUpdated, counter, ['counters', counterTopic(row.id)]);
      this.changes.next(row);
    });
    return counter;
  }
}

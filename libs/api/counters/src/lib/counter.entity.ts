import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CounterStatus } from '@pulseboard/shared/contracts';

/**
 * A counter and its auto-tick schedule. While running, the value is never written per tick: it is derived from
 * `baseValue`, `anchorMs`, `step` and `intervalMs` (see counter-state.ts). Values are `double precision` so they
 * are exact integers up to ±1e15 on both SQLite and PostgreSQL (PostgreSQL's `integer` stops at 2^31).
 */
@Entity('counters')
export class CounterEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  name: string;

  @Column({ type: 'double precision' })
  initial: number;

  @Column({ type: 'double precision', nullable: true })
  min: number | null;

  @Column({ type: 'double precision', nullable: true })
  max: number | null;

  @Column({ type: 'integer' })
  step: number;

  @Column({ type: 'integer' })
  intervalMs: number;

  @Index('IDX_counters_status')
  @Column({ type: 'varchar', length: 16 })
  status: CounterStatus;

  @Column({ type: 'integer' })
  version: number;

  /** The value at the anchor; the whole value when not running. */
  @Column({ type: 'double precision' })
  baseValue: number;

  /** Epoch ms of the last start / resume / manual change while running; null when not running. */
  @Column({ type: 'double precision', nullable: true })
  anchorMs: number | null;

  // Set by the service (not Create/UpdateDateColumn) so raw atomic UPDATEs keep millisecond precision.
  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;
}

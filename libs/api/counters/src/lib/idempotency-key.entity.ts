import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One `Idempotency-Key` used on a counter mutation, with the first response. The row is inserted BEFORE the
 * mutation runs, so concurrent duplicates hit the unique index and wait for the first one's response.
 */
@Entity('counter_idempotency_keys')
@Index('UQ_counter_idempotency_keys_counter_key', ['counterId', 'key'], { unique: true })
export class IdempotencyKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The counter's id; '' for creations (scoped to the whole collection). */
  @Column({ type: 'varchar', length: 36 })
  counterId: string;

  @Column({ type: 'varchar', length: 200 })
  key: string;

  @Column({ type: 'varchar', length: 16 })
  action: string;

  /** Null while the first request is still running. */
  @Column({ type: 'integer', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'simple-json', nullable: true })
  responseBody: object | null;

  @Index('IDX_counter_idempotency_keys_createdAt')
  @Column({ type: Date })
  createdAt: Date;
}

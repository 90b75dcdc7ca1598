import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One `Idempotency-Key` of one user, bound to the request it came with (method, path and body: the fingerprint), with
 * the first answer. The row is inserted BEFORE the change runs, so concurrent duplicates hit the unique index and wait.
 */
@Entity('idempotency_keys')
@Index('UQ_idempotency_keys_user_key', ['userId', 'key'], { unique: true })
export class IdempotencyKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The user who sent the key: keys of different users never meet. */
  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 200 })
  key: string;

  /** sha256 of the method, the path and the body: the same key with another request answers 422. */
  @Column({ type: 'varchar', length: 64 })
  fingerprint: string;

  /** Null while the first request is still running. */
  @Column({ type: 'integer', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'simple-json', nullable: true })
  responseBody: object | null;

  /** When the request holding the key started (moved on a takeover). */
  @Index('IDX_idempotency_keys_createdAt')
  @Column({ type: Date })
  createdAt: Date;
}

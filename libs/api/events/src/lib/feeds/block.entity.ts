import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Block } from '@pulseboard/shared/contracts';

/**
 * Every block the feed stored, once: the hash is the key, so a block seen twice (a resubscription, two holders
 * overlapping, a backfill meeting a live head) is stored once. The block's event is written in the same transaction.
 */
@Entity('blocks')
@Index('IDX_blocks_number', ['number'])
export class BlockEntity {
  @PrimaryColumn({ type: 'varchar', length: 66 })
  hash: string;

  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'simple-json' })
  block: Block;

  /** The event that announced it. */
  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  /** Fencing token of the feed lease holding that stored it (0 for a process alone). */
  @Column({ type: 'integer' })
  fence: number;

  @Column({ type: Date })
  receivedAt: Date;
}

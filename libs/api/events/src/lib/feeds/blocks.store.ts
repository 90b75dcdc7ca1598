import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Block } from '@pulseboard/shared/contracts';
import { EventsService } from '../events.service';
import { BlockEntity } from './block.entity';

/** The stored chain: each block once (by hash), with its event, in one transaction. Any instance can read it. */
@Injectable()
export class BlocksStore {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly events: EventsService,
  ) {}

  /**
   * Stores `block` and its `block` event unless a block with that hash is stored already. `fence` is the feed
   * lease's token of the holding that stores it. True when this call stored it.
   */
  async store(block: Block, fence: number): Promise<boolean> {
    const created = await this.events.createGuarded(
      [
        {
          type: 'block',
          source: 'blocks',
          title: `Block #${block.number}`,
          severity: 'info',
          payload: { ...block },
          occurredAt: block.timestamp,
        },
      ],
      async (m, [eventId]) => {
        const row: BlockEntity = { hash: block.hash, number: block.number, block, eventId, fence, receivedAt: new Date(block.receivedAt) };
        await m.createQueryBuilder().insert().into(BlockEntity).values(row).orIgnore().execute();
        // Ours when the row holds our event id: another holding's insert of the same hash left its own.
        const stored = await m.findOne(BlockEntity, { where: { hash: block.hash }, select: { eventId: true } });
        return stored?.eventId === eventId;
      },
    );
    return created !== null;
  }

  /** The highest stored block: where a new feed holder resumes. */
  async newest(): Promise<Block | null> {
    return (await this.recent(1))[0] ?? null;
  }

  /** Newest first (by number, then by arrival for blocks of the same height). */
  async recent(limit: number): Promise<Block[]> {
    const rows = await this.ds
      .getRepository(BlockEntity)
      .find({ order: { number: 'DESC', receivedAt: 'DESC' }, take: limit, select: { block: true } });
    return rows.map((r) => r.block);
  }
}

import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { dialectTypes } from '@pulseboard/api/core';

/** The blocks feed stores each block once (unique by hash), and finds where to resume by number. */
export class CreateBlocks1732400000500 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = dialectTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'blocks',
        columns: [
          { name: 'hash', type: 'varchar', length: '66', isPrimary: true },
          { name: 'number', type: 'integer' },
          { name: 'block', type: 'text' },
          { name: 'eventId', type: 'varchar', length: '36' },
          { name: 'fence', type: 'integer' },
          { name: 'receivedAt', type: t.datetime },
        ],
      }),
    );
    await queryRunner.createIndex('blocks', new TableIndex({ name: 'IDX_blocks_number', columnNames: ['number'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('blocks');
  }
}

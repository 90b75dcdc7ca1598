import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { dialectTypes } from '@pulseboard/api/core';

export class CreateCounters1732400000200 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = dialectTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'counters',
        columns: [
          { name: 'id', type: t.uuid, isPrimary: true, isGenerated: true, generationStrategy: 'uuid' },
          { name: 'name', type: 'varchar', length: '100', isUnique: true },
          { name: 'initial', type: 'double precision' },
          { name: 'min', type: 'double precision', isNullable: true },
          { name: 'max', type: 'double precision', isNullable: true },
          { name: 'step', type: 'integer' },
          { name: 'intervalMs', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'version', type: 'integer' },
          { name: 'baseValue', type: 'double precision' },
          { name: 'anchorMs', type: 'double precision', isNullable: true },
          { name: 'createdAt', type: t.datetime },
          { name: 'updatedAt', type: t.datetime },
        ],
        indices: [new TableIndex({ name: 'IDX_counters_status', columnNames: ['status'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'counter_idempotency_keys',
        columns: [
          { name: 'id', type: t.uuid, isPrimary: true, isGenerated: true, generationStrategy: 'uuid' },
          { name: 'counterId', type: 'varchar', length: '36' },
          { name: 'key', type: 'varchar', length: '200' },
          { name: 'action', type: 'varchar', length: '16' },
          { name: 'responseStatus', type: 'integer', isNullable: true },
          { name: 'responseBody', type: 'text', isNullable: true },
          { name: 'createdAt', type: t.datetime },
        ],
        indices: [
          new TableIndex({ name: 'UQ_counter_idempotency_keys_counter_key', columnNames: ['counterId', 'key'], isUnique: true }),
          new TableIndex({ name: 'IDX_counter_idempotency_keys_createdAt', columnNames: ['createdAt'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('counter_idempotency_keys');
    await queryRunner.dropTable('counters');
  }
}

import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { dialectTypes } from '../database/migration-helpers';

/** Keys for every feature, per user and bound to their request; replaces the counters' own table (keys live 24 h). */
export class IdempotencyKeys1732600000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = dialectTypes(queryRunner);
    if (await queryRunner.hasTable('counter_idempotency_keys')) await queryRunner.dropTable('counter_idempotency_keys');
    await queryRunner.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [
          { name: 'id', type: t.uuid, isPrimary: true, isGenerated: true, generationStrategy: 'uuid' },
          { name: 'userId', type: 'varchar', length: '36' },
          { name: 'key', type: 'varchar', length: '200' },
          { name: 'fingerprint', type: 'varchar', length: '64' },
          { name: 'responseStatus', type: 'integer', isNullable: true },
          { name: 'responseBody', type: 'text', isNullable: true },
          { name: 'createdAt', type: t.datetime },
        ],
        indices: [
          new TableIndex({ name: 'UQ_idempotency_keys_user_key', columnNames: ['userId', 'key'], isUnique: true }),
          new TableIndex({ name: 'IDX_idempotency_keys_createdAt', columnNames: ['createdAt'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('idempotency_keys');
  }
}

import { MigrationInterface, QueryRunner, Table, TableUnique } from 'typeorm';
import { dialectTypes } from '@pulseboard/api/core';

export class CreateUsers1732300000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = dialectTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: t.uuid, isPrimary: true, isGenerated: true, generationStrategy: 'uuid' },
          { name: 'username', type: 'varchar', length: '64' },
          { name: 'passwordHash', type: 'varchar', length: '100' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'createdAt', type: t.datetime, default: t.now },
          { name: 'updatedAt', type: t.datetime, default: t.now },
        ],
        uniques: [new TableUnique({ name: 'UQ_users_username', columnNames: ['username'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('users');
  }
}

import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { dialectTypes } from '@pulseboard/api/core';

export class CreateAuditEntries1732500000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = dialectTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'audit_entries',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'at', type: t.datetime },
          { name: 'actorId', type: 'varchar', length: '36', isNullable: true },
          { name: 'actorUsername', type: 'varchar', length: '64', isNullable: true },
          { name: 'action', type: 'varchar', length: '64' },
          { name: 'resourceType', type: 'varchar', length: '32' },
          { name: 'resourceId', type: 'varchar', length: '128', isNullable: true },
          { name: 'status', type: 'integer' },
          { name: 'ip', type: 'varchar', length: '64' },
          { name: 'requestId', type: 'varchar', length: '128' },
          { name: 'method', type: 'varchar', length: '8' },
          { name: 'path', type: 'varchar', length: '512' },
        ],
        indices: [
          new TableIndex({ name: 'IDX_audit_at', columnNames: ['at', 'id'] }),
          new TableIndex({ name: 'IDX_audit_actor_at', columnNames: ['actorUsername', 'at'] }),
          new TableIndex({ name: 'IDX_audit_action_at', columnNames: ['action', 'at'] }),
          new TableIndex({ name: 'IDX_audit_resource_at', columnNames: ['resourceType', 'resourceId', 'at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_entries');
  }
}

import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { dialectTypes } from '@pulseboard/api/core';

export class CreateEvents1732400000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = dialectTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'events',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'type', type: 'varchar', length: '64' },
          { name: 'source', type: 'varchar', length: '64' },
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'titleKey', type: 'varchar', length: '200' },
          { name: 'severity', type: 'varchar', length: '16' },
          { name: 'payload', type: 'text' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'occurredAt', type: t.datetime },
          { name: 'createdAt', type: t.datetime },
          { name: 'updatedAt', type: t.datetime },
          { name: 'completedAt', type: t.datetime, isNullable: true },
          { name: 'completedBy', type: 'varchar', length: '64', isNullable: true },
          { name: 'version', type: 'integer' },
        ],
      }),
    );
    const indexes: [string, string[]][] = [
      ['IDX_events_occurred', ['occurredAt', 'id']],
      ['IDX_events_created', ['createdAt', 'id']],
      ['IDX_events_title', ['title', 'id']],
      ['IDX_events_status_occurred', ['status', 'occurredAt', 'id']],
      ['IDX_events_type_occurred', ['type', 'occurredAt', 'id']],
      ['IDX_events_source_occurred', ['source', 'occurredAt', 'id']],
      ['IDX_events_severity_occurred', ['severity', 'occurredAt', 'id']],
      ['IDX_events_title_key', ['titleKey']],
    ];
    for (const [name, columnNames] of indexes) {
      await queryRunner.createIndex('events', new TableIndex({ name, columnNames }));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('events');
  }
}

import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { dialectTypes } from '@pulseboard/api/core';

export class CreateJobs1732400000300 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = dialectTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'jobs',
        columns: [
          { name: 'id', type: t.uuid, isPrimary: true, isGenerated: true, generationStrategy: 'uuid' },
          { name: 'type', type: 'varchar', length: '64' },
          { name: 'payload', type: 'text' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'progress', type: 'integer' },
          { name: 'attempts', type: 'integer' },
          { name: 'maxAttempts', type: 'integer' },
          { name: 'result', type: 'text', isNullable: true },
          { name: 'error', type: 'text', isNullable: true },
          { name: 'priority', type: 'integer' },
          { name: 'createdAt', type: t.datetime },
          { name: 'startedAt', type: t.datetime, isNullable: true },
          { name: 'finishedAt', type: t.datetime, isNullable: true },
          { name: 'updatedAt', type: t.datetime },
        ],
        indices: [
          new TableIndex({ name: 'IDX_jobs_createdAt', columnNames: ['createdAt'] }),
          new TableIndex({ name: 'IDX_jobs_status_createdAt', columnNames: ['status', 'createdAt'] }),
          new TableIndex({ name: 'IDX_jobs_type_createdAt', columnNames: ['type', 'createdAt'] }),
          new TableIndex({ name: 'IDX_jobs_finishedAt', columnNames: ['finishedAt'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('jobs');
  }
}

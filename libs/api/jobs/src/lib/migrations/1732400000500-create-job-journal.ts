import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { dialectTypes } from '@pulseboard/api/core';

export class CreateJobJournal1732400000500 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = dialectTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'job_attempts',
        columns: [
          { name: 'jobId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'attempt', type: 'integer', isPrimary: true },
          { name: 'startedAt', type: t.datetime },
          { name: 'finishedAt', type: t.datetime, isNullable: true },
          { name: 'error', type: 'varchar', length: '2000', isNullable: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'job_logs',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'jobId', type: 'varchar', length: '36' },
          { name: 'at', type: t.datetime },
          { name: 'line', type: 'varchar', length: '1000' },
        ],
        indices: [new TableIndex({ name: 'IDX_job_logs_jobId_id', columnNames: ['jobId', 'id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('job_logs');
    await queryRunner.dropTable('job_attempts');
  }
}

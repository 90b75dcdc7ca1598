import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/** The console's most common combined filter (open + a severity): counting it walked every event of that severity. */
export class EventsStatusSeverityIndex1732400000400 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'events',
      new TableIndex({ name: 'IDX_events_status_severity_occurred', columnNames: ['status', 'severity', 'occurredAt', 'id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('events', 'IDX_events_status_severity_occurred');
  }
}

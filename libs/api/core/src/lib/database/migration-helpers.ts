import type { QueryRunner } from 'typeorm';

export interface DialectTypes {
  /** Column type of a `Date` property. */
  datetime: string;
  /** Default of a CreateDateColumn / UpdateDateColumn, as TypeORM writes it for this database. */
  now: string;
  uuid: string;
}

/** Column types that differ between SQLite and PostgreSQL, so one migration serves both. */
export function dialectTypes(queryRunner: QueryRunner): DialectTypes {
  const pg = queryRunner.connection.options.type === 'postgres';
  return pg ? { datetime: 'timestamp', now: 'now()', uuid: 'uuid' } : { datetime: 'datetime', now: "datetime('now')", uuid: 'varchar' };
}

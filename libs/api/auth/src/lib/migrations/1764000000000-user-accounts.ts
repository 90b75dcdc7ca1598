import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** `disabled`, `tokenVersion`, and usernames unique without regard to case (a unique index on lower(username)). */
export class UserAccounts1764000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const clashes: { name: string }[] = await queryRunner.query(
      `SELECT lower("username") AS name FROM "users" GROUP BY lower("username") HAVING COUNT(*) > 1`,
    );
    if (clashes.length) {
      // Renaming someone silently would be worse than stopping: say which names to fix.
      throw new Error(
        `Usernames must be unique without regard to case; rename all but one of each before upgrading: ${clashes.map((c) => c.name).join(', ')}`,
      );
    }
    const pg = queryRunner.connection.options.type === 'postgres';
    await queryRunner.addColumns('users', [
      // TypeORM writes an entity's `default: false` as 0 on SQLite; the same here, or it sees a difference.
      new TableColumn({ name: 'disabled', type: 'boolean', default: pg ? false : 0 }),
      new TableColumn({ name: 'tokenVersion', type: 'integer', default: 0 }),
    ]);
    // SQLite: the column with a case-blind collation (TypeORM reads that back as an index on `username`, as the
    // entity declares it); PostgreSQL: an expression index. Lookups use lower("username"), which both can serve.
    const column = pg ? 'lower("username")' : '"username" COLLATE NOCASE';
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_username_ci" ON "users" (${column})`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_users_username_ci"`);
    await queryRunner.dropColumns('users', ['tokenVersion', 'disabled']);
  }
}

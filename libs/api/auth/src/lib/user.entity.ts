import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Role, User } from '@pulseboard/shared/contracts';

/** Unique index on lower(username): usernames are unique without regard to case (created by the migration). */
export const USERNAME_CI_INDEX = 'UQ_users_username_ci';

@Entity('users')
// Constraint names are explicit so the migration creates exactly this schema on SQLite and PostgreSQL.
@Unique('UQ_users_username', ['username'])
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  // An expression index TypeORM cannot describe: declared so schema comparison leaves it alone.
  @Index(USERNAME_CI_INDEX, { synchronize: false })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 100 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /** Tokens carry the version they were issued under; +1 on a password change or a disable ends them all. */
  @Column({ type: 'integer', default: 0 })
  tokenVersion: number;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}

export function toUser(e: UserEntity): User {
  return { id: e.id, username: e.username, role: e.role, disabled: !!e.disabled, createdAt: e.createdAt.toISOString() };
}

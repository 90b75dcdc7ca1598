import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Role, User } from '@pulseboard/shared/contracts';

@Entity('users')
// Constraint names are explicit so the migration creates exactly this schema on SQLite and PostgreSQL.
@Unique('UQ_users_username', ['username'])
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 100 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}

export function toUser(e: UserEntity): User {
  return { id: e.id, username: e.username, role: e.role };
}

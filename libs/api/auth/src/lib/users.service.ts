import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { InjectConfig, isUniqueViolation, PulseboardConfig, SqlDialect, UnitOfWork } from '@pulseboard/api/core';
import type { CreateUserRequest, UpdateUserRequest, User } from '@pulseboard/shared/contracts';
import { DUMMY_HASH, PasswordHasher } from './password-hasher';
import { toUser, UserEntity } from './user.entity';
import { UserStateService } from './user-state.service';

/** 409 message when a change would leave no enabled admin. */
export const LAST_ADMIN_MESSAGE =
  'This is the last enabled admin: make another user admin (or enable one) before disabling or demoting this one';

/** The only writer of the users table. */
@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly sql: SqlDialect,
    private readonly uow: UnitOfWork,
    @InjectConfig() private readonly cfg: PulseboardConfig,
    private readonly hasher: PasswordHasher,
    private readonly states: UserStateService,
  ) {}

  /**
   * The first admin: from ADMIN_USERNAME / ADMIN_PASSWORD, or a generated password printed once in development.
   * Once it exists, ADMIN_PASSWORD is applied only with ADMIN_PASSWORD_RESET=on; otherwise a different one is
   * announced as ignored (never dropped silently).
   */
  async onApplicationBootstrap(): Promise<void> {
    const { adminUsername: name, adminPassword, adminPasswordReset } = this.cfg;
    const existing = await this.findByName(name);
    if (existing) {
      if (adminPassword === null) return;
      if (adminPasswordReset) {
        await this.resetAdmin(existing, adminPassword);
      } else if (!(await this.hasher.compare(adminPassword, existing.passwordHash))) {
        this.logger.warn(
          `ADMIN_PASSWORD is ignored: user '${existing.username}' already exists with another password; ` +
            `start once with ADMIN_PASSWORD_RESET=on to apply it, or change it with PATCH /api/users/${existing.id}`,
        );
      }
      return;
    }
    const password = adminPassword ?? randomBytes(12).toString('base64url');
    try {
      await this.create({ username: name, password, role: 'admin' });
    } catch (e) {
      // Another instance created it first.
      if (e instanceof ConflictException) return;
      throw e;
    }
    if (!adminPassword) {
      // Printed once, on the start that creates the admin; not through the JSON logger so it stands out.
      process.stdout.write(
        `\n  Pulseboard: created admin user '${name}' with generated password: ${password}\n` +
          `  (set ADMIN_PASSWORD to choose it; this is shown only once)\n\n`,
      );
    } else {
      this.logger.log(`Created admin user '${name}'`);
    }
  }

  async create(req: CreateUserRequest): Promise<User> {
    const passwordHash = await this.hasher.hash(req.password);
    try {
      // No implicit transaction: SQLite's one connection is shared (units of work hold it through its gate).
      const saved = await this.users.save(this.users.create({ username: req.username, passwordHash, role: req.role }), {
        transaction: false,
      });
      return toUser(saved);
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new ConflictException(`A user named '${req.username}' already exists (names are compared without regard to case)`);
      }
      throw e;
    }
  }

  /** Every user, by name (an admin's list; a deployment has few). */
  async list(): Promise<User[]> {
    const rows = await this.users.find({ order: { username: 'ASC' } });
    return rows.map(toUser);
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id } });
  }

  /**
   * Changes role, disabled and/or password in one statement. A password change or a disable raises the token
   * version (the user's tokens stop working); a role change applies to the user's next request. Every instance
   * learns of the change through UserStateService, which also closes the user's sockets.
   */
  async update(id: string, req: UpdateUserRequest): Promise<User> {
    if (req.role === undefined && req.disabled === undefined && req.password === undefined) {
      throw new BadRequestException('Give at least one of role, disabled, password');
    }
    const sets: string[] = [];
    const params: Record<string, unknown> = { id };
    if (req.role !== undefined) {
      sets.push(`"role" = :role`);
      params['role'] = req.role;
    }
    if (req.disabled !== undefined) {
      sets.push(`"disabled" = :disabled`);
      params['disabled'] = req.disabled;
    }
    if (req.password !== undefined) {
      sets.push(`"passwordHash" = :hash`);
      params['hash'] = await this.hasher.hash(req.password);
    }
    if (req.password !== undefined || req.disabled === true) sets.push(`"tokenVersion" = "tokenVersion" + 1`);
    sets.push(`"updatedAt" = CURRENT_TIMESTAMP`);
    // Could this change take away an enabled admin? Then it needs another enabled admin to remain.
    const mayRemoveAdmin = (req.role !== undefined && req.role !== 'admin') || req.disabled === true;
    const guard = mayRemoveAdmin
      ? ` AND (NOT ("role" = 'admin' AND "disabled" = false)
              OR EXISTS (SELECT 1 FROM "users" o WHERE o."role" = 'admin' AND o."disabled" = false AND o."id" <> :id))`
      : '';
    const rows = await this.updateReturning(
      `UPDATE "users" SET ${sets.join(', ')} WHERE "id" = :id${guard} RETURNING *`,
      params,
      mayRemoveAdmin,
    );
    if (!rows.length) {
      if (!(await this.users.exist({ where: { id } }))) throw new NotFoundException(`No user with id ${id}`);
      throw new ConflictException(LAST_ADMIN_MESSAGE);
    }
    await this.states.changed(id);
    return toUser(rows[0]);
  }

  /** The user's own change: needs the current password; every token of the user ends (log in again). */
  async changePassword(id: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.findById(id);
    if (!user || !(await this.hasher.compare(currentPassword, user.passwordHash))) {
      throw new BadRequestException(['currentPassword is not your current password']);
    }
    await this.update(id, { password: newPassword });
  }

  /** The user when the password matches and it is enabled; null otherwise (same answer for an unknown user). */
  async verify(username: string, password: string): Promise<UserEntity | null> {
    const user = await this.findByName(username);
    // Compare against a dummy hash for unknown users so response time does not reveal which usernames exist.
    const ok = await this.hasher.compare(password, user?.passwordHash ?? DUMMY_HASH);
    return user && ok && !user.disabled ? user : null;
  }

  private findByName(username: string): Promise<UserEntity | null> {
    // lower(username) is what the unique index covers on PostgreSQL. SQLite's index is on the name with NOCASE, which
    // compares ASCII names (all usernames are) alike but does not serve lower(): a scan there, of few rows.
    return this.users.createQueryBuilder('u').where('lower(u.username) = lower(:username)', { username }).getOne();
  }

  private async resetAdmin(admin: UserEntity, password: string): Promise<void> {
    await this.users.update(admin.id, {
      passwordHash: await this.hasher.hash(password),
      role: 'admin',
      disabled: false,
      tokenVersion: Number(admin.tokenVersion) + 1,
    });
    await this.states.changed(admin.id);
    this.logger.warn(
      `ADMIN_PASSWORD_RESET=on: user '${admin.username}' has ADMIN_PASSWORD as its password again, is enabled and admin; ` +
        `remove ADMIN_PASSWORD_RESET so later starts keep passwords changed since`,
    );
  }

  private updateReturning(sql: string, named: Record<string, unknown>, lockAdmins: boolean): Promise<UserEntity[]> {
    if (!lockAdmins || !this.sql.postgres) return this.sql.returning(UserEntity, sql, named);
    // PostgreSQL: two admins demoting each other at once would each see the other still admin. Locking the enabled
    // admins first makes the second wait, then see the first's change. (SQLite runs one writer at a time.)
    return this.uow.run(async () => {
      await this.sql.execute(`SELECT "id" FROM "users" WHERE "role" = 'admin' AND "disabled" = false FOR UPDATE`, []);
      return this.sql.returning(UserEntity, sql, named);
    });
  }
}

import { ConflictException, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import * as bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { InjectConfig, isUniqueViolation, PulseboardConfig } from '@pulseboard/api/core';
import type { CreateUserRequest, Page, User } from '@pulseboard/shared/contracts';
import { toUser, UserEntity } from './user.entity';

const BCRYPT_ROUNDS = 10;

/** The only writer of the users table. */
@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectConfig() private readonly cfg: PulseboardConfig,
  ) {}

  /** The first admin: from ADMIN_USERNAME / ADMIN_PASSWORD, or a generated password printed once in development. */
  async onApplicationBootstrap(): Promise<void> {
    if (await this.users.exist({ where: { username: this.cfg.adminUsername } })) return;
    const password = this.cfg.adminPassword ?? randomBytes(12).toString('base64url');
    try {
      await this.create({ username: this.cfg.adminUsername, password, role: 'admin' });
    } catch (e) {
      // Another instance created it first.
      if (e instanceof ConflictException) return;
      throw e;
    }
    if (!this.cfg.adminPassword) {
      // Printed once, on the start that creates the admin; not through the JSON logger so it stands out.
      process.stdout.write(
        `\n  Pulseboard: created admin user '${this.cfg.adminUsername}' with generated password: ${password}\n` +
          `  (set ADMIN_PASSWORD to choose it; this is shown only once)\n\n`,
      );
    } else {
      this.logger.log(`Created admin user '${this.cfg.adminUsername}'`);
    }
  }

  async create(req: CreateUserRequest): Promise<User> {
    const passwordHash = await bcrypt.hash(req.password, BCRYPT_ROUNDS);
    try {
      const saved = await this.users.save(this.users.create({ username: req.username, passwordHash, role: req.role }));
      return toUser(saved);
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictException(`A user named '${req.username}' already exists`);
      throw e;
    }
  }

  async list(page: number, pageSize: number): Promise<Page<User>> {
    const [rows, total] = await this.users.findAndCount({
      order: { username: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: rows.map(toUser), total, page, pageSize, nextCursor: null };
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id } });
  }

  /** The user when the password matches; null otherwise (same answer for an unknown user). */
  async verify(username: string, password: string): Promise<UserEntity | null> {
    const user = await this.users.findOne({ where: { username } });
    // Compare against a dummy hash for unknown users so response time does not reveal which usernames exist.
    const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
    return user && ok ? user : null;
  }
}

const DUMMY_HASH = bcrypt.hashSync('pulseboard-dummy-password', BCRYPT_ROUNDS);

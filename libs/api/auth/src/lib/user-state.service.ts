import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { InjectConfig, PulseboardConfig, REDIS, redisOptionsFromUrl, redisRetryStrategy } from '@pulseboard/api/core';
import type { Role } from '@pulseboard/shared/contracts';
import { UserEntity } from './user.entity';

/** What each request checks its token against: the user's current role, whether it is disabled, its token version. */
export interface UserState {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  tokenVersion: number;
}

/** A user changed (`userId`), or `null`: anything may have changed (invalidations may have been missed). */
export type UserChangeListener = (userId: string | null) => void;

/** Redis channel on which every instance hears which user changed. */
export const userChangesChannel = (queuePrefix: string): string => `${queuePrefix}:users:changed`;

/** A safety net only: entries are dropped on every change message; this bounds a lost message's effect. */
const CACHE_TTL_MS = 30_000;
const CACHE_SIZE = 10_000;
/** Longest a change waits to hear its own announcement back (see `changed`). */
const ECHO_TIMEOUT_MS = 1000;

/**
 * The user state behind every authenticated request, cached per instance. The cache is trusted only while this
 * instance is subscribed to the change channel: a change made on any instance drops the entry everywhere before
 * the user's next request. While the subscription is down every request reads the database, and on resubscribe the
 * cache starts empty and listeners are told to check everything again.
 */
@Injectable()
export class UserStateService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(UserStateService.name);
  private readonly cache = new Map<string, { state: UserState | null; atMs: number }>();
  private readonly listeners = new Set<UserChangeListener>();
  private sub?: Redis;
  private trusted = false;
  /** +1 on every invalidation: a read that started before one must not fill the cache with what it read. */
  private epoch = 0;
  /** Announcements of this instance waiting for their echo, by their nonce. */
  private readonly echoes = new Map<string, () => void>();

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @Inject(REDIS) private readonly redis: Redis,
    @InjectConfig() private readonly cfg: PulseboardConfig,
  ) {}

  onModuleInit(): void {
    const channel = userChangesChannel(this.cfg.queuePrefix);
    const sub = new Redis({
      ...redisOptionsFromUrl(this.cfg.redisUrl),
      retryStrategy: redisRetryStrategy,
      maxRetriesPerRequest: null,
      autoResubscribe: false,
    });
    this.sub = sub;
    sub.on('error', () => undefined); // the shared client reports Redis outages
    sub.on('ready', () => {
      sub.subscribe(channel).then(
        () => {
          this.trusted = true;
          this.notify(null);
        },
        (e: Error) => this.logger.warn(`user changes subscribe failed: ${e.message}`),
      );
    });
    sub.on('close', () => this.distrust());
    sub.on('message', (_ch: string, msg: string) => {
      const [userId, nonce] = msg.split(' ');
      this.invalidate(userId);
      this.echoes.get(nonce)?.();
    });
  }

  onApplicationShutdown(): void {
    this.sub?.disconnect();
  }

  /** Whether the cache is in use (this instance hears every change); for tests and health. */
  get subscribed(): boolean {
    return this.trusted;
  }

  async get(userId: string): Promise<UserState | null> {
    const hit = this.trusted ? this.cache.get(userId) : undefined;
    if (hit && Date.now() - hit.atMs < CACHE_TTL_MS) return hit.state;
    const epoch = this.epoch;
    const row = await this.users.findOne({
      where: { id: userId },
      select: { id: true, username: true, role: true, disabled: true, tokenVersion: true },
    });
    const state: UserState | null = row
      ? { id: row.id, username: row.username, role: row.role, disabled: !!row.disabled, tokenVersion: Number(row.tokenVersion) }
      : null;
    if (this.trusted && epoch === this.epoch) this.remember(userId, state);
    return state;
  }

  /**
   * After a committed change to a user: drop it here at once, and on every other instance through Redis. Resolves
   * once this instance has heard its own announcement back: Redis has then handed it to every subscriber, so the
   * answer that follows cannot overtake it to another instance.
   */
  async changed(userId: string): Promise<void> {
    this.invalidate(userId);
    const nonce = randomUUID();
    const echoed = this.trusted
      ? new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ECHO_TIMEOUT_MS);
          this.echoes.set(nonce, () => {
            clearTimeout(timer);
            resolve();
          });
        })
      : Promise.resolve();
    try {
      await this.redis.publish(userChangesChannel(this.cfg.queuePrefix), `${userId} ${nonce}`);
      await echoed;
    } catch (e) {
      // Instances that miss it have lost their subscription too, so they read the database until they resubscribe.
      this.logger.warn(`could not announce the change of user ${userId}: ${(e as Error).message}`);
    } finally {
      this.echoes.delete(nonce);
    }
  }

  /** Called with each changed user id (this instance's changes and the others'); returns the unsubscribe. */
  onChange(listener: UserChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private invalidate(userId: string): void {
    this.epoch++;
    this.cache.delete(userId);
    this.notify(userId);
  }

  private distrust(): void {
    this.trusted = false;
    this.epoch++;
    this.cache.clear();
  }

  private remember(userId: string, state: UserState | null): void {
    if (this.cache.size >= CACHE_SIZE) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(userId, { state, atMs: Date.now() });
  }

  private notify(userId: string | null): void {
    for (const l of this.listeners) {
      try {
        l(userId);
      } catch (e) {
        this.logger.warn(`user change listener failed: ${(e as Error).message}`);
      }
    }
  }
}

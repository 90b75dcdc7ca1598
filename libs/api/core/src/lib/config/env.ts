// Reads and validates the process environment once: every variable of docs/contract.md's configuration table.
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';
export type QueueProcessorsMode = 'inline' | 'off';
export type SocketAdapterMode = 'memory' | 'redis';

export interface PulseboardEnv {
  nodeEnv: NodeEnv;
  port: number;
  host: string;
  logLevel: string;
  sqlitePath: string;
  databaseUrl: string | null;
  redisUrl: string;
  queuePrefix: string;
  queueProcessors: QueueProcessorsMode;
  socketAdapter: SocketAdapterMode;
  jwtSecret: string;
  jwtSecretGenerated: boolean;
  jwtExpiresInSec: number;
  adminUsername: string;
  adminPassword: string | null;
  /** ADMIN_PASSWORD_RESET=on: at start, set the admin's password to ADMIN_PASSWORD, enable it and make it admin again. */
  adminPasswordReset: boolean;
  /**
   * Which proxies' `X-Forwarded-For` to believe for the client address (TRUST_PROXY, Express `trust proxy` syntax):
   * false (default: the socket's peer is the client), true (any), a hop count, or addresses / CIDRs / the names
   * `loopback`, `linklocal`, `uniquelocal`.
   */
  trustProxy: TrustProxy;
  consoleDir: string | null;
  unsplashApiUrl: string;
  unsplashAccessKey: string | null;
  unsplashRateLimitPerHour: number;
  feedBlocksWsUrl: string | null;
  feedBlocksSimIntervalMs: number;
  exportDir: string;
  /** Base delay of a job's exponential retry backoff (JOB_BACKOFF_MS, default 500). */
  jobBackoffMs: number;
  /** Bull lock duration of a running job; a dead worker's job is taken over after about this long (JOB_LOCK_MS, default 30000). */
  jobLockMs: number;
  /** Jobs one process runs at once per queue (`jobs`, `jobs-image`) (JOB_CONCURRENCY, default 50). */
  jobConcurrency: number;
  /** Days an audit entry is kept (AUDIT_RETENTION_DAYS, default 90). */
  auditRetentionDays: number;
  /** Comma-separated `host` / `host:port` that outbound job calls may reach although internal (WEBHOOK_ALLOWED_HOSTS). */
  webhookAllowedHosts: string;
  /** Longest graceful shutdown after SIGTERM before the process exits anyway (SHUTDOWN_TIMEOUT_MS, default 10 s). */
  shutdownTimeoutMs: number;
  /** Serve /api/docs and /api/docs-json (SWAGGER=on|off; default on, off in production). */
  swagger: boolean;
  /** The file a worker touches every few seconds while its queues reach Redis (WORKER_HEALTH_FILE; its healthcheck). */
  workerHealthFile: string;
}

export type TrustProxy = boolean | number | string[];

/** Thrown for an invalid environment; the message names the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return def;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(`${name} must be an integer, got '${raw}'`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function oneOf<T extends string>(env: Env, name: string, def: T, allowed: readonly T[]): T {
  const raw = str(env, name);
  if (raw === undefined) return def;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got '${raw}'`);
  }
  return raw as T;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = str(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL (${protocols.join(' or ')}), got '${raw}'`);
  }
  if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got '${parsed.protocol}'`);
  }
  return raw;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function trustProxy(env: Env): TrustProxy {
  const raw = str(env, 'TRUST_PROXY');
  if (raw === undefined || raw === 'off' || raw === 'false') return false;
  if (raw === 'on' || raw === 'true') return true;
  if (/^\d+$/.test(raw)) return int(env, 'TRUST_PROXY', 0, 0, 100);
  const parts = raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  for (const p of parts) {
    const [addr, bits, ...rest] = p.split('/');
    const family = isIP(addr);
    const bitsOk =
      bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32)) || (family === 4 && isIP(bits) === 4);
    if (PROXY_NAMES.includes(p)) continue;
    if (!family || !bitsOk || rest.length) {
      throw new ConfigError(
        `TRUST_PROXY must be off, on, a hop count, or a comma-separated list of addresses, CIDRs or ${PROXY_NAMES.join(', ')}; got '${p}'`,
      );
    }
  }
  return parts;
}

// One generated secret per process, so every module of one start agrees on it.
let generatedJwtSecret: string | undefined;

export function parseEnv(env: Env = process.env): PulseboardEnv {
  const nodeEnv = oneOf<NodeEnv>(env, 'NODE_ENV', 'development', ['development', 'production', 'test']);
  const production = nodeEnv === 'production';

  const jwtSecretRaw = str(env, 'JWT_SECRET');
  if (production && !jwtSecretRaw) throw new ConfigError('JWT_SECRET is required when NODE_ENV=production');
  if (jwtSecretRaw !== undefined && jwtSecretRaw.length < 16) {
    throw new ConfigError('JWT_SECRET must be at least 16 characters long');
  }
  const adminPassword = str(env, 'ADMIN_PASSWORD') ?? null;
  if (production && !adminPassword) throw new ConfigError('ADMIN_PASSWORD is required when NODE_ENV=production');
  if (adminPassword !== null && (Buffer.byteLength(adminPassword) < 8 || Buffer.byteLength(adminPassword) > 72)) {
    throw new ConfigError('ADMIN_PASSWORD must be 8 to 72 bytes long (bcrypt reads at most 72)');
  }
  const adminPasswordReset = oneOf(env, 'ADMIN_PASSWORD_RESET', 'off', ['on', 'off']) === 'on';
  if (adminPasswordReset && !adminPassword) throw new ConfigError('ADMIN_PASSWORD_RESET=on needs ADMIN_PASSWORD');
  const adminUsername = str(env, 'ADMIN_USERNAME') ?? 'admin';
  if (!/^[A-Za-z0-9_.-]{3,64}$/.test(adminUsername)) {
    throw new ConfigError(`ADMIN_USERNAME must be 3-64 letters, digits, '.', '_' or '-', got '${adminUsername}'`);
  }
  if (!jwtSecretRaw) generatedJwtSecret ??= randomBytes(32).toString('hex');

  return {
    nodeEnv,
    port: int(env, 'PORT', 3000, 0, 65535),
    host: str(env, 'HOST') ?? '0.0.0.0',
    logLevel: oneOf(env, 'LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info', [
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
      'silent',
    ]),
    sqlitePath: str(env, 'SQLITE_PATH') ?? 'data/pulseboard.sqlite',
    databaseUrl: url(env, 'DATABASE_URL', ['postgres', 'postgresql']) ?? null,
    redisUrl: url(env, 'REDIS_URL', ['redis', 'rediss']) ?? 'redis://127.0.0.1:6379',
    queuePrefix: str(env, 'QUEUE_PREFIX') ?? 'pulseboard',
    queueProcessors: oneOf<QueueProcessorsMode>(env, 'QUEUE_PROCESSORS', 'inline', ['inline', 'off']),
    socketAdapter: oneOf<SocketAdapterMode>(env, 'SOCKET_ADAPTER', 'memory', ['memory', 'redis']),
    jwtSecret: jwtSecretRaw ?? (generatedJwtSecret as string),
    jwtSecretGenerated: !jwtSecretRaw,
    jwtExpiresInSec: int(env, 'JWT_EXPIRES_IN_SEC', 8 * 3600, 60, 30 * 24 * 3600),
    adminUsername,
    adminPassword,
    adminPasswordReset,
    trustProxy: trustProxy(env),
    consoleDir: str(env, 'CONSOLE_DIR') ?? null,
    unsplashApiUrl: url(env, 'UNSPLASH_API_URL', ['http', 'https']) ?? 'https://api.unsplash.com',
    unsplashAccessKey: str(env, 'UNSPLASH_ACCESS_KEY') ?? null,
    unsplashRateLimitPerHour: int(env, 'UNSPLASH_RATE_LIMIT_PER_HOUR', 50, 1, 1_000_000),
    feedBlocksWsUrl: url(env, 'FEED_BLOCKS_WS_URL', ['ws', 'wss']) ?? null,
    feedBlocksSimIntervalMs: int(env, 'FEED_BLOCKS_SIM_INTERVAL_MS', 12000, 100, 3_600_000),
    exportDir: str(env, 'EXPORT_DIR') ?? 'data/exports',
    jobBackoffMs: int(env, 'JOB_BACKOFF_MS', 500, 1, 600_000),
    jobLockMs: int(env, 'JOB_LOCK_MS', 30_000, 500, 600_000),
    jobConcurrency: int(env, 'JOB_CONCURRENCY', 50, 1, 1000),
    auditRetentionDays: int(env, 'AUDIT_RETENTION_DAYS', 90, 1, 36_500),
    webhookAllowedHosts: str(env, 'WEBHOOK_ALLOWED_HOSTS') ?? '',
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    swagger: oneOf(env, 'SWAGGER', production ? 'off' : 'on', ['on', 'off']) === 'on',
    workerHealthFile: str(env, 'WORKER_HEALTH_FILE') ?? join(tmpdir(), 'pulseboard-worker.alive'),
  };
}

/** For a process entry point: validates the environment, or prints one line naming the variable and exits 1. */
export function exitOnInvalidConfig(env: Env = process.env): void {
  try {
    parseEnv(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`Invalid configuration: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

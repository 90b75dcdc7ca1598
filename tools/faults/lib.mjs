// Shared pieces of the fault suite: the built API and worker as real processes, a private redis-server, a fresh
// PostgreSQL database, HTTP with bounded time, and load loops that stop by themselves. Loopback only.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const ADMIN = { username: 'admin', password: 'fault-admin-password' };

const children = new Set();
export function killAll() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}
process.on('exit', killAll);

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

export async function waitFor(fn, what, timeoutMs = 30_000, intervalMs = 100) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await sleep(intervalMs);
  }
}

export function tempDir(prefix = 'pulseboard-fault-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function track(proc, label) {
  children.add(proc);
  let out = '';
  proc.stdout?.on('data', (b) => (out += b.toString()));
  proc.stderr?.on('data', (b) => (out += b.toString()));
  const exited = new Promise((r) => proc.once('exit', (code, signal) => (children.delete(proc), r(code ?? signal))));
  return {
    proc,
    label,
    output: () => out,
    exited,
    kill(signal = 'SIGKILL') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** The environment every app process of one deployment shares. */
export function deploymentEnv(overrides = {}) {
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    REDIS_URL,
    QUEUE_PREFIX: `pbfault-${randomBytes(4).toString('hex')}`,
    JWT_SECRET: 'fault-suite-secret-0123456789abcdef',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    FEED_BLOCKS_SIM_INTERVAL_MS: '3600000',
    DATABASE_URL: '',
    ...overrides,
  };
}

/** `node dist/apps/api/main.js` on a free port; resolves once /api/health answers. */
export async function startApi(env) {
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [join(ROOT, 'dist/apps/api/main.js')], {
      cwd: ROOT,
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
    'api',
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.proc.exitCode !== null) throw new Error(`the API exited: ${child.output().slice(-2000)}`);
      return (await fetch(`${url}/api/health`)).ok;
    },
    'the API to answer /api/health',
    60_000,
  );
  return { ...child, url, port };
}

/** `node dist/apps/worker/main.js`; resolves once it says it is ready. */
export async function startWorker(env) {
  const child = track(
    spawn(process.execPath, [join(ROOT, 'dist/apps/worker/main.js')], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
    'worker',
  );
  await waitFor(
    () => {
      if (child.proc.exitCode !== null) throw new Error(`the worker exited: ${child.output().slice(-2000)}`);
      return /Pulseboard worker ready/.test(child.output());
    },
    'the worker to start',
    60_000,
  );
  return child;
}

/** A private redis-server on a free port; with `dir`, it keeps its data in an append-only file there across restarts. */
export async function startRedis({ port, dir } = {}) {
  const p = port ?? (await freePort());
  const args = ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--daemonize', 'no', '--maxmemory-policy', 'noeviction'];
  if (dir) args.push('--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always');
  else args.push('--appendonly', 'no');
  const child = track(spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] }), 'redis');
  await waitFor(() => /Ready to accept connections/.test(child.output()), 'redis-server to start', 15_000);
  return { ...child, port: p, url: `redis://127.0.0.1:${p}` };
}

/** A fresh PostgreSQL database (psql as the trusted `postgres` user); `drop()` removes it. */
export function createPgDatabase() {
  const name = `pbfault_${randomBytes(5).toString('hex')}`;
  const u = new URL(PG_URL);
  const psqlIn = (database) => (sql) => {
    const r = spawnSync(
      'psql',
      ['-h', u.hostname, '-p', u.port || '5432', '-U', u.username || 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-Atc', sql],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
    return r.stdout.trim();
  };
  const psql = psqlIn(u.pathname.slice(1));
  psql(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  // `psql` runs in the maintenance database (pg_terminate_backend and the like), `query` in the new one.
  return { name, url: url.toString(), psql, query: psqlIn(name), drop: () => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** fetch with a time limit; never throws for an HTTP status, only for a network error or the limit. */
export async function http(base, method, path, { token, body, timeoutMs = 10_000, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  const res = await fetch(base + path, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, text, headers: res.headers };
}

export async function login(base, user = ADMIN) {
  const r = await http(base, 'POST', '/api/auth/login', { body: user });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.text}`);
  return r.json.accessToken;
}

/**
 * Runs `connections` loops of `fn(i)` until `stop()` is called or `maxMs` passes, counting the calls in flight.
 * `fn` resolves with any value (an answer) or rejects (no answer).
 */
export function loadLoops(connections, fn, { maxMs = 30_000 } = {}) {
  let stopped = false;
  let inFlight = 0;
  let started = 0;
  const end = Date.now() + maxMs;
  const loops = Array.from({ length: connections }, async (_, c) => {
    while (!stopped && Date.now() < end) {
      inFlight++;
      started++;
      try {
        await fn(c);
      } catch {
        /* counted by fn */
      } finally {
        inFlight--;
      }
    }
  });
  return {
    stop() {
      stopped = true;
      return Promise.all(loops);
    },
    inFlight: () => inFlight,
    started: () => started,
  };
}

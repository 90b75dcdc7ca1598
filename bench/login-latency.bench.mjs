// Does bcrypt stall other requests? Latency of an authenticated GET (/api/auth/me, 50/s, open loop) alone, then
// while 20 logins/s run (each a bcrypt compare, ~50 ms of CPU). One API instance (dist/apps/api/main.js, temp SQLite,
// local Redis), TRUST_PROXY=loopback with one X-Forwarded-For address per login so the per-address limit stays out
// of the way (the admin's own account count is reset by each success).
// Usage: npx nx build api && node bench/login-latency.bench.mjs [--seconds 10] [--logins 20] [--api dist/apps/api/main.js]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const SECONDS = Number(arg('seconds', 10));
const LOGINS_PER_SEC = Number(arg('logins', 20));
const GETS_PER_SEC = 50;
const API = arg('api', 'dist/apps/api/main.js');
const PORT = 4600 + Math.floor(Math.random() * 200);
const PASSWORD = 'bench-admin-password';
const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });

function request(method, path, { body, token, headers = {} } = {}) {
  return new Promise((resolvePromise, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const started = performance.now();
    const req = http.request(
      {
        host: '127.0.0.1',
        port: PORT,
        method,
        path,
        agent,
        headers: {
          ...headers,
          ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolvePromise({ status: res.statusCode, ms: performance.now() - started, body: text ? JSON.parse(text) : null });
        });
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

async function waitReady(child) {
  const deadline = Date.now() + 60_000;
  let exited = null;
  child.on('exit', (code) => (exited = code));
  for (;;) {
    if (exited !== null) throw new Error(`API exited with ${exited}`);
    try {
      if ((await request('GET', '/api/health')).status === 200) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error('API did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const summary = (xs) => `n=${xs.length} p50 ${pct(xs, 50).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;

/** Calls `fn` every 1000/rate ms for SECONDS without waiting for answers (open loop); resolves with all results. */
async function openLoop(rate, fn) {
  const pending = [];
  const end = Date.now() + SECONDS * 1000;
  let i = 0;
  const t0 = performance.now();
  while (Date.now() < end) {
    pending.push(fn(i++));
    const next = t0 + (i * 1000) / rate;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  return Promise.all(pending);
}

const dir = mkdtempSync(join(tmpdir(), 'pb-login-bench-'));
const child = spawn(process.execPath, [API], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    SQLITE_PATH: join(dir, 'db.sqlite'),
    QUEUE_PREFIX: `pbbench-${PORT}`,
    ADMIN_PASSWORD: PASSWORD,
    JWT_SECRET: 'bench-secret-0123456789abcdef',
    TRUST_PROXY: 'loopback',
    LOG_LEVEL: 'warn',
    SWAGGER: 'off',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  await waitReady(child);
  const login = (i) =>
    request('POST', '/api/auth/login', {
      body: { username: 'admin', password: PASSWORD },
      headers: { 'x-forwarded-for': `198.51.${Math.floor(i / 250) % 250}.${(i % 250) + 1}` },
    });
  const first = await login(100_000);
  if (first.status !== 200) throw new Error(`login failed: ${first.status} ${JSON.stringify(first.body)}`);
  const token = first.body.accessToken;
  const get = () => request('GET', '/api/auth/me', { token });
  await openLoop(GETS_PER_SEC, get); // warm-up (JIT, caches)

  const alone = await openLoop(GETS_PER_SEC, get);
  const [during, logins] = await Promise.all([openLoop(GETS_PER_SEC, get), openLoop(LOGINS_PER_SEC, login)]);
  const bad = [...alone, ...during, ...logins].filter((r) => r.status !== 200);
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${SECONDS} s per phase; ${API}`);
  console.log(`GET /api/auth/me alone:                 ${summary(alone.map((r) => r.ms))}`);
  console.log(`GET /api/auth/me during ${LOGINS_PER_SEC} logins/s:   ${summary(during.map((r) => r.ms))}`);
  console.log(`POST /api/auth/login (${LOGINS_PER_SEC}/s):            ${summary(logins.map((r) => r.ms))}`);
  if (bad.length) console.log(`non-200 answers: ${bad.length} (${[...new Set(bad.map((r) => r.status))].join(', ')})`);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}

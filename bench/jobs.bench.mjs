#!/usr/bin/env node
// Jobs pipeline throughput: POST /api/jobs -> `completed` in the database (demo.simulate, durationMs 0), against
// raw Bull with a no-op processor on the same Redis, in the same run. Needs a built API (npx nx build api) and a
// local Redis. Loopback only, bounded in time. Usage: node bench/jobs.bench.mjs [jobs=600] [concurrency=16]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const Bull = require('bull');
const Redis = require('ioredis');

const N = Number(process.argv[2] ?? 600);
const CONCURRENCY = Number(process.argv[3] ?? 16);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DEADLINE_MS = 120_000;

const freePort = () => new Promise((res) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); }); });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function pool(total, concurrency, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) await fn(next++);
  }));
}

async function deleteKeys(prefix) {
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [c, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = c;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

async function benchApi() {
  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-jobs-'));
  const port = await freePort();
  const prefix = `pbbench-${randomBytes(4).toString('hex')}`;
  const base = `http://127.0.0.1:${port}`;
  // API_NODE_ARGS: extra node flags for the API process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
  const nodeArgs = (process.env.API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const env = { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', SQLITE_PATH: join(dir, 'db.sqlite'), REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', JWT_SECRET: 'bench-secret-0123456789abcdef', ADMIN_PASSWORD: 'bench-admin-password', EXPORT_DIR: join(dir, 'exports') };
  // BENCH_WORKER=1: the scale-out shape, processors in apps/worker (dist/apps/worker/main.js) instead of inside the API.
  const split = process.env.BENCH_WORKER === '1';
  const api = spawn(process.execPath, [...nodeArgs, join(root, 'dist/apps/api/main.js')], {
    cwd: root,
    env: { ...env, QUEUE_PROCESSORS: split ? 'off' : 'inline' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let worker = null;
  try {
    for (let i = 0; ; i++) {
      if (i > 300) throw new Error('API did not start');
      try { if ((await fetch(`${base}/api/health`)).ok) break; } catch { /* not yet */ }
      await sleep(100);
    }
    if (split) {
      worker = spawn(process.execPath, [join(root, 'dist/apps/worker/main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise((resolve, reject) => {
        worker.stdout.on('data', (d) => { if (String(d).includes('Pulseboard worker ready')) resolve(); });
        worker.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
      });
    }
    const login = await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'bench-admin-password' }) })).json();
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` };
    const body = JSON.stringify({ type: 'demo.simulate', payload: { durationMs: 0 } });
    const completed = async () => (await (await fetch(`${base}/api/jobs/stats`, { headers })).json()).counts.completed;

    // Warm-up (JIT, connections, SQLite pages).
    await pool(50, CONCURRENCY, async () => { await fetch(`${base}/api/jobs`, { method: 'POST', headers, body }); });
    while ((await completed()) < 50) await sleep(20);

    const start = performance.now();
    let postMs = 0;
    await pool(N, CONCURRENCY, async () => {
      const res = await fetch(`${base}/api/jobs`, { method: 'POST', headers, body });
      if (res.status !== 202) throw new Error(`POST answered ${res.status}`);
      await res.arrayBuffer();
    });
    postMs = performance.now() - start;
    while ((await completed()) < 50 + N) {
      if (performance.now() - start > DEADLINE_MS) throw new Error('API run exceeded the deadline');
      await sleep(20);
    }
    const totalMs = performance.now() - start;
    return { jobs: N, totalMs, postMs, perSec: (N * 1000) / totalMs, postsPerSec: (N * 1000) / postMs };
  } finally {
    if (worker) {
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
    }
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
    await deleteKeys(prefix);
  }
}

async function benchRawBull() {
  const prefix = `pbbench-raw-${randomBytes(4).toString('hex')}`;
  const queue = new Bull('raw', REDIS_URL, { prefix });
  let done = 0;
  queue.on('completed', () => done++);
  // Same concurrency as the API's jobs processor (JOB_CONCURRENCY, default 50).
  queue.process(50, async () => undefined);
  await queue.isReady();
  // The API's per-job Bull options (jobs.queues.ts / JobsService.enqueue), so both sides do the same Redis work per job.
  const opts = { removeOnComplete: { count: 1000, age: 24 * 3600 }, removeOnFail: { count: 5000, age: 7 * 24 * 3600 }, attempts: 3, backoff: { type: 'exponential', delay: 500 } };
  await pool(50, CONCURRENCY, async () => { await queue.add({ n: -1 }, opts); });
  while (done < 50) await sleep(10);
  const start = performance.now();
  await pool(N, CONCURRENCY, async (i) => { await queue.add({ n: i }, opts); });
  while (done < 50 + N) {
    if (performance.now() - start > DEADLINE_MS) throw new Error('raw Bull run exceeded the deadline');
    await sleep(5);
  }
  const totalMs = performance.now() - start;
  await queue.close();
  await deleteKeys(prefix);
  return { jobs: N, totalMs, perSec: (N * 1000) / totalMs };
}

// Raw Bull before and after the API, so a change in the machine's load during the run shows (the ratio uses their mean).
const rawBefore = await benchRawBull();
const api = await benchApi();
const rawAfter = await benchRawBull();
const rawPerSec = (rawBefore.perSec + rawAfter.perSec) / 2;
const ratio = api.perSec / rawPerSec;
console.log(JSON.stringify({ jobs: N, concurrency: CONCURRENCY, rawBull: { before: rawBefore, after: rawAfter, meanPerSec: rawPerSec }, api, ratio }, null, 2));
console.log(`\nraw Bull: ${rawBefore.perSec.toFixed(0)} / ${rawAfter.perSec.toFixed(0)} jobs/s (before / after); API end-to-end: ${api.perSec.toFixed(0)} jobs/s (${(ratio * 100).toFixed(0)}% of raw Bull; target >= 30%)`);

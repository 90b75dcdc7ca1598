#!/usr/bin/env node
// Jobs end to end: 16 producers `POST /api/jobs` (demo.simulate, durationMs 0) until `completed` in the database,
// against raw Bull (`add` + a no-op processor, same Redis, the API's per-job options) in the same run, before and after
// the API. Every job must complete exactly once on both sides (nothing lost, nothing doubled).
// The API also runs on a fresh PostgreSQL database (DATABASE_URL), reported beside SQLite.
// BENCH_WORKER=1 measures the scale-out shape (processors in dist/apps/worker). Writes bench/RESULTS-jobs.md.
//
//   node bench/jobs.bench.mjs [--jobs 600] [--concurrency 16] [--skip-build] [--smoke]
import { randomBytes } from 'node:crypto';

import { createRequire } from 'node:module';

import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import {
  adminToken,
  apiEnv,
  arg,
  cpuLine,
  cpuMeter,
  ensureBuild,
  f0,
  freePort,
  log,
  machineInfo,
  pcent,
  pgDatabase,
  REDIS_URL,
  request,
  resultsHeader,
  ROOT,
  runBench,
  sleep,
  SMOKE,
  startNode,
  stop,
  waitHttp,
} from './lib/common.mjs';

const require = createRequire(join(ROOT, 'package.json'));
const Bull = require('bull');
const Redis = require('ioredis');

const N = arg('jobs', SMOKE ? 100 : 600);
// Raw Bull finishes N jobs in a fraction of a second, too short a run to time steadily: it runs five times as many.
const RAW_N = SMOKE ? N : 5 * N;
const CONCURRENCY = arg('concurrency', 16);
// Warm-up jobs before each timed run, on both sides (the first thousands of jobs of a process run slower: JIT).
const WARM = SMOKE ? 50 : 1000;
const DEADLINE_MS = 120_000;
const SPLIT = process.env.BENCH_WORKER === '1';

async function pool(total, concurrency, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await fn(next++);
    }),
  );
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

/** The API end to end; with `databaseUrl`, on PostgreSQL instead of SQLite. */
async function benchApi(dir, databaseUrl) {
  const port = await freePort();
  const env = apiEnv(port, {
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { SQLITE_PATH: join(dir, 'db.sqlite') }),
    EXPORT_DIR: join(dir, 'exports'),
    QUEUE_PROCESSORS: SPLIT ? 'off' : 'inline',
  });
  // API_NODE_ARGS: extra node flags for the API process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
  const api = startNode(
    [...(process.env.API_NODE_ARGS ?? '').split(' ').filter(Boolean), 'dist/apps/api/main.js'],
    env,
    join(dir, databaseUrl ? 'api-pg.log' : 'api.log'),
  );
  let worker = null;
  try {
    await waitHttp(`http://127.0.0.1:${port}/api/health`, api);
    if (SPLIT) {
      worker = startNode(['dist/apps/worker/main.js'], env, null);
      await new Promise((resolve, reject) => {
        worker.stdout.on('data', (d) => String(d).includes('Pulseboard worker ready') && resolve());
        worker.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
      });
    }
    const token = await adminToken(port);
    // Completion pushes per job id, to see a job completed twice.
    const socket = io(`http://127.0.0.1:${port}`, { path: '/socket.io', auth: { token }, transports: ['websocket'] });
    const pushes = new Map();
    socket.on('job.updated', (j) => j.status === 'completed' && pushes.set(j.id, (pushes.get(j.id) ?? 0) + 1));
    await new Promise((res, rej) => (socket.once('connect', res), socket.once('connect_error', rej)));
    await new Promise((res) => socket.emit('subscribe', { topics: ['jobs'] }, res));
    const body = { type: 'demo.simulate', payload: { durationMs: 0 } };
    const completed = async () => (await request(port, 'GET', '/api/jobs/stats', undefined, token)).body.counts.completed;

    await pool(WARM, CONCURRENCY, async () => request(port, 'POST', '/api/jobs', body, token));
    while ((await completed()) < WARM) await sleep(20);

    const ids = [];
    const start = performance.now();
    await pool(N, CONCURRENCY, async () => {
      const res = await request(port, 'POST', '/api/jobs', body, token);
      if (res.status !== 202) throw new Error(`POST answered ${res.status}`);
      ids.push(res.body.id);
    });
    const postMs = performance.now() - start;
    while ((await completed()) < WARM + N) {
      if (performance.now() - start > DEADLINE_MS) throw new Error('API run exceeded the deadline');
      await sleep(20);
    }
    const totalMs = performance.now() - start;
    // Exactness: every posted job completed, exactly WARM + N completed in all, and no job pushed as completed twice.
    await sleep(300);
    const notCompleted = [];
    for (const id of ids) {
      const j = (await request(port, 'GET', `/api/jobs/${id}`, undefined, token)).body;
      if (j.status !== 'completed') notCompleted.push(`${id}: ${j.status}`);
    }
    const total = await completed();
    const twice = [...pushes.values()].filter((n) => n > 1).length;
    socket.close();
    return {
      jobs: N,
      totalMs,
      postMs,
      perSec: (N * 1000) / totalMs,
      postsPerSec: (N * 1000) / postMs,
      notCompleted,
      total,
      twice,
      pushed: pushes.size,
      prefix: env.QUEUE_PREFIX,
    };
  } finally {
    await stop(worker);
    await stop(api);
  }
}

/**
 * Raw Bull: `add` + a no-op processor. With `twoQueues`, the contract's shape without the product: the processor adds
 * the job's outcome to a second queue (the API's results-queue options) and a job counts once that one is processed.
 */
async function benchRawBull({ twoQueues = false } = {}) {
  const prefix = `pbbench-raw-${randomBytes(4).toString('hex')}`;
  const queue = new Bull('raw', REDIS_URL, { prefix });
  const results = twoQueues ? new Bull('raw-results', REDIS_URL, { prefix }) : null;
  const seen = new Map();
  const done = (id) => seen.set(id, (seen.get(id) ?? 0) + 1);
  // The API's per-job Bull options (jobs.queues.ts), so both sides do the same Redis work per job.
  const opts = {
    removeOnComplete: { count: 1000, age: 24 * 3600 },
    removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
    attempts: 3,
    backoff: { type: 'exponential', delay: 500 },
  };
  const resultOpts = { ...opts, attempts: 12, backoff: { type: 'exponential', delay: 1000 } };
  if (results) {
    results.on('completed', (job) => done(job.data.jobId));
    results.process(32, async () => undefined); // the API's RESULTS_CONCURRENCY
    queue.process(50, async (job) => void (await results.add({ jobId: job.id, result: null, attempts: 1 }, resultOpts)));
  } else {
    queue.on('completed', (job) => done(job.id));
    queue.process(50, async () => undefined); // the API's JOB_CONCURRENCY default
  }
  await queue.isReady();
  await results?.isReady();
  await pool(WARM, CONCURRENCY, async () => queue.add({ n: -1 }, opts));
  while (seen.size < WARM) await sleep(10);
  const ids = [];
  const start = performance.now();
  await pool(RAW_N, CONCURRENCY, async (i) => ids.push((await queue.add({ n: i }, opts)).id));
  while (seen.size < WARM + RAW_N) {
    if (performance.now() - start > DEADLINE_MS) throw new Error('raw Bull run exceeded the deadline');
    await sleep(5);
  }
  const totalMs = performance.now() - start;
  await sleep(100);
  await queue.close();
  await results?.close();
  await deleteKeys(prefix);
  return {
    jobs: RAW_N,
    totalMs,
    perSec: (RAW_N * 1000) / totalMs,
    twice: [...seen.values()].filter((n) => n > 1).length,
    missing: ids.filter((id) => !seen.has(id)).length,
  };
}

await runBench(
  SPLIT ? 'jobs-worker' : 'jobs',
  async ({ dir, checks }) => {
    const r = { machine: machineInfo(), split: SPLIT };
    r.build = ensureBuild('api');
    if (SPLIT) ensureBuild('worker');
    const meter = cpuMeter();
    // Raw Bull runs in this process: its first thousands of jobs run slower (JIT), so one uncounted run warms it up.
    log('raw Bull, warm-up run (not counted) ...');
    r.rawWarm = await benchRawBull();
    log('raw Bull ...');
    r.rawBefore = await benchRawBull();
    log('raw Bull, two queues ...');
    r.rawTwo = await benchRawBull({ twoQueues: true });
    log('the API ...');
    r.api = await benchApi(dir);
    log('the API on PostgreSQL ...');
    const pg = pgDatabase();
    try {
      r.apiPg = await benchApi(dir, pg.url);
    } finally {
      pg.drop();
    }
    log('raw Bull again ...');
    r.rawAfter = await benchRawBull();
    r.cpu = meter();
    r.rawPerSec = (r.rawBefore.perSec + r.rawAfter.perSec) / 2;
    for (const [label, run] of [
      ['API', r.api],
      ['API on PostgreSQL', r.apiPg],
    ]) {
      await deleteKeys(run.prefix);
      checks.push([
        run.notCompleted.length === 0,
        `${label}: every posted job completed (${run.notCompleted.slice(0, 3).join(', ') || 'none left'})`,
      ]);
      checks.push([run.total === WARM + N, `${label}: ${run.total} completed in all = ${WARM} warm-up + ${N}`]);
      checks.push([run.twice === 0, `${label}: no job pushed as completed twice (${run.pushed} pushes seen)`]);
    }
    checks.push([
      [r.rawBefore, r.rawTwo, r.rawAfter].every((x) => x.twice === 0 && x.missing === 0),
      'raw Bull (one queue and two): every job completed exactly once',
    ]);
    return r;
  },
  report,
);

function report(x) {
  const L = resultsHeader(
    `Jobs benchmark${x.split ? ' (processors in apps/worker)' : ''}`,
    x.machine,
    `${x.split ? 'BENCH_WORKER=1 ' : ''}node bench/jobs.bench.mjs --jobs ${N} --concurrency ${CONCURRENCY}`,
  );
  L.push(
    `${CONCURRENCY} producers, ${N} jobs per run after ${WARM} warm-up jobs; demo.simulate with durationMs 0 (no-op handler). Raw Bull runs in this process: each run has ${RAW_N} jobs, and an uncounted run warmed it up first (${f0(x.rawWarm.perSec)} jobs/s), then it ran before and after the API; the ratio uses their mean. CPU: ${cpuLine(x.cpu)}. API build: ${x.build}.`,
    '',
  );
  L.push('| target | jobs/s (POST → completed) | notes |', '| --- | ---: | --- |');
  L.push(
    `| baseline: raw Bull, before | ${f0(x.rawBefore.perSec)} | \`queue.add\` + no-op processor (concurrency 50), the API's per-job options |`,
  );
  L.push(
    `| reference: raw Bull, two queues | ${f0(x.rawTwo.perSec)} | the contract's shape without the product: the processor adds the outcome to a second queue (the results queue's options, concurrency 32), counted when that one is processed |`,
  );
  L.push(
    `| API end to end | ${f0(x.api.perSec)} | \`POST /api/jobs\` (202 at ${f0(x.api.postsPerSec)}/s) → jobs queue → results queue → \`completed\` row; ${x.split ? 'processors in apps/worker' : 'processors inline'} |`,
  );
  L.push(
    `| the same on PostgreSQL (\`DATABASE_URL\`, a fresh database on the local server) | ${f0(x.apiPg.perSec)} | 202 at ${f0(x.apiPg.postsPerSec)}/s |`,
  );
  L.push(`| baseline: raw Bull, after | ${f0(x.rawAfter.perSec)} | |`, '');
  L.push(
    `The API at **${pcent(x.api.perSec / x.rawPerSec)}** of raw Bull (target ≥ 35 %); on PostgreSQL ${pcent(x.apiPg.perSec / x.rawPerSec)}. Raw Bull with the contract's two queues runs at ${pcent(x.rawTwo.perSec / x.rawPerSec)} of raw Bull with one; the API at ${pcent(x.api.perSec / x.rawTwo.perSec)} of it. Exactness: ${N} of ${N} posted jobs completed, ${x.api.total} completed in all, ${x.api.twice} completed twice (PostgreSQL: ${N - x.apiPg.notCompleted.length} of ${N}, ${x.apiPg.total} in all, ${x.apiPg.twice} twice); raw Bull (one queue and two) ${x.rawBefore.missing + x.rawTwo.missing + x.rawAfter.missing} missing, ${x.rawBefore.twice + x.rawTwo.twice + x.rawAfter.twice} twice.`,
    '',
  );
  return L.join('\n');
}

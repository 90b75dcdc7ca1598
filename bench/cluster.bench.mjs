#!/usr/bin/env node
// Scale-out on one machine: jobs/s with 1 and 2 workers (API with QUEUE_PROCESSORS=off), and decrements/s with 1 and
// 2 API instances on one PostgreSQL database (SOCKET_ADAPTER=redis, the client spreading its connections over them).
// Every job must complete exactly once, and the counter must end exact. Writes bench/RESULTS-cluster.md.
//
//   node bench/cluster.bench.mjs [--jobs 1000] [--seconds 6] [--skip-build] [--smoke]
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  addRun,
  adminToken,
  apiEnv,
  arg,
  cpuLine,
  cpuMeter,
  emptyRun,
  ensureBuild,
  f0,
  freePort,
  load,
  log,
  machineInfo,
  pcent,
  rate,
  request,
  resultsHeader,
  runBench,
  sleep,
  SMOKE,
  startNode,
  stop,
  waitHttp,
  pgDatabase,
} from './lib/common.mjs';

const JOBS = arg('jobs', SMOKE ? 100 : 1000);
const SECONDS = arg('seconds', SMOKE ? 1 : 6);
const PRODUCERS = 16;
const CONNECTIONS = 32;
/** A deployment: `apis` API processes and `workers` worker processes sharing one PostgreSQL database and Redis. */
async function deployment(dir, label, { apis, workers }) {
  const db = pgDatabase();
  const prefix = `pbbench-cluster-${randomBytes(4).toString('hex')}`;
  const procs = [];
  const ports = [];
  for (let i = 0; i < apis; i++) {
    const port = await freePort();
    const env = apiEnv(port, {
      DATABASE_URL: db.url,
      QUEUE_PREFIX: prefix,
      SOCKET_ADAPTER: 'redis',
      QUEUE_PROCESSORS: workers ? 'off' : 'inline',
    });
    const api = startNode(['dist/apps/api/main.js'], env, join(dir, `${label}-api${i}.log`));
    procs.push(api);
    // One at a time: the first runs the migrations.
    await waitHttp(`http://127.0.0.1:${port}/api/health`, api);
    ports.push(port);
  }
  for (let i = 0; i < workers; i++) {
    const env = apiEnv(0, { DATABASE_URL: db.url, QUEUE_PREFIX: prefix, SOCKET_ADAPTER: 'redis' });
    const w = startNode(['dist/apps/worker/main.js'], env, null);
    await new Promise((resolve, reject) => {
      w.stdout.on('data', (d) => String(d).includes('Pulseboard worker ready') && resolve());
      w.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    });
    procs.push(w);
  }
  const token = await adminToken(ports[0]);
  return {
    ports,
    token,
    async close() {
      for (const p of procs) await stop(p);
      db.drop();
    },
  };
}

async function jobsRun(dir, workers) {
  const d = await deployment(dir, `jobs${workers}`, { apis: 1, workers });
  try {
    const [port] = d.ports;
    const body = { type: 'demo.simulate', payload: { durationMs: 0 } };
    const completed = async () => (await request(port, 'GET', '/api/jobs/stats', undefined, d.token)).body.counts.completed;
    let next = 0;
    const ids = [];
    const start = performance.now();
    await Promise.all(
      Array.from({ length: PRODUCERS }, async () => {
        while (next++ < JOBS) {
          const r = await request(port, 'POST', '/api/jobs', body, d.token);
          if (r.status !== 202) throw new Error(`POST /api/jobs answered ${r.status}`);
          ids.push(r.body.id);
        }
      }),
    );
    while ((await completed()) < JOBS) {
      if (performance.now() - start > 180_000) throw new Error('jobs did not complete within 3 minutes');
      await sleep(20);
    }
    const ms = performance.now() - start;
    await sleep(300);
    const total = await completed();
    return { workers, perSec: (JOBS * 1000) / ms, total, posted: ids.length };
  } finally {
    await d.close();
  }
}

async function countersRun(dir, apis) {
  const d = await deployment(dir, `counters${apis}`, { apis, workers: 0 });
  try {
    const initial = 10_000_000;
    const created = await request(d.ports[0], 'POST', '/api/counters', { name: `bench-${apis}`, initial, min: 0 }, d.token);
    const id = created.body.id;
    // The client's connections are spread evenly over the instances, as a load balancer would.
    const perApi = CONNECTIONS / apis;
    const runs = await Promise.all(
      d.ports.map((port) =>
        load({
          port,
          path: `/api/counters/${id}/decrement`,
          token: d.token,
          concurrency: perApi,
          seconds: SECONDS,
          bodies: [{}],
          okStatus: 200,
        }),
      ),
    );
    const run = runs.reduce((acc, x) => addRun(acc, x), emptyRun());
    run.elapsed = Math.max(...runs.map((x) => x.elapsed)); // concurrent, not consecutive
    const final = (await request(d.ports[0], 'GET', `/api/counters/${id}`, undefined, d.token)).body;
    return { apis, perSec: rate(run), counts: run.counts, ok: run.ok, value: final.value, expected: initial - run.ok };
  } finally {
    await d.close();
  }
}

await runBench(
  'cluster',
  async ({ dir, checks }) => {
    const r = { machine: machineInfo() };
    r.build = `${ensureBuild('api')}; worker ${ensureBuild('worker')}`;
    const meter = cpuMeter();
    r.jobs = [];
    for (const workers of [1, 2]) {
      log(`jobs with ${workers} worker(s) ...`);
      r.jobs.push(await jobsRun(dir, workers));
    }
    r.counters = [];
    for (const apis of [1, 2]) {
      log(`decrements with ${apis} API instance(s) on PostgreSQL ...`);
      r.counters.push(await countersRun(dir, apis));
    }
    r.cpu = meter();
    for (const j of r.jobs)
      checks.push([j.total === JOBS && j.posted === JOBS, `${j.workers} worker(s): ${j.total} of ${JOBS} jobs completed`]);
    for (const c of r.counters)
      checks.push([c.value === c.expected, `${c.apis} API(s): counter ${f0(c.value)} = initial − ${f0(c.ok)} decrements answered 200`]);
    return r;
  },
  report,
);

function report(x) {
  const L = resultsHeader('Scale-out benchmark', x.machine, `node bench/cluster.bench.mjs --jobs ${JOBS} --seconds ${SECONDS}`);
  L.push(
    `PostgreSQL and Redis on this machine; a fresh database per deployment; API build: ${x.build}. CPU over the run: ${cpuLine(x.cpu)}.`,
    '',
  );
  L.push('| measure | 1 process | 2 processes | scaling |', '| --- | ---: | ---: | ---: |');
  L.push(
    `| jobs/s end to end (${JOBS} jobs, ${PRODUCERS} producers, 1 API with QUEUE_PROCESSORS=off + N workers) | ${f0(x.jobs[0].perSec)} | ${f0(x.jobs[1].perSec)} | ${pcent(x.jobs[1].perSec / x.jobs[0].perSec)} |`,
  );
  L.push(
    `| decrements/s of one counter (${CONNECTIONS} connections spread over N APIs on one PostgreSQL database) | ${f0(x.counters[0].perSec)} | ${f0(x.counters[1].perSec)} | ${pcent(x.counters[1].perSec / x.counters[0].perSec)} |`,
    '',
  );
  L.push(
    `Exactness: every posted job completed in both runs; the counter ended at initial − decrements answered 200 in both runs (${x.counters.map((c) => JSON.stringify(c.counts)).join(', ')}).`,
    '',
  );
  return L.join('\n');
}

#!/usr/bin/env node
// The jobs text search (`GET /api/jobs?q=`, payload and error) at 100,000 jobs on SQLite: a rare term, a common one
// and one that matches nothing, against an unfiltered page in the same run. Totals must equal what was seeded.
// Writes bench/RESULTS-jobs-search.md.
//
//   node bench/jobs-search.bench.mjs [--jobs 100000] [--samples 20] [--skip-build] [--smoke]
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { v4 as uuidv4 } from 'uuid';
import {
  adminToken,
  apiEnv,
  arg,
  ensureBuild,
  f0,
  f1,
  freePort,
  log,
  machineInfo,
  request,
  resultsHeader,
  runBench,
  SMOKE,
  startNode,
  stop,
  summary,
  waitHttp,
} from './lib/common.mjs';
import { sqlDate } from './lib/events-data.mjs';

const JOBS = arg('jobs', SMOKE ? 5_000 : 100_000);
const SAMPLES = arg('samples', SMOKE ? 3 : 20);
const RARE_EVERY = 1000; // one webhook job in 1,000 positions carries the rare term

function seedJobs(path) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  const cols = db
    .prepare('PRAGMA table_info("jobs")')
    .all()
    .map((c) => c.name);
  const want = [
    'id',
    'type',
    'payload',
    'status',
    'progress',
    'attempts',
    'maxAttempts',
    'result',
    'error',
    'priority',
    'createdAt',
    'startedAt',
    'finishedAt',
    'updatedAt',
  ];
  if (cols.join() !== want.join()) throw new Error(`jobs columns are [${cols}], the bench expects [${want}]: update it`);
  const insert = db.prepare(`INSERT INTO "jobs" (${want.map((c) => `"${c}"`).join(',')}) VALUES (${want.map(() => '?').join(',')})`);
  const tally = { rare: 0, timeout: 0, rareFailed: 0 };
  const start = Date.now() - JOBS * 1000;
  db.transaction(() => {
    for (let i = 0; i < JOBS; i++) {
      const at = sqlDate(start + i * 1000);
      const rare = i % RARE_EVERY === 0 && i % 3 === 0; // only webhooks carry a URL
      const failed = i % 7 === 0;
      if (rare) tally.rare++;
      if (failed) tally.timeout++;
      if (rare && failed) tally.rareFailed++;
      const payload =
        i % 3 === 0
          ? { url: `https://hooks.example/${rare ? 'zebra-needle' : 'endpoint'}/${i}`, method: 'POST', body: { order: i } }
          : { durationMs: (i % 50) * 100, failTimes: 0 };
      insert.run(
        uuidv4(),
        i % 3 === 0 ? 'webhook.deliver' : 'demo.simulate',
        JSON.stringify(payload),
        failed ? 'failed' : 'completed',
        100,
        1,
        3,
        failed ? null : JSON.stringify({ ok: true }),
        failed ? JSON.stringify({ message: `upstream timeout after ${i % 30} s`, attempts: 3 }) : null,
        0,
        at,
        at,
        at,
        at,
      );
    }
  })();
  db.close();
  return tally;
}

await runBench(
  'jobs-search',
  async ({ dir, checks }) => {
    const r = { machine: machineInfo(), jobs: JOBS };
    r.build = ensureBuild('api');
    const port = await freePort();
    const env = apiEnv(port, { SQLITE_PATH: join(dir, 'jobs.sqlite'), QUEUE_PROCESSORS: 'off' });
    let api = startNode(['dist/apps/api/main.js'], env, join(dir, 'api.log'));
    await waitHttp(`http://127.0.0.1:${port}/api/health`, api);
    await stop(api);
    log(`seeding ${f0(JOBS)} jobs ...`);
    r.tally = seedJobs(join(dir, 'jobs.sqlite'));
    api = startNode(['dist/apps/api/main.js'], env, join(dir, 'api.log'));
    await waitHttp(`http://127.0.0.1:${port}/api/health`, api);
    const token = await adminToken(port);
    const cases = [
      ['unfiltered page (baseline)', '/api/jobs', JOBS],
      ['rare term in the payload (1 in 3,000)', '/api/jobs?q=zebra-needle', r.tally.rare],
      ['common term in the error (1 in 7)', '/api/jobs?q=upstream%20timeout', r.tally.timeout],
      ['no match', '/api/jobs?q=no-such-text-anywhere', 0],
      ['rare term with status=failed', '/api/jobs?q=zebra-needle&status=failed', r.tally.rareFailed],
    ];
    r.cases = [];
    for (const [name, path, expected] of cases) {
      const times = [];
      let total = null;
      for (let i = 0; i <= SAMPLES; i++) {
        const res = await request(port, 'GET', path, undefined, token);
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
        total = res.body.total;
        if (i) times.push(res.ms);
      }
      r.cases.push({ name, path, expected, total, ...summary(times) });
      checks.push([total === expected, `${name}: total ${total} = ${expected} seeded`]);
      log(`  ${name}: p50 ${f1(summary(times).p50)} ms, total ${total}`);
    }
    await stop(api);
    return r;
  },
  report,
);

function report(x) {
  const L = resultsHeader('Jobs search benchmark', x.machine, `node bench/jobs-search.bench.mjs --jobs ${x.jobs}`);
  L.push(
    `${f0(x.jobs)} jobs seeded into the file the API's migrations made (a third webhook.deliver with URLs, the rest demo.simulate; one in 7 failed with an error text). Each case: ${SAMPLES} requests one at a time after a warm-up, keep-alive, loopback; the API is built (${x.build}), SQLite.`,
    '',
  );
  L.push('| case | request | total (= seeded) | p50 ms | p95 ms | max ms |', '| --- | --- | ---: | ---: | ---: | ---: |');
  for (const c of x.cases)
    L.push(
      `| ${c.name} | \`GET ${c.path}\` | ${f0(c.total)} ${c.total === c.expected ? '✔' : '✘'} | ${f1(c.p50)} | ${f1(c.p95)} | ${f1(c.max)} |`,
    );
  L.push(
    '',
    'The search is a scan of the rows the other filters leave (`LIKE` on the stored JSON and the error text), plus a COUNT of the matches for `total`; the target is under 100 ms at 100,000 jobs.',
    '',
  );
  return L.join('\n');
}

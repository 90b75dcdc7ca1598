#!/usr/bin/env node
// Events listing at scale: offset pages, deep pages, cursor steps, filters and stats on N seeded rows (default
// 1,000,000), each request timed as the client sees it, with the SQL behind it and its query plan; against a bare
// node:http and a bare Nest GET of a fixed page in the same run. Writes bench/RESULTS-events-list.md.
//
//   node bench/events-list.bench.mjs [--rows 1000000] [--samples 50] [--skip-build] [--keep] [--smoke]
//
// The API is the BUILT dist/apps/api/main.js (rebuilt when stale) on a temp SQLite file, preloaded with
// bench/lib/sql-trace-preload.cjs, which only times every SQL statement (no API code changes). Seeding: the API is
// started once on an empty file (its migrations create the schema) and stopped; the rows are then written straight
// into the file (bench/lib/events-data.mjs), with the secondary indexes re-created from their own SQL.
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import { join } from 'node:path';
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
  f1,
  freePort,
  load,
  log,
  machineInfo,
  pcent,
  rate,
  request,
  resultsHeader,
  runBench,
  SMOKE,
  startBaselines,
  startNode,
  stop,
  summary,
  waitHttp,
} from './lib/common.mjs';
import { dbAll, openDb, seed } from './lib/events-data.mjs';
import { signalDump, sqlTrace, traceRows } from './lib/sql-trace.mjs';

const ROWS = arg('rows', SMOKE ? 20_000 : 1_000_000); // enough rows that every filtered case has a second page
const SAMPLES = arg('samples', SMOKE ? 5 : 50);
const LIST_TARGET_MS = 50;
const SECONDS = arg('seconds', SMOKE ? 1 : 6);
const ROUNDS = 2;
const SLICE = SECONDS / ROUNDS;
const CONNECTIONS = 32;
const PAGE_TARGET = 0.2; // of bare node:http
const LOOP_TARGET_MS = 20;

await runBench(
  'events-list',
  async ({ dir, checks }) => {
    const dbPath = join(dir, 'events.sqlite');
    const tracePath = join(dir, 'sql-trace.json');
    const apiLog = join(dir, 'api.log');
    const results = { machine: machineInfo(), rows: ROWS };
    results.build = ensureBuild('api');
    const apiPort = await freePort();
    const loopPath = join(dir, 'loop-delay.json');
    const env = apiEnv(apiPort, { SQLITE_PATH: dbPath, BENCH_SQL_TRACE: tracePath, BENCH_LOOP_DELAY: loopPath });
    const apiArgs = ['-r', './bench/lib/sql-trace-preload.cjs', '-r', './bench/lib/loop-delay-preload.cjs', 'dist/apps/api/main.js'];

    // 1. Schema: the API's migrations on an empty file.
    let api = startNode(apiArgs, env, apiLog);
    await waitHttp(`http://127.0.0.1:${apiPort}/api/health`, api);
    await stop(api);

    // 2. Seed.
    log(`seeding ${f0(ROWS)} events ...`);
    results.seed = await seed(dbPath, ROWS);
    results.seed.fileMiB = statSync(dbPath).size / 2 ** 20;
    {
      const sqlite3 = (await import('sqlite3')).default;
      const db = await openDb(sqlite3, ':memory:');
      results.sqliteVersion = (await dbAll(db, 'SELECT sqlite_version() AS v'))[0].v;
      db.close();
    }

    // 3. The API on the seeded file, and the baselines.
    api = startNode(apiArgs, env, apiLog);
    const t0 = performance.now();
    await waitHttp(`http://127.0.0.1:${apiPort}/api/health`, api);
    results.apiStartMs = performance.now() - t0;
    const token = await adminToken(apiPort);
    await sqlTrace(api, tracePath); // reset (start-up queries)

    // 4. Listing latency.
    log('listing latency ...');
    const listMeter = cpuMeter();
    const listing = [];
    const listCase = async (name, path, opts = {}) => {
      await sqlTrace(api, tracePath);
      const times = [];
      let first = null;
      let firstBody = null;
      let lastBody = null;
      if (opts.cursorFrom) {
        const p1 = await request(apiPort, 'GET', opts.cursorFrom, undefined, token);
        await sqlTrace(api, tracePath); // only the cursor steps below
        let cursor = p1.body.nextCursor;
        const sep = opts.cursorFrom.includes('?') ? '&' : '?';
        for (let i = 0; i <= SAMPLES; i++) {
          const r = await request(apiPort, 'GET', `${opts.cursorFrom}${sep}cursor=${encodeURIComponent(cursor)}`, undefined, token);
          if (r.status !== 200) throw new Error(`${name}: ${r.status} ${JSON.stringify(r.body)}`);
          if (i === 0) {
            first = r.ms;
            firstBody = r.body;
          } else times.push(r.ms);
          lastBody = r.body;
          cursor = r.body.nextCursor ?? p1.body.nextCursor; // at the end, start over from page 1's cursor
        }
      } else {
        for (let i = 0; i <= SAMPLES; i++) {
          const r = await request(apiPort, 'GET', path, undefined, token);
          if (r.status !== 200) throw new Error(`${name}: ${r.status} ${JSON.stringify(r.body)}`);
          if (i === 0) {
            first = r.ms;
            firstBody = r.body;
          } else times.push(r.ms);
          lastBody = r.body;
        }
      }
      const trace = traceRows(await sqlTrace(api, tracePath));
      const row = {
        name,
        path: path ?? `${opts.cursorFrom}${opts.cursorFrom.includes('?') ? '&' : '?'}cursor=<nextCursor>`,
        first,
        ...summary(times),
        total: lastBody.total,
        items: lastBody.items.length,
        page: lastBody.page,
        hasNext: !!lastBody.nextCursor,
        firstItem: firstBody.items[0]?.occurredAt,
        trace,
        expect: opts.expect,
      };
      listing.push(row);
      log(
        `  ${name}: first ${f1(first)} ms, p50 ${f1(row.p50)} p95 ${f1(row.p95)} p99 ${f1(row.p99)} ms, total ${row.total}, items ${row.items}`,
      );
    };
    const T = results.seed.tally;
    await listCase('default listing, page 1', '/api/events', { expect: ROWS });
    await listCase('deep page 10000, pageSize 20 (offset 199,980)', '/api/events?page=10000&pageSize=20', { expect: ROWS });
    await listCase('one cursor step (walking nextCursor from page 1)', null, { cursorFrom: '/api/events', expect: ROWS });
    await listCase('filtered severity=critical&status=open, page 1', '/api/events?severity=critical&status=open', {
      expect: T.criticalOpen,
    });
    // Extras, to see where the costs are.
    await listCase('extra: deeper page 45000 (offset 899,980)', `/api/events?page=45000&pageSize=20`, { expect: ROWS });
    await listCase('extra: filtered cursor step (severity=critical&status=open)', null, {
      cursorFrom: '/api/events?severity=critical&status=open',
      expect: T.criticalOpen,
    });
    await listCase('extra: type=deploy&source=ci, page 1', '/api/events?type=deploy&source=ci', { expect: T.deployCi });
    await listCase('extra: q=disk (title prefix), page 1', '/api/events?q=disk', { expect: T.titleDisk });
    await listCase('extra: status=open, pageSize 100', '/api/events?status=open&pageSize=100', { expect: T.status.open });
    // Extra: the stats endpoint (two GROUP BYs over the whole table + the last hour per minute; not cached).
    {
      await sqlTrace(api, tracePath);
      const times = [];
      let first = null;
      for (let i = 0; i <= Math.min(SAMPLES, 20); i++) {
        const r = await request(apiPort, 'GET', '/api/events/stats', undefined, token);
        if (r.status !== 200) throw new Error(`stats: ${r.status}`);
        if (i === 0) first = r.ms;
        else times.push(r.ms);
      }
      results.stats = { first, ...summary(times), trace: traceRows(await sqlTrace(api, tracePath)) };
      log(`  extra: GET /api/events/stats: first ${f1(first)} ms, p50 ${f1(results.stats.p50)} ms`);
    }
    results.listing = listing;
    results.listingCpu = listMeter();

    // EXPLAIN QUERY PLAN of every statement the listing cases ran, on a separate read-only connection.
    {
      const sqlite3 = (await import('sqlite3')).default;
      const ro = await openDb(sqlite3, dbPath, sqlite3.OPEN_READONLY);
      for (const row of [...listing, results.stats]) {
        for (const s of row.trace) {
          if (!s.fullSqlSample || !/^SELECT/i.test(s.fullSqlSample)) continue;
          try {
            s.plan = (await dbAll(ro, `EXPLAIN QUERY PLAN ${s.fullSqlSample}`, s.params ?? [])).map((p) => p.detail);
          } catch (e) {
            s.plan = [`(EXPLAIN failed: ${e.message})`];
          }
        }
      }
      await new Promise((r) => ro.close(r));
    }
    await sqlTrace(api, tracePath); // profile/trace boundary
    const baselines = await startBaselines(dir);
    // Baselines: the same fixed 20-item page from bare node:http and bare Nest, one request at a time.
    for (const [role, { port }] of Object.entries(baselines)) {
      const times = [];
      for (let i = 0; i <= SAMPLES; i++) {
        const r = await request(port, 'GET', '/api/bare/events');
        if (i) times.push(r.ms);
      }
      results[role === 'bare-http' ? 'listBareHttp' : 'listBareNest'] = summary(times);
    }

    // 5. Throughput of the default page at 32 connections (authenticated), against the same baselines, in
    // alternating slices so each sees the same background load.
    log(`page throughput, ${CONNECTIONS} connections ...`);
    const runs = { api: emptyRun(), 'bare-http': emptyRun(), 'bare-nest': emptyRun() };
    const pageMeter = cpuMeter();
    for (let round = 0; round < ROUNDS; round++) {
      addRun(runs.api, await load({ port: apiPort, method: 'GET', path: '/api/events', token, concurrency: CONNECTIONS, seconds: SLICE }));
      for (const [role, { port }] of Object.entries(baselines))
        addRun(runs[role], await load({ port, method: 'GET', path: '/api/bare/events', concurrency: CONNECTIONS, seconds: SLICE }));
    }
    results.pageCpu = pageMeter();
    results.throughput = Object.fromEntries(
      Object.entries(runs).map(([k, v]) => [k, { rate: rate(v), counts: v.counts, ...summary(v.lat) }]),
    );
    for (const { child } of Object.values(baselines)) await stop(child);

    // 6. The API's event-loop delay while lists (four filters, 16 connections) and stats (2 connections) run together.
    log('event-loop delay under list + stats load ...');
    await sqlTrace(api, tracePath); // resets the loop-delay histogram too (same signal)
    const mixed = await Promise.all([
      ...['/api/events', '/api/events?status=open', '/api/events?severity=critical&status=open', '/api/events?page=500'].map((path) =>
        load({ port: apiPort, method: 'GET', path, token, concurrency: 4, seconds: SECONDS }),
      ),
      load({ port: apiPort, method: 'GET', path: '/api/events/stats', token, concurrency: 2, seconds: SECONDS }),
    ]);
    const [, loop] = await signalDump(api, [tracePath, loopPath]);
    if (!loop) throw new Error(`${loopPath} was not written`);
    results.loop = { ...loop, lists: mixed.slice(0, 4).reduce((n, r) => n + r.ok, 0), stats: mixed[4].ok };
    results.loop.counts = mixed.map((r) => r.counts);
    log(
      `  event-loop delay p99 ${f1(results.loop.p99)} ms (max ${f1(results.loop.max)} ms) over ${results.loop.lists} lists + ${results.loop.stats} stats`,
    );
    await stop(api);
    for (const x of results.listing) checks.push([x.total === x.expect, `${x.name}: total ${x.total} = ${x.expect} seeded`]);
    for (const [k, v] of Object.entries(results.throughput))
      checks.push([
        Object.keys(v.counts).every((c) => c === '200') && v.rate > 0,
        `page throughput, ${k}: every answer 200 (${JSON.stringify(v.counts)})`,
      ]);
    checks.push([
      results.loop.counts.every((c) => Object.keys(c).every((k) => k === '200')) && results.loop.stats > 0,
      `list + stats load: every answer 200 (${results.loop.lists} lists, ${results.loop.stats} stats)`,
    ]);
    return results;
  },
  report,
);

function report(r) {
  const L = resultsHeader('Events listing benchmark', r.machine, `node bench/events-list.bench.mjs --rows ${r.rows}`);
  const ms = (x) => f1(x);
  const L1 = r.listing;
  L.push(`SQLite ${r.sqliteVersion}; API build: ${r.build}; API start-up on the seeded file: ${f0(r.apiStartMs)} ms.`, '');
  L.push('## How it was measured', '');
  L.push(
    `- **${f0(r.rows)} rows** written straight into the file the API's migrations created (inserts ${f1(r.seed.insertMs / 1000)} s, indexes ${f1(r.seed.indexMs / 1000)} s, file ${f0(r.seed.fileMiB)} MiB), spread over 60 days (${r.seed.rangeFrom} → ${r.seed.rangeTo}), 10 % arriving up to 2 h late, the simulator's types, sources and titles; older events mostly completed.`,
  );
  L.push(
    `- **Latency** = HTTP request time on loopback as the client sees it (keep-alive, one request at a time). **first** is the first request of a case, whose \`total\` is not yet in the service's per-filter totals cache (so it includes the COUNT); p50/p95/p99/max are over the next ${L1[0].n} requests. CPU during the phase: ${cpuLine(r.listingCpu)}.`,
  );
  L.push(
    '- **Baselines, same run, same client**: a fixed 20-item page from bare `node:http` and from a bare Nest app (`bench/lib/baselines.mjs`).',
    '',
  );

  L.push('## Results', '');
  L.push(`### 1. Listing at ${f0(r.rows)} rows (target: under ${LIST_TARGET_MS} ms)`, '');
  L.push('| case | first (total not cached) ms | p50 ms | p95 ms | p99 ms | max ms | `total` | expected total | items |');
  L.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const x of L1)
    L.push(
      `| ${x.name} | ${ms(x.first)}${x.first >= LIST_TARGET_MS ? ' ✘' : ''} | ${ms(x.p50)} | ${ms(x.p95)} | ${ms(x.p99)}${x.p99 >= LIST_TARGET_MS ? ' ✘' : ''} | ${ms(x.max)} | ${f0(x.total)} | ${f0(x.expect)} | ${x.items} |`,
    );
  L.push(
    `| extra: \`GET /api/events/stats\` | ${ms(r.stats.first)}${r.stats.first >= LIST_TARGET_MS ? ' ✘' : ''} | ${ms(r.stats.p50)} | ${ms(r.stats.p95)} | ${ms(r.stats.p99)}${r.stats.p99 >= LIST_TARGET_MS ? ' ✘' : ''} | ${ms(r.stats.max)} | – | – | – |`,
  );
  L.push(
    `| **baseline** bare node:http \`GET\` (fixed 20-item page) | – | ${ms(r.listBareHttp.p50)} | ${ms(r.listBareHttp.p95)} | ${ms(r.listBareHttp.p99)} | ${ms(r.listBareHttp.max)} | – | – | 20 |`,
  );
  L.push(
    `| **baseline** bare Nest \`GET\` (fixed 20-item page) | – | ${ms(r.listBareNest.p50)} | ${ms(r.listBareNest.p95)} | ${ms(r.listBareNest.p99)} | ${ms(r.listBareNest.max)} | – | – | 20 |`,
    '',
  );
  L.push(
    'The deep page is not capped: `page` may go up to 1,000,000 (`PageQueryDto`), and page 10000 answers 20 items with `page: 10000` and a `nextCursor`.',
    '',
  );
  const tp = r.throughput;
  L.push(`### 2. The default page at ${CONNECTIONS} connections (target: at least ${PAGE_TARGET * 100} % of bare node:http)`, '');
  L.push(
    `Authenticated \`GET /api/events\` (the default page of 20 at ${f0(r.rows)} rows; \`total\` from the per-filter cache after the first request) against the baselines' fixed page, ${ROUNDS} alternating slices of ${SLICE} s each. CPU: ${cpuLine(r.pageCpu)}.`,
    '',
  );
  L.push('| target | pages/s | answers | p50 / p99 ms |', '| --- | ---: | --- | --- |');
  L.push(
    `| baseline: bare node:http \`GET\` | ${f0(tp['bare-http'].rate)} | ${JSON.stringify(tp['bare-http'].counts)} | ${f1(tp['bare-http'].p50)} / ${f1(tp['bare-http'].p99)} |`,
  );
  L.push(
    `| baseline: bare Nest \`GET\` | ${f0(tp['bare-nest'].rate)} | ${JSON.stringify(tp['bare-nest'].counts)} | ${f1(tp['bare-nest'].p50)} / ${f1(tp['bare-nest'].p99)} |`,
  );
  L.push(`| API \`GET /api/events\` | ${f0(tp.api.rate)} | ${JSON.stringify(tp.api.counts)} | ${f1(tp.api.p50)} / ${f1(tp.api.p99)} |`, '');
  const ratio = tp.api.rate / tp['bare-http'].rate;
  L.push(
    `The API at **${pcent(ratio)}** of bare node:http (target ≥ ${PAGE_TARGET * 100} %${ratio >= PAGE_TARGET ? ', met' : ', not met'}), ${pcent(tp.api.rate / tp['bare-nest'].rate)} of bare Nest.`,
    '',
  );
  L.push(`### 3. Event-loop delay under list + stats load (target: p99 at most ${LOOP_TARGET_MS} ms)`, '');
  L.push(
    `For ${SECONDS} s: four list queries (default, \`status=open\`, \`severity=critical&status=open\`, \`page=500\`) at 4 connections each and \`GET /api/events/stats\` at 2 connections, together: ${f0(r.loop.lists)} lists and ${f0(r.loop.stats)} stats answered. The API's own event-loop delay (\`monitorEventLoopDelay\`, 5 ms resolution, preloaded by the bench): p50 ${f1(r.loop.p50)} ms, **p99 ${f1(r.loop.p99)} ms** (target ≤ ${LOOP_TARGET_MS} ms${r.loop.p99 <= LOOP_TARGET_MS ? ', met' : ', not met'}), max ${f1(r.loop.max)} ms.`,
    '',
  );
  L.push(
    'SQL behind each case (time inside the sqlite3 driver per statement shape; "first" is the cold request) and `EXPLAIN QUERY PLAN` of the statement as run:',
    '',
  );
  for (const x of [...L1, { name: 'extra: GET /api/events/stats', path: '/api/events/stats', trace: r.stats.trace }]) {
    L.push(`<details><summary>${x.name}: <code>GET ${x.path.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</code></summary>`, '');
    L.push('| n | first ms | p50 ms | p99 ms | max ms | statement | EXPLAIN QUERY PLAN |');
    L.push('| ---: | ---: | ---: | ---: | ---: | --- | --- |');
    for (const s of x.trace)
      L.push(
        `| ${s.n} | ${ms(s.samples[0])} | ${ms(s.sum.p50)} | ${ms(s.sum.p99)} | ${ms(s.maxMs)} | \`${s.sql.replace(/\|/g, '\\|').slice(0, 300)}${s.sql.length > 300 ? '…' : ''}\` | ${(s.plan ?? []).join('<br>')} |`,
      );
    L.push('', '</details>', '');
  }
  return L.join('\n');
}

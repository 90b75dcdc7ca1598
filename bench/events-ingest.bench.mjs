#!/usr/bin/env node
// Events ingestion: single `POST /api/events` at 32 connections and `POST /api/events/batch` of 1,000 at 2 clients,
// against, in the same run: a bare node:http and a bare Nest route (same bodies, no auth, validation or database), and
// the raw SQLite driver writing the same rows as multi-row INSERTs, one transaction per 1,000 (the engine's ceiling);
// and the same API on a fresh PostgreSQL database beside the raw `pg` driver doing the same. Every event answered 201
// must be stored exactly once, on both databases. Writes bench/RESULTS-events-ingest.md.
//
//   node bench/events-ingest.bench.mjs [--seconds 6] [--skip-build] [--smoke]

import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import pgDriver from 'pg';
import { v7 as uuidv7 } from 'uuid';
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
  procCpuMs,
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
  pgDatabase,
} from './lib/common.mjs';
import sqlite3 from 'sqlite3';
import { COLUMNS, dbRun, openDb, randomEvent, sqlDate } from './lib/events-data.mjs';

const SECONDS = arg('seconds', SMOKE ? 1 : 6);
const ROUNDS = 2; // alternating slices per target, so every target sees the same background load
const slice = SECONDS / ROUNDS;

await runBench(
  'events-ingest',
  async ({ dir, checks }) => {
    const r = { machine: machineInfo() };
    r.build = ensureBuild('api');
    const apiPort = await freePort();
    const dbPath = join(dir, 'events.sqlite');
    const api = startNode(['dist/apps/api/main.js'], apiEnv(apiPort, { SQLITE_PATH: dbPath }), join(dir, 'api.log'));
    await waitHttp(`http://127.0.0.1:${apiPort}/api/health`, api);
    const token = await adminToken(apiPort);
    // The raw-driver baseline writes into a copy of the schema the migrations made (before any event is stored).
    const rawPath = join(dir, 'raw.sqlite');
    const raw3Path = join(dir, 'raw-sqlite3.sqlite');
    {
      const src = new Database(dbPath);
      for (const path of [rawPath, raw3Path]) src.exec(`VACUUM INTO '${path.replace(/'/g, "''")}'`);
      src.close();
    }
    // The same API on PostgreSQL (a fresh database its migrations create), measured beside it.
    const pg = pgDatabase();
    const pgPort = await freePort();
    const apiPg = startNode(['dist/apps/api/main.js'], apiEnv(pgPort, { DATABASE_URL: pg.url }), join(dir, 'api-pg.log'));
    await waitHttp(`http://127.0.0.1:${pgPort}/api/health`, apiPg);
    const pgToken = await adminToken(pgPort);
    const bases = await startBaselines(dir);

    const tag = `b${process.pid}${Math.random().toString(36).slice(2, 6)}`;
    const single = (source) => Array.from({ length: 512 }, () => JSON.stringify({ ...randomEvent(), source }));
    const batches = (source) =>
      Array.from({ length: 3 }, () => JSON.stringify({ events: Array.from({ length: 1000 }, () => ({ ...randomEvent(), source })) }));
    const bodies = {
      apiSingle: single(`bench-single-${tag}`),
      apiBatch: batches(`bench-batch-${tag}`),
      bareSingle: single('bare'),
      bareBatch: batches('bare'),
    };
    r.batchBodyKiB = Buffer.byteLength(bodies.apiBatch[0]) / 1024;

    // Warm-up (JIT, connections, SQLite pages), with a source the stored-count check below does not look at.
    for (let i = 0; i < 20; i++) {
      for (const { port } of Object.values(bases)) await request(port, 'POST', '/api/bare/events', bodies.bareSingle[i]);
      await request(apiPort, 'POST', '/api/events', { ...randomEvent(), source: 'bench-warmup' }, token);
    }
    for (const [port, tok] of [
      [apiPort, token],
      [pgPort, pgToken],
    ]) {
      for (let i = 0; i < 20; i++) await request(port, 'POST', '/api/events', { ...randomEvent(), source: 'bench-warmup' }, tok);
      await request(
        port,
        'POST',
        '/api/events/batch',
        { events: Array.from({ length: 1000 }, () => ({ ...randomEvent(), source: 'bench-warmup' })) },
        tok,
      );
    }

    // The raw driver: the same rows the service would write, 1,000 per multi-row INSERT, one transaction each.
    const raw = new Database(rawPath);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    const insert = raw.prepare(
      `INSERT INTO "events" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${Array(1000)
        .fill(`(${COLUMNS.map(() => '?').join(',')})`)
        .join(',')}`,
    );
    // Rows generated up front, like the HTTP bodies: the timed loop only gives each row a fresh id and inserts.
    const rawTemplates = Array.from({ length: 3 }, () => {
      const t = sqlDate(Date.now());
      return Array.from({ length: 1000 }, () => {
        const e = randomEvent();
        return [
          null,
          e.type,
          e.source,
          e.title,
          e.title.toLowerCase(),
          e.severity,
          JSON.stringify(e.payload),
          'open',
          t,
          t,
          t,
          null,
          null,
          1,
        ];
      });
    });
    let rawK = 0;
    const rawRows = () => {
      const p = [];
      for (const row of rawTemplates[rawK++ % rawTemplates.length]) {
        row[0] = uuidv7(); // time-ordered ids, as the API gives events
        p.push(...row);
      }
      return p;
    };
    const rawBatch = raw.transaction((params) => insert.run(params));
    /** Batches of 1,000 written back to back by a raw driver's `writeBatch` for `seconds`, as a load() run. */
    const rawSlice = async (seconds, writeBatch) => {
      const start = performance.now();
      let batches = 0;
      while (performance.now() - start < seconds * 1000) {
        await writeBatch();
        batches++;
      }
      return { counts: { 201: batches }, elapsed: (performance.now() - start) / 1000, ok: batches, items: batches * 1000, lat: [] };
    };
    const writeSqliteBatch = () => rawBatch(rawRows());

    // The API's own driver (`sqlite3`, statements in libuv's thread pool), raw: the same prepared statement and
    // transaction per 1,000 rows. Beside `better-sqlite3` it measures what changing the driver could give batches.
    const raw3 = await openDb(sqlite3, raw3Path);
    await dbRun(raw3, 'PRAGMA journal_mode = WAL');
    await dbRun(raw3, 'PRAGMA synchronous = NORMAL');
    const insert3 = await new Promise((res, rej) => {
      const st = raw3.prepare(insert.source, (e) => (e ? rej(e) : res(st)));
    });
    const writeSqlite3Batch = async () => {
      await dbRun(raw3, 'BEGIN');
      await new Promise((res, rej) => insert3.run(rawRows(), (e) => (e ? rej(e) : res())));
      await dbRun(raw3, 'COMMIT');
    };

    // The raw pg driver: the same rows, 1,000 per multi-row INSERT (14,000 parameters), one transaction each.
    const pgClient = new pgDriver.Client({ connectionString: pg.url });
    await pgClient.connect();
    const pgInsert = `INSERT INTO "events" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${Array.from(
      { length: 1000 },
      (_, r) => `(${COLUMNS.map((__, c) => `$${r * COLUMNS.length + c + 1}`).join(', ')})`,
    ).join(', ')}`;
    // The same rows with Dates for the timestamp columns (the SQLite rows carry them as text).
    const dateColumns = new Set(['occurredAt', 'createdAt', 'updatedAt'].map((c) => COLUMNS.indexOf(c)));
    const writePgBatch = async () => {
      const now = new Date();
      const params = rawRows().map((v, i) => (dateColumns.has(i % COLUMNS.length) ? now : v));
      await pgClient.query('BEGIN');
      await pgClient.query(pgInsert, params);
      await pgClient.query('COMMIT');
    };

    const run = {
      httpSingle: emptyRun(),
      nestSingle: emptyRun(),
      apiSingle: emptyRun(),
      rawBatch: emptyRun(),
      raw3Batch: emptyRun(),
      httpBatch: emptyRun(),
      nestBatch: emptyRun(),
      apiBatch: emptyRun(),
      pgSingle: emptyRun(),
      rawPgBatch: emptyRun(),
      pgBatch: emptyRun(),
    };
    const apiCpu = { single: 0, batch: 0 };
    const meter = cpuMeter();
    log('single events, 32 connections ...');
    for (let k = 0; k < ROUNDS; k++) {
      addRun(
        run.httpSingle,
        await load({ port: bases['bare-http'].port, path: '/api/bare/events', concurrency: 32, seconds: slice, bodies: bodies.bareSingle }),
      );
      addRun(
        run.nestSingle,
        await load({ port: bases['bare-nest'].port, path: '/api/bare/events', concurrency: 32, seconds: slice, bodies: bodies.bareSingle }),
      );
      const c0 = procCpuMs(api.pid);
      addRun(
        run.apiSingle,
        await load({ port: apiPort, path: '/api/events', token, concurrency: 32, seconds: slice, bodies: bodies.apiSingle }),
      );
      apiCpu.single += procCpuMs(api.pid) - c0;
      addRun(
        run.pgSingle,
        await load({ port: pgPort, path: '/api/events', token: pgToken, concurrency: 32, seconds: slice, bodies: bodies.apiSingle }),
      );
    }
    log('batches of 1,000, 2 clients ...');
    for (let k = 0; k < ROUNDS; k++) {
      addRun(run.rawBatch, await rawSlice(slice, writeSqliteBatch));
      addRun(run.raw3Batch, await rawSlice(slice, writeSqlite3Batch));
      addRun(
        run.httpBatch,
        await load({
          port: bases['bare-http'].port,
          path: '/api/bare/events/batch',
          concurrency: 2,
          seconds: slice,
          bodies: bodies.bareBatch,
          perRequest: 1000,
        }),
      );
      addRun(
        run.nestBatch,
        await load({
          port: bases['bare-nest'].port,
          path: '/api/bare/events/batch',
          concurrency: 2,
          seconds: slice,
          bodies: bodies.bareBatch,
          perRequest: 1000,
        }),
      );
      const c0 = procCpuMs(api.pid);
      addRun(
        run.apiBatch,
        await load({
          port: apiPort,
          path: '/api/events/batch',
          token,
          concurrency: 2,
          seconds: slice,
          bodies: bodies.apiBatch,
          perRequest: 1000,
        }),
      );
      apiCpu.batch += procCpuMs(api.pid) - c0;
      addRun(run.rawPgBatch, await rawSlice(slice, writePgBatch));
      addRun(
        run.pgBatch,
        await load({
          port: pgPort,
          path: '/api/events/batch',
          token: pgToken,
          concurrency: 2,
          seconds: slice,
          bodies: bodies.apiBatch,
          perRequest: 1000,
        }),
      );
    }
    r.cpu = meter();
    raw.close();
    await new Promise((res) => insert3.finalize(() => raw3.close(res)));
    r.run = run;
    r.apiCpuPct = {
      single: (apiCpu.single / (run.apiSingle.elapsed * 1000)) * 100,
      batch: (apiCpu.batch / (run.apiBatch.elapsed * 1000)) * 100,
    };
    // Nothing lost, nothing doubled: what the API stored == what it answered 201 for.
    r.storedSingle = (await request(apiPort, 'GET', `/api/events?source=bench-single-${tag}&pageSize=1`, undefined, token)).body.total;
    r.storedBatch = (await request(apiPort, 'GET', `/api/events?source=bench-batch-${tag}&pageSize=1`, undefined, token)).body.total;
    checks.push([r.storedSingle === run.apiSingle.items, `single: ${f0(r.storedSingle)} stored = ${f0(run.apiSingle.items)} answered 201`]);
    checks.push([r.storedBatch === run.apiBatch.items, `batch: ${f0(r.storedBatch)} stored = ${f0(run.apiBatch.items)} answered 201`]);
    r.pgStoredSingle = (await request(pgPort, 'GET', `/api/events?source=bench-single-${tag}&pageSize=1`, undefined, pgToken)).body.total;
    r.pgStoredBatch = (await request(pgPort, 'GET', `/api/events?source=bench-batch-${tag}&pageSize=1`, undefined, pgToken)).body.total;
    checks.push([
      r.pgStoredSingle === run.pgSingle.items,
      `PostgreSQL single: ${f0(r.pgStoredSingle)} stored = ${f0(run.pgSingle.items)} answered 201`,
    ]);
    checks.push([
      r.pgStoredBatch === run.pgBatch.items,
      `PostgreSQL batch: ${f0(r.pgStoredBatch)} stored = ${f0(run.pgBatch.items)} answered 201`,
    ]);
    checks.push([run.apiSingle.items > 0 && run.apiBatch.items > 0, 'the API accepted events in both modes']);
    checks.push([run.pgSingle.items > 0 && run.pgBatch.items > 0, 'the API on PostgreSQL accepted events in both modes']);
    const unexpected = Object.keys({
      ...run.apiSingle.counts,
      ...run.apiBatch.counts,
      ...run.pgSingle.counts,
      ...run.pgBatch.counts,
    }).filter((s) => s !== '201');
    checks.push([
      unexpected.length === 0,
      `every API answer was 201 (${JSON.stringify(run.apiSingle.counts)} / ${JSON.stringify(run.apiBatch.counts)})`,
    ]);
    for (const { child } of Object.values(bases)) await stop(child);
    await stop(api);
    await pgClient.end();
    await stop(apiPg);
    pg.drop();
    return r;
  },
  report,
);

function report(x) {
  const L = resultsHeader('Events ingestion benchmark', x.machine, `node bench/events-ingest.bench.mjs --seconds ${SECONDS}`);
  const { run } = x;
  L.push('## How it was measured', '');
  L.push(
    `- The built API (\`dist/apps/api/main.js\`, NODE_ENV=production, LOG_LEVEL=warn, SQLite in a temp dir, local Redis) on loopback; keep-alive clients in this process. Single events (realistic bodies, the simulator's shapes) at 32 connections; batches of 1,000 events (${f0(x.batchBodyKiB)} KiB) at 2 clients. ${ROUNDS} alternating slices per target, ${f1(slice)} s each. API build: ${x.build}.`,
  );
  L.push(
    '- Baselines in the same run: bare `node:http` and bare Nest routes (`bench/lib/baselines.mjs`) that parse the same bodies and answer with ids, no auth, validation or database; the raw `better-sqlite3` driver writing the same rows into the same schema as one prepared multi-row INSERT of 1,000 rows per transaction (WAL, synchronous=NORMAL, in this process, no HTTP), and for reference the `sqlite3` driver the API uses doing the same; and for PostgreSQL the raw `pg` driver doing the same in the database the API on PostgreSQL uses.',
  );
  L.push(`- CPU during the run: ${cpuLine(x.cpu)}.`, '');
  L.push('## Results', '');
  L.push('| target | events/s | answers | request p50 / p99 ms | API CPU (of 1 core) |');
  L.push('| --- | ---: | --- | --- | ---: |');
  const row = (name, v, cpu) => {
    const s = summary(v.lat);
    L.push(
      `| ${name} | **${f0(rate(v))}** | ${JSON.stringify(v.counts)} | ${v.lat.length ? `${f1(s.p50)} / ${f1(s.p99)}` : '–'} | ${cpu === undefined ? '–' : `${f0(cpu)} %`} |`,
    );
  };
  row('baseline: bare node:http `POST` (c=32)', run.httpSingle);
  row('baseline: bare Nest `POST` (c=32)', run.nestSingle);
  row('API `POST /api/events` (c=32)', run.apiSingle, x.apiCpuPct.single);
  row('baseline: raw driver, multi-row INSERT ×1000 per transaction', run.rawBatch);
  row("reference: the API's driver (`sqlite3`) raw, the same statement and transactions", run.raw3Batch);
  row('baseline: bare node:http `POST` batch ×1000 (c=2)', run.httpBatch);
  row('baseline: bare Nest `POST` batch ×1000 (c=2)', run.nestBatch);
  row('API `POST /api/events/batch` ×1000 (c=2)', run.apiBatch, x.apiCpuPct.batch);
  row('PostgreSQL: API `POST /api/events` (c=32)', run.pgSingle);
  row('PostgreSQL baseline: raw `pg` driver, multi-row INSERT ×1000 per transaction', run.rawPgBatch);
  row('PostgreSQL: API `POST /api/events/batch` ×1000 (c=2)', run.pgBatch);
  L.push('');
  L.push(
    `- Single events: the API at **${pcent(rate(run.apiSingle) / rate(run.httpSingle))}** of bare node:http (target ≥ 15 %), ${pcent(rate(run.apiSingle) / rate(run.nestSingle))} of bare Nest.`,
  );
  L.push(
    `- Batches: the API at **${pcent(rate(run.apiBatch) / rate(run.rawBatch))}** of the raw driver (target ≥ 40 % and ≥ 40,000 events/s: ${f0(rate(run.apiBatch))} events/s); ${pcent(rate(run.apiBatch) / rate(run.raw3Batch))} of its own driver raw (\`sqlite3\`, which writes at ${pcent(rate(run.raw3Batch) / rate(run.rawBatch))} of \`better-sqlite3\`'s rate: what a change of driver could give batches at most).`,
  );
  L.push(
    `- On PostgreSQL (\`DATABASE_URL\`, a fresh database on the local server): single events at ${pcent(rate(run.pgSingle) / rate(run.httpSingle))} of bare node:http; batches at ${pcent(rate(run.pgBatch) / rate(run.rawPgBatch))} of the raw \`pg\` driver (${f0(rate(run.pgBatch))} events/s).`,
  );
  L.push(
    `- Exactness: ${f0(x.storedSingle)} of ${f0(run.apiSingle.items)} single and ${f0(x.storedBatch)} of ${f0(run.apiBatch.items)} batched events answered 201 are stored (nothing lost, nothing doubled); on PostgreSQL ${f0(x.pgStoredSingle)} of ${f0(run.pgSingle.items)} and ${f0(x.pgStoredBatch)} of ${f0(run.pgBatch.items)}.`,
    '',
  );
  return L.join('\n');
}

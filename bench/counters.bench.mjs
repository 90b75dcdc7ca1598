#!/usr/bin/env node
// Decrements of one stock counter at 32 connections through the built API (SQLite, local Redis; and the same API on
// a fresh PostgreSQL database beside it), against a bare node:http and a bare Nest JSON POST route in the same run
// (alternating slices, same client). Checks exactness on both databases: no lost update (final value = initial −
// warm-up − decrements answered 200) and an exact sell-out (a stock of 1000 under 1500 concurrent decrements:
// 1000 × 200, 500 × 409, value 0, version 1001). Writes bench/RESULTS-counters.md.
//
//   node bench/counters.bench.mjs [--seconds 8] [--concurrency 32] [--skip-build] [--smoke]

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
  freePort,
  load,
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
  waitHttp,
  pgDatabase,
} from './lib/common.mjs';

const ROUNDS = SMOKE ? 1 : 4;
const SECONDS = arg('seconds', SMOKE ? 1 : 8) / ROUNDS; // per slice
const CONCURRENCY = arg('concurrency', 32);
const INITIAL = 10_000_000;

await runBench(
  'counters',
  async ({ dir, checks }) => {
    const r = { machine: machineInfo() };
    r.build = ensureBuild('api');
    const apiPort = await freePort();
    const api = startNode(['dist/apps/api/main.js'], apiEnv(apiPort, { SQLITE_PATH: join(dir, 'bench.sqlite') }), join(dir, 'api.log'));
    await waitHttp(`http://127.0.0.1:${apiPort}/api/health`, api);
    // The same API on PostgreSQL (a fresh database), measured beside it in the same slices.
    const pg = pgDatabase();
    const pgPort = await freePort();
    const apiPg = startNode(['dist/apps/api/main.js'], apiEnv(pgPort, { DATABASE_URL: pg.url }), join(dir, 'api-pg.log'));
    await waitHttp(`http://127.0.0.1:${pgPort}/api/health`, apiPg);
    const bases = await startBaselines(dir);
    const token = await adminToken(apiPort);
    const pgToken = await adminToken(pgPort);
    const stockOn = async (port, tok) => {
      const created = await request(port, 'POST', '/api/counters', { name: `bench-stock-${Date.now()}`, initial: INITIAL, min: 0 }, tok);
      if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
      return created.body.id;
    };
    const id = await stockOn(apiPort, token);
    const pgId = await stockOn(pgPort, pgToken);
    const path = `/api/counters/${id}/decrement`;
    const pgPath = `/api/counters/${pgId}/decrement`;

    // Warm-up (JIT, connections), then alternating slices per target so all see the same background load.
    for (const { port } of Object.values(bases)) await request(port, 'POST', '/api/bare/counters/x/decrement', {});
    const warm = await request(apiPort, 'POST', path, {}, token);
    const warmPg = await request(pgPort, 'POST', pgPath, {}, pgToken);
    const run = { http: emptyRun(), nest: emptyRun(), api: emptyRun(), pg: emptyRun(), me: emptyRun() };
    const meter = cpuMeter();
    for (let k = 0; k < ROUNDS; k++) {
      addRun(
        run.http,
        await load({
          port: bases['bare-http'].port,
          path: '/api/bare/counters/x/decrement',
          concurrency: CONCURRENCY,
          seconds: SECONDS,
          bodies: [{}],
          okStatus: 200,
        }),
      );
      addRun(
        run.nest,
        await load({
          port: bases['bare-nest'].port,
          path: '/api/bare/counters/x/decrement',
          concurrency: CONCURRENCY,
          seconds: SECONDS,
          bodies: [{}],
          okStatus: 200,
        }),
      );
      addRun(run.api, await load({ port: apiPort, path, token, concurrency: CONCURRENCY, seconds: SECONDS, bodies: [{}], okStatus: 200 }));
      addRun(
        run.pg,
        await load({ port: pgPort, path: pgPath, token: pgToken, concurrency: CONCURRENCY, seconds: SECONDS, bodies: [{}], okStatus: 200 }),
      );
      addRun(run.me, await load({ port: apiPort, path: '/api/auth/me', token, concurrency: CONCURRENCY, seconds: SECONDS, method: 'GET' }));
    }
    r.cpu = meter();
    r.run = run;
    const final = await request(apiPort, 'GET', `/api/counters/${id}`, undefined, token);
    r.expected = INITIAL - 1 - run.api.ok; // 1 = the warm-up decrement
    r.stored = final.body.value;
    r.pgExpected = INITIAL - 1 - run.pg.ok;
    r.pgStored = (await request(pgPort, 'GET', `/api/counters/${pgId}`, undefined, pgToken)).body.value;

    // Sell-out: a stock of 1000, 1500 decrements from CONCURRENCY clients at once; exactly 1000 may succeed.
    const sellOut = async (port, tok) => {
      const stock = await request(port, 'POST', '/api/counters', { name: `bench-sellout-${Date.now()}`, initial: 1000, min: 0 }, tok);
      const sellout = { 200: 0, 409: 0, other: 0 };
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next++ < 1500) {
            const res = await request(port, 'POST', `/api/counters/${stock.body.id}/decrement`, {}, tok);
            sellout[res.status === 200 || res.status === 409 ? res.status : 'other']++;
          }
        }),
      );
      const soldOut = (await request(port, 'GET', `/api/counters/${stock.body.id}`, undefined, tok)).body;
      return { ...sellout, value: soldOut.value, version: soldOut.version };
    };
    r.sellout = await sellOut(apiPort, token);
    r.pgSellout = await sellOut(pgPort, pgToken);
    for (const { child } of Object.values(bases)) await stop(child);
    await stop(api);
    await stop(apiPg);
    pg.drop();

    const exactSellOut = (s) => s[200] === 1000 && s[409] === 500 && s.other === 0 && s.value === 0 && s.version === 1001;
    checks.push([warm.status === 200 && run.api.ok > 0, `the API answered decrements (${JSON.stringify(run.api.counts)})`]);
    checks.push([warmPg.status === 200 && run.pg.ok > 0, `the API on PostgreSQL answered decrements (${JSON.stringify(run.pg.counts)})`]);
    checks.push([
      r.stored === r.expected,
      `no lost update: stored ${f0(r.stored)} = initial − 1 − ${f0(run.api.ok)} answered 200 (${f0(r.expected)})`,
    ]);
    checks.push([
      r.pgStored === r.pgExpected,
      `no lost update on PostgreSQL: stored ${f0(r.pgStored)} = initial − 1 − ${f0(run.pg.ok)} answered 200 (${f0(r.pgExpected)})`,
    ]);
    checks.push([exactSellOut(r.sellout), `exact sell-out: ${JSON.stringify(r.sellout)}`]);
    checks.push([exactSellOut(r.pgSellout), `exact sell-out on PostgreSQL: ${JSON.stringify(r.pgSellout)}`]);
    return r;
  },
  report,
);

function report(x) {
  const { run } = x;
  const L = resultsHeader(
    'Counters benchmark',
    x.machine,
    `node bench/counters.bench.mjs --seconds ${SECONDS * ROUNDS} --concurrency ${CONCURRENCY}`,
  );
  L.push(
    `${CONCURRENCY} concurrent keep-alive HTTP clients, ${SECONDS * ROUNDS} s per target in ${ROUNDS} alternating slices, loopback. CPU: ${cpuLine(x.cpu)}. API build: ${x.build}.`,
    '',
  );
  L.push('| target | 200/s | answers | notes |', '| --- | ---: | --- | --- |');
  L.push(
    `| baseline: bare node:http JSON POST | ${f0(rate(run.http))} | ${JSON.stringify(run.http.counts)} | no framework, no auth, no database |`,
  );
  L.push(
    `| baseline: bare Nest POST route | ${f0(rate(run.nest))} | ${JSON.stringify(run.nest.counts)} | Fastify platform (the API's), no auth, no validation, no database |`,
  );
  L.push(
    `| \`POST /api/counters/:id/decrement\` (SQLite) | ${f0(rate(run.api))} | ${JSON.stringify(run.api.counts)} | JWT auth + roles guard, ValidationPipe, request log, atomic conditional UPDATE … RETURNING (concurrent decrements grouped), socket.io publish |`,
  );
  L.push(
    `| the same on PostgreSQL (\`DATABASE_URL\`, a fresh database on the local server) | ${f0(rate(run.pg))} | ${JSON.stringify(run.pg.counts)} | one conditional UPDATE … RETURNING per group on the pool |`,
  );
  L.push(
    `| reference: \`GET /api/auth/me\` | ${f0(rate(run.me))} | ${JSON.stringify(run.me.counts)} | the shared per-request path with one SELECT |`,
    '',
  );
  L.push(
    `Decrements at **${pcent(rate(run.api) / rate(run.http))}** of bare node:http (target ≥ 25 %), ${pcent(rate(run.api) / rate(run.nest))} of bare Nest; on PostgreSQL ${pcent(rate(run.pg) / rate(run.http))} of bare node:http; \`GET /api/auth/me\` at ${pcent(rate(run.me) / rate(run.http))} of bare node:http.`,
    '',
  );
  L.push(
    `Exactness: expected ${f0(x.expected)}, stored ${f0(x.stored)}: ${x.stored === x.expected ? '**0 lost updates**' : `**MISMATCH of ${x.stored - x.expected}**`}; on PostgreSQL expected ${f0(x.pgExpected)}, stored ${f0(x.pgStored)}: ${x.pgStored === x.pgExpected ? '**0 lost updates**' : `**MISMATCH of ${x.pgStored - x.pgExpected}**`}. Sell-out (stock 1000, 1500 concurrent decrements): ${x.sellout[200]} × 200, ${x.sellout[409]} × 409, ${x.sellout.other} other, value ${x.sellout.value}, version ${x.sellout.version}; on PostgreSQL ${x.pgSellout[200]} × 200, ${x.pgSellout[409]} × 409, ${x.pgSellout.other} other, value ${x.pgSellout.value}, version ${x.pgSellout.version}.`,
    '',
  );
  return L.join('\n');
}

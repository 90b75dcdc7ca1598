#!/usr/bin/env node
// Does bcrypt stall other requests? Latency of an authenticated GET (/api/auth/me, 50/s, open loop) alone, then while
// 20 logins/s run (each a bcrypt compare, ~50 ms of CPU in bcryptjs). One built API on a temp SQLite file and the
// local Redis, TRUST_PROXY=loopback with one X-Forwarded-For address per login so the per-address limit stays out of
// the way (each success resets the admin's own account count). Every answer must be a 200.
// Writes bench/RESULTS-login-latency.md.
//
//   node bench/login-latency.bench.mjs [--seconds 10] [--logins 20] [--skip-build] [--smoke]
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  adminToken,
  apiEnv,
  arg,
  ensureBuild,
  f1,
  freePort,
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

const SECONDS = arg('seconds', SMOKE ? 2 : 10);
const LOGINS_PER_SEC = arg('logins', 20);
const GETS_PER_SEC = 50;

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

await runBench(
  'login-latency',
  async ({ dir, checks }) => {
    const r = { machine: machineInfo() };
    r.build = ensureBuild('api');
    const port = await freePort();
    const api = startNode(
      ['dist/apps/api/main.js'],
      apiEnv(port, { SQLITE_PATH: join(dir, 'db.sqlite'), TRUST_PROXY: 'loopback' }),
      join(dir, 'api.log'),
    );
    await waitHttp(`http://127.0.0.1:${port}/api/health`, api);
    const token = await adminToken(port);
    const login = (i) =>
      request(port, 'POST', '/api/auth/login', { username: 'admin', password: 'bench-admin-password' }, undefined, {
        'x-forwarded-for': `198.51.${Math.floor(i / 250) % 250}.${(i % 250) + 1}`,
      });
    const get = () => request(port, 'GET', '/api/auth/me', undefined, token);
    await openLoop(GETS_PER_SEC, get); // warm-up (JIT, caches)
    const alone = await openLoop(GETS_PER_SEC, get);
    const [during, logins] = await Promise.all([openLoop(GETS_PER_SEC, get), openLoop(LOGINS_PER_SEC, login)]);
    await stop(api);
    r.alone = summary(alone.map((x) => x.ms));
    r.during = summary(during.map((x) => x.ms));
    r.logins = summary(logins.map((x) => x.ms));
    const bad = [...alone, ...during, ...logins].filter((x) => x.status !== 200);
    checks.push([
      bad.length === 0,
      `every answer was 200 (${bad.length} were not: ${[...new Set(bad.map((x) => x.status))].join(', ') || 'none'})`,
    ]);
    checks.push([logins.length > 0 && during.length > 0, `${logins.length} logins and ${during.length} GETs ran together`]);
    return r;
  },
  report,
);

function report(x) {
  const L = resultsHeader(
    'Login latency benchmark',
    x.machine,
    `node bench/login-latency.bench.mjs --seconds ${SECONDS} --logins ${LOGINS_PER_SEC}`,
  );
  L.push(
    `An authenticated \`GET /api/auth/me\` at ${GETS_PER_SEC}/s (open loop), first alone, then while ${LOGINS_PER_SEC} logins/s run, ${SECONDS} s each. Built API (${x.build}).`,
    '',
  );
  L.push('| measure | n | p50 ms | p95 ms | p99 ms | max ms |', '| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, s] of [
    ['GET alone', x.alone],
    [`GET during ${LOGINS_PER_SEC} logins/s`, x.during],
    [`login (${LOGINS_PER_SEC}/s)`, x.logins],
  ]) {
    L.push(`| ${name} | ${s.n} | ${f1(s.p50)} | ${f1(s.p95)} | ${f1(s.p99)} | ${f1(s.max)} |`);
  }
  L.push(
    '',
    "bcrypt runs in a pool of worker threads (`PasswordHasher`, libs/api/auth), so a login costs its own latency, not the other requests'.",
    '',
  );
  return L.join('\n');
}

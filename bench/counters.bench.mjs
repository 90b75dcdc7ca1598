// Decrements/s on one API instance (dist/apps/api/main.js, temp SQLite, local Redis) vs a bare Nest route
// (bench/bare-nest.mjs), same client, same run. Verifies no lost update (final value == initial - number of 200s) and
// an exact sell-out (a stock of 1000 under 1500 concurrent decrements: 1000 × 200, 500 × 409, value 0).
// Usage: npx nx build api && node bench/counters.bench.mjs [--seconds 8] [--concurrency 50]   (seconds per target)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const ROUNDS = 4;
const SECONDS = arg('seconds', 8) / ROUNDS; // per slice
const CONCURRENCY = arg('concurrency', 50);
const INITIAL = 10_000_000;
const API_PORT = 4400 + Math.floor(Math.random() * 200);
const BARE_PORT = API_PORT + 300;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function request(port, method, path, body, token) {
  return new Promise((resolvePromise, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolvePromise({ status: res.statusCode, body: text ? JSON.parse(text) : null });
        });
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

function start(cmd, args, env, readyUrl) {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 60_000;
  return new Promise((resolvePromise, reject) => {
    const poll = () => {
      http
        .get(readyUrl, (res) => {
          res.resume();
          resolvePromise(child);
        })
        .on('error', () => {
          if (Date.now() > deadline) return reject(new Error(`${args.join(' ')} did not start`));
          setTimeout(poll, 200);
        });
    };
    child.on('exit', (code) => code && reject(new Error(`${args.join(' ')} exited with ${code}`)));
    poll();
  });
}

/** CONCURRENCY loops of POST {path} for SECONDS; returns counts by status and the rate of 200s. */
async function load(port, path, token, method = 'POST') {
  const counts = {};
  const end = Date.now() + SECONDS * 1000;
  const started = Date.now();
  const loops = Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < end) {
      const res = await request(port, method, path, method === 'POST' ? {} : undefined, token);
      counts[res.status] = (counts[res.status] ?? 0) + 1;
    }
  });
  await Promise.all(loops);
  const elapsed = (Date.now() - started) / 1000;
  return { counts, elapsed, ok: counts[200] ?? 0, rate: (counts[200] ?? 0) / elapsed };
}

const dir = mkdtempSync(join(tmpdir(), 'pb-bench-'));
const children = [];
try {
  const api = await start(
    'node',
    ['dist/apps/api/main.js'],
    {
      NODE_ENV: 'production',
      PORT: String(API_PORT),
      HOST: '127.0.0.1',
      SQLITE_PATH: join(dir, 'bench.sqlite'),
      QUEUE_PREFIX: `pbbench-${process.pid}`,
      JWT_SECRET: 'bench-secret-0123456789abcdef',
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'bench-admin-password',
    },
    `http://127.0.0.1:${API_PORT}/api/health`,
  );
  children.push(api);
  const bare = await start('node', ['bench/bare-nest.mjs'], { PORT: String(BARE_PORT) }, `http://127.0.0.1:${BARE_PORT}/`);
  children.push(bare);

  const login = await request(API_PORT, 'POST', '/api/auth/login', { username: 'admin', password: 'bench-admin-password' });
  const token = login.body.accessToken;
  const created = await request(API_PORT, 'POST', '/api/counters', { name: `bench-stock-${Date.now()}`, initial: INITIAL, min: 0 }, token);
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id;

  // Warm-up (JIT, connections), then ROUNDS alternating slices per target, so both see the same background
  // load on a shared machine; rates are totals over all slices.
  await request(BARE_PORT, 'POST', '/api/bare/x/decrement', {});
  const warm = await request(API_PORT, 'POST', `/api/counters/${id}/decrement`, {}, token);
  const bareRun = { counts: {}, elapsed: 0, ok: 0 };
  const apiRun = { counts: {}, elapsed: 0, ok: 0 };
  const meRun = { counts: {}, elapsed: 0, ok: 0 };
  const add = (into, r) => {
    for (const [k, v] of Object.entries(r.counts)) into.counts[k] = (into.counts[k] ?? 0) + v;
    into.elapsed += r.elapsed;
    into.ok += r.ok;
  };
  for (let round = 0; round < ROUNDS; round++) {
    add(bareRun, await load(BARE_PORT, '/api/bare/x/decrement'));
    add(apiRun, await load(API_PORT, `/api/counters/${id}/decrement`, token));
    add(meRun, await load(API_PORT, '/api/auth/me', token, 'GET'));
  }
  meRun.rate = meRun.ok / meRun.elapsed;
  bareRun.rate = bareRun.ok / bareRun.elapsed;
  apiRun.rate = apiRun.ok / apiRun.elapsed;
  const final = await request(API_PORT, 'GET', `/api/counters/${id}`, undefined, token);

  // Sell-out: a stock of 1000, 1500 decrements from CONCURRENCY clients at once; exactly 1000 may succeed.
  const stock = await request(API_PORT, 'POST', '/api/counters', { name: `bench-sellout-${Date.now()}`, initial: 1000, min: 0 }, token);
  const sellout = { 200: 0, 409: 0, other: 0 };
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < 1500) {
        const r = await request(API_PORT, 'POST', `/api/counters/${stock.body.id}/decrement`, {}, token);
        sellout[r.status === 200 || r.status === 409 ? r.status : 'other']++;
      }
    }),
  );
  const soldOut = await request(API_PORT, 'GET', `/api/counters/${stock.body.id}`, undefined, token);
  const selloutExact = sellout[200] === 1000 && sellout[409] === 500 && sellout.other === 0 && soldOut.body.value === 0 && soldOut.body.version === 1001;
  const expected = INITIAL - 1 - apiRun.ok; // 1 = the warm-up decrement
  const lost = final.body.value - expected;
  const ratio = apiRun.rate / bareRun.rate;

  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const lines = [
    '# Counters benchmark',
    '',
    `Date: ${new Date().toISOString()}  `,
    `Machine: ${cpus().length} CPU(s) (nproc), ${cpu}, Node ${process.version}  `,
    `Load: ${CONCURRENCY} concurrent keep-alive HTTP clients, ${SECONDS * ROUNDS} s per target in ${ROUNDS} alternating slices, loopback; client, API and bare app share the machine (load average at start: ${loadavg().map((x) => x.toFixed(1)).join(', ')}).`,
    '',
    '| target | 200/s | answers | notes |',
    '| --- | ---: | --- | --- |',
    `| bare Nest POST route (bench/bare-nest.mjs) | ${bareRun.rate.toFixed(0)} | ${JSON.stringify(bareRun.counts)} | no auth, no validation, no database |`,
    `| POST /api/counters/:id/decrement (dist/apps/api/main.js, SQLite) | ${apiRun.rate.toFixed(0)} | ${JSON.stringify(apiRun.counts)} | JWT auth + roles guard, ValidationPipe, pino request log, atomic conditional UPDATE … RETURNING (concurrent decrements of one counter grouped into one statement), socket.io publish |`,
    `| reference: GET /api/auth/me on the same API | ${meRun.rate.toFixed(0)} | ${JSON.stringify(meRun.counts)} | the same per-request path with one plain SELECT per request (no grouping): JWT auth, guard, pino request log, TypeORM findOne |`,
    '',
    `Ratio: **${(ratio * 100).toFixed(1)} %** of the bare rate (target ≥ 40 %); \`GET /api/auth/me\` (one SELECT per request) runs at ${((meRun.rate / bareRun.rate) * 100).toFixed(1)} % of bare.`,
    '',
    `Exactness: initial ${INITIAL}, 1 warm-up + ${apiRun.ok} decrements answered 200 → expected ${expected}, stored ${final.body.value}: ` +
      (lost === 0 ? '**0 lost updates**.' : `**MISMATCH of ${lost}**.`),
    '',
    `Sell-out: a stock of 1000 (min 0) and 1500 concurrent decrements → ${sellout[200]} × 200, ${sellout[409]} × 409, ${sellout.other} other; ` +
      `stored value ${soldOut.body.value}, version ${soldOut.body.version}: ` +
      (selloutExact ? '**exact** (1000 sold, 500 refused, never below 0).' : '**NOT EXACT**.'),
    '',
  ];
  writeFileSync(join(root, 'bench/RESULTS-counters.md'), lines.join('\n'));
  process.stdout.write(lines.join('\n') + '\n');
  if (warm.status !== 200 || lost !== 0 || !selloutExact) process.exitCode = 1;
} finally {
  for (const c of children) c.kill('SIGTERM');
  agent.destroy();
  setTimeout(() => rmSync(dir, { recursive: true, force: true }), 500);
}

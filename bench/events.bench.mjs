// Events benchmark: ingestion, listing at 1,000,000 rows, and socket.io fan-out, each against a baseline measured in
// the same run. Writes bench/RESULTS-events.md.
//
//   node bench/events.bench.mjs [--rows 1000000] [--ingest-seconds 5] [--fanout-seconds 10] [--clients 100]
//                               [--samples 50] [--skip-build]
//
// What runs (all on 127.0.0.1, all child processes of this script, killed at the end):
//  - the BUILT API (dist/apps/api/main.js; `npx nx build api` first if it is missing or older than its sources),
//    with a temp SQLITE_PATH, local Redis and a random QUEUE_PREFIX, preloaded with bench/events-sql-trace.cjs,
//    which only times every SQL statement in the sqlite3 driver (so slow queries can be named; no API code changes);
//  - `node bench/events.bench.mjs bare-nest`: a minimal Nest app (plain JS, decorators applied as functions, express
//    platform, JSON body parser 1 MiB) with the same three routes and no auth/validation/database: the HTTP baseline;
//  - `node bench/events.bench.mjs raw-io`: a bare http + socket.io server that emits each POSTed event to an
//    `events` room, no auth, no database, no buffering: the fan-out baseline;
//  - `node bench/events.bench.mjs clients`: the 100 socket.io-client sockets (own process, so decoding 100k
//    messages/s does not stall this script's producer clock).
// Seeding: the API is started once on an empty file (its migrations create the schema) and stopped; then 1M rows are
// written with the sqlite3 package: multi-row INSERTs (2,000 rows x 14 columns per statement) in 100k-row
// transactions, with the secondary indexes dropped during the load and re-created from their own stored SQL
// (sqlite_master), so the final schema is exactly the migration's.
import { fork, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(SELF), '..');
const ROLE = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'main';
const now = () => performance.timeOrigin + performance.now(); // wall-clock ms with sub-ms resolution
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

// ---------------------------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------------------------
function pct(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
function summary(values) {
  const s = Float64Array.from(values).sort();
  return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), max: s.length ? s[s.length - 1] : NaN, mean: s.reduce((a, b) => a + b, 0) / (s.length || 1) };
}
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f0 = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');

const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
const int = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));
const HOSTS = ['api-1', 'api-2', 'api-3', 'db-primary', 'db-replica-1', 'cache-1', 'worker-1', 'worker-2', 'edge-fra', 'edge-iad'];
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-1'];
const SERVICES = ['checkout', 'billing', 'auth', 'search', 'inventory', 'notifications'];
// Same shapes as the simulator's generator (libs/api/events/src/lib/simulator/event-generator.ts), plus blocks.
const TEMPLATES = [
  { w: 15, type: 'alert', source: () => 'monitoring', severity: ['warning', 'warning', 'error', 'critical'],
    title: () => pick([`High CPU on ${pick(HOSTS)}`, `Disk usage ${int(80, 99)}% on ${pick(HOSTS)}`, `p99 latency over ${int(300, 2000)} ms on ${pick(SERVICES)}`]),
    payload: () => ({ host: pick(HOSTS), region: pick(REGIONS), value: int(80, 100), threshold: 80 }) },
  { w: 10, type: 'deploy', source: () => 'ci', severity: ['info', 'info', 'info', 'error'],
    title: () => `Deploy ${pick(SERVICES)} v${int(1, 4)}.${int(0, 30)}.${int(0, 99)} to ${pick(REGIONS)}`,
    payload: () => ({ commit: Math.random().toString(16).slice(2, 10), durationSec: int(20, 600), author: pick(['ana', 'bo', 'chen', 'dev', 'eli']) }) },
  { w: 20, type: 'login', source: () => 'auth', severity: ['info', 'info', 'warning'],
    title: () => pick(['User signed in', 'Failed sign-in attempt', 'Password reset requested', 'MFA challenge passed']),
    payload: () => ({ userId: int(1000, 99999), ip: `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`, userAgent: pick(['Firefox', 'Chrome', 'Safari', 'curl']) }) },
  { w: 15, type: 'payment', source: () => 'billing', severity: ['info', 'info', 'info', 'warning', 'error'],
    title: () => pick([`Payment captured ${int(5, 900)}.${int(10, 99)} EUR`, 'Card declined', 'Refund issued', 'Chargeback opened']),
    payload: () => ({ orderId: `ord_${int(100000, 999999)}`, amountCents: int(500, 90000), currency: pick(['EUR', 'USD', 'GBP']) }) },
  { w: 5, type: 'backup', source: () => pick(['db-primary', 'db-replica-1']), severity: ['info', 'info', 'error'],
    title: () => pick(['Nightly backup finished', 'Backup verification passed', 'Backup upload retried']),
    payload: () => ({ sizeMb: int(200, 50000), durationSec: int(30, 3600) }) },
  { w: 25, type: 'http', source: () => pick(SERVICES), severity: ['info', 'warning', 'error', 'error', 'critical'],
    title: () => pick([`5xx spike on ${pick(SERVICES)}`, `Rate limit hit by client ${int(1, 500)}`, `Upstream timeout from ${pick(SERVICES)}`]),
    payload: () => ({ status: pick([429, 500, 502, 503, 504]), path: pick(['/api/orders', '/api/cart', '/api/login', '/api/search']), count: int(1, 500) }) },
  { w: 10, type: 'block', source: () => 'blocks', severity: ['info'],
    title: () => `Block #${int(18_000_000, 21_000_000)}`,
    payload: () => ({ hash: `0x${Math.random().toString(16).slice(2).padEnd(12, '0')}`, gasUsed: int(1e6, 3e7), miner: `0x${Math.random().toString(16).slice(2, 10)}` }) },
];
const WEIGHTED = TEMPLATES.flatMap((t) => Array(t.w).fill(t));
function randomEvent() {
  const t = pick(WEIGHTED);
  return { type: t.type, source: t.source(), title: t.title(), severity: pick(t.severity), payload: t.payload() };
}

// ---------------------------------------------------------------------------------------------------------------
// Role: bare Nest app (HTTP baseline)
// ---------------------------------------------------------------------------------------------------------------
async function bareNest() {
  await import('reflect-metadata');
  const { Body, Controller, Get, HttpCode, Module, Post } = await import('@nestjs/common');
  const { NestFactory } = await import('@nestjs/core');
  const stamp = () => new Date().toISOString();
  const asEvent = (b) => {
    const t = stamp();
    return { id: randomUUID(), type: b.type, source: b.source, title: b.title, severity: b.severity ?? 'info', payload: b.payload ?? {}, status: 'open',
      occurredAt: b.occurredAt ?? t, createdAt: t, updatedAt: t, completedAt: null, completedBy: null, version: 1 };
  };
  const page = Array.from({ length: 20 }, () => asEvent(randomEvent()));
  class BareEventsController {
    create(body) { return asEvent(body); }
    batch(body) { const ids = body.events.map(() => randomUUID()); return { count: ids.length, ids }; }
    list() { return { items: page, total: 1_000_000, page: 1, pageSize: 20, nextCursor: 'eyJzIjoiLW9jY3VycmVkQXQifQ' }; }
  }
  const P = BareEventsController.prototype;
  const d = (k) => Object.getOwnPropertyDescriptor(P, k);
  Post()(P, 'create', d('create'));
  HttpCode(201)(P, 'create', d('create'));
  Body()(P, 'create', 0);
  Post('batch')(P, 'batch', d('batch'));
  HttpCode(201)(P, 'batch', d('batch'));
  Body()(P, 'batch', 0);
  Get()(P, 'list', d('list'));
  Controller('bare/events')(BareEventsController);
  class BareModule {}
  Module({ controllers: [BareEventsController] })(BareModule);
  const app = await NestFactory.create(BareModule, { logger: false, bodyParser: false });
  app.useBodyParser('json', { limit: '1mb' });
  app.setGlobalPrefix('api');
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

// ---------------------------------------------------------------------------------------------------------------
// Role: raw socket.io server (fan-out baseline)
// ---------------------------------------------------------------------------------------------------------------
async function rawIo() {
  const { Server } = await import('socket.io');
  const server = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/batch') {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const { events } = JSON.parse(Buffer.concat(chunks).toString());
        const ids = [];
        const t = new Date().toISOString();
        for (const b of events) {
          const e = { id: randomUUID(), type: b.type, source: b.source, title: b.title, severity: b.severity ?? 'info', payload: b.payload ?? {}, status: 'open',
            occurredAt: t, createdAt: t, updatedAt: t, completedAt: null, completedBy: null, version: 1 };
          ids.push(e.id);
          io.to('events').emit('event.created', e);
        }
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ count: ids.length, ids }));
      });
      return;
    }
    res.writeHead(req.url === '/health' ? 200 : 404).end('{}');
  });
  const io = new Server(server, { path: '/socket.io', serveClient: false });
  io.on('connection', (socket) => {
    socket.on('subscribe', async (body, ack) => {
      await socket.join(body.topics);
      if (typeof ack === 'function') ack({ ok: true, replay: {} });
    });
  });
  server.listen(Number(process.env.PORT), '127.0.0.1');
}

// ---------------------------------------------------------------------------------------------------------------
// Role: socket.io clients (own process; driven over IPC by the main script)
// ---------------------------------------------------------------------------------------------------------------
async function clients() {
  const { io } = await import('socket.io-client');
  const N = Number(process.env.N_CLIENTS);
  const TAG = process.env.TAG;
  const MAX = Number(process.env.MAX_EVENTS); // upper bound of events this run will create
  const url = process.env.URL;
  const sockets = [];
  const lat = new Float64Array(N * MAX);
  const latBucket = new Int32Array(N * MAX);
  let nLat = 0;
  const received = new Int32Array(N);
  const seen = Array.from({ length: N }, () => new Uint8Array(MAX));
  const lastSeq = new Int32Array(N).fill(-1);
  let dup = 0;
  let outOfOrder = 0;
  let other = 0;
  let t0 = 0;
  let cpu0 = process.cpuUsage();
  const tConnect = now();
  const connectOne = (i) =>
    new Promise((res, rej) => {
      const s = io(url, { path: '/socket.io', transports: ['websocket'], auth: { token: process.env.TOKEN }, reconnection: false, forceNew: true, timeout: 20_000 });
      s.on('connect_error', (e) => rej(new Error(`client ${i}: connect_error ${e.message}`)));
      s.on('event.created', (e) => {
        const t = now();
        const p = e && e.payload;
        if (!p || p.bench !== TAG) { other++; return; }
        const seq = p.seq;
        if (seen[i][seq]) dup++;
        else seen[i][seq] = 1;
        if (seq < lastSeq[i]) outOfOrder++;
        lastSeq[i] = seq;
        received[i]++;
        if (nLat < lat.length) {
          lat[nLat] = t - p.sentAt;
          latBucket[nLat] = Math.floor((p.sentAt - t0) / 1000);
          nLat++;
        }
      });
      s.on('connect', () => {
        s.emit('subscribe', { topics: ['events'] }, (ack) => (ack && ack.ok ? res(s) : rej(new Error(`client ${i}: subscribe failed ${JSON.stringify(ack)}`))));
      });
      sockets.push(s);
    });
  try {
    for (let i = 0; i < N; i += 10) await Promise.all(Array.from({ length: Math.min(10, N - i) }, (_, k) => connectOne(i + k)));
  } catch (e) {
    process.send({ type: 'error', message: e.message });
    process.exit(1);
  }
  process.send({ type: 'ready', connectMs: now() - tConnect });
  process.on('message', (m) => {
    if (m.type === 'start') {
      t0 = m.t0;
      cpu0 = process.cpuUsage();
    } else if (m.type === 'progress') {
      process.send({ type: 'progress', received: received.reduce((a, b) => a + b, 0) });
    } else if (m.type === 'report') {
      const cpu = process.cpuUsage(cpu0);
      const all = Float64Array.from(lat.subarray(0, nLat)).sort();
      const buckets = new Map();
      for (let k = 0; k < nLat; k++) {
        const b = latBucket[k];
        if (!buckets.has(b)) buckets.set(b, []);
        buckets.get(b).push(lat[k]);
      }
      const timeline = [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([sec, xs]) => {
        const s = Float64Array.from(xs).sort();
        return { sec, n: s.length, p50: pct(s, 50), p99: pct(s, 99), max: s[s.length - 1] };
      });
      const perClient = [...received];
      const hist = {}; // latency histogram, 0.1 ms buckets, mergeable across slices
      for (let k = 0; k < nLat; k++) {
        const b = Math.max(0, Math.round(lat[k] * 10));
        hist[b] = (hist[b] ?? 0) + 1;
      }
      process.send({
        hist,
        type: 'report',
        received: perClient.reduce((a, b) => a + b, 0),
        perClientMin: Math.min(...perClient),
        perClientMax: Math.max(...perClient),
        dup, outOfOrder, other,
        lat: { n: all.length, p50: pct(all, 50), p90: pct(all, 90), p99: pct(all, 99), max: all[all.length - 1] },
        timeline,
        cpuMs: (cpu.user + cpu.system) / 1000,
      });
      for (const s of sockets) s.close();
      setTimeout(() => process.exit(0), 200);
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------------
const children = new Set();
function killAll() {
  for (const c of children) {
    try { c.kill('SIGKILL'); } catch { /* gone */ }
  }
}

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

let agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function request(port, method, path, body, token) {
  return new Promise((res, rej) => {
    const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const t0 = performance.now();
    const req = http.request(
      { host: '127.0.0.1', port, method, path, agent,
        headers: { ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) } },
      (r) => {
        const chunks = [];
        r.on('data', (c) => chunks.push(c));
        r.on('end', () => {
          const ms = performance.now() - t0;
          const text = Buffer.concat(chunks).toString();
          let parsed = null;
          try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
          res({ status: r.statusCode, body: parsed, ms });
        });
      },
    );
    req.on('error', rej);
    if (data) req.write(data);
    req.end();
  });
}

async function waitHttp(url, child, deadlineMs = 90_000) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${child.spawnargs.join(' ')} exited with ${child.exitCode}`);
    const ok = await new Promise((r) => {
      http.get(url, (res) => { res.resume(); r(true); }).on('error', () => r(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await sleep(200);
  }
}

function startNode(args, env, logPath) {
  const log = createWriteStream(logPath, { flags: 'a' });
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

function stop(child) {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((res) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => { clearTimeout(t); res(); });
    child.kill('SIGTERM');
  });
}

function procCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
  } catch {
    return NaN;
  }
}

/** Whole-machine busy time vs this benchmark's own process tree, to show how much CPU other work took meanwhile. */
function readMachineJiffies() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - f[3] - f[4], steal: f[7] ?? 0 };
}
function ourTreeMs() {
  const procs = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const st = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(d), { ppid: Number(f[1]), ms: ((Number(f[11]) + Number(f[12])) * 1000) / 100 });
    } catch { /* exited */ }
  }
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of procs) if (!mine.has(pid) && mine.has(p.ppid)) { mine.add(pid); grew = true; }
  }
  let ms = 0;
  for (const pid of mine) ms += procs.get(pid)?.ms ?? 0;
  return ms;
}
function cpuMeter() {
  const t0 = performance.now();
  const m0 = readMachineJiffies();
  const o0 = ourTreeMs();
  return () => {
    const wall = performance.now() - t0;
    const m1 = readMachineJiffies();
    const ours = ((ourTreeMs() - o0) / wall) * 100;
    const machine = (((m1.busy - m0.busy) * 10) / wall) * 100;
    return { machinePct: machine, oursPct: ours, otherPct: Math.max(0, machine - ours), stealPct: (((m1.steal - m0.steal) * 10) / wall) * 100 };
  };
}

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, ent.name);
    if (ent.isDirectory()) {
      if (ent.name === 'node_modules') continue;
      newest = Math.max(newest, newestMtime(p));
    } else if (!/\.spec\.ts$|\.md$/.test(ent.name)) {
      newest = Math.max(newest, statSync(p).mtimeMs);
    }
  }
  return newest;
}

function ensureBuild(skip) {
  const main = join(ROOT, 'dist/apps/api/main.js');
  const sources = ['apps/api', ...readdirSync(join(ROOT, 'libs/api')).map((d) => `libs/api/${d}`), ...readdirSync(join(ROOT, 'libs/shared')).map((d) => `libs/shared/${d}`)];
  const newest = Math.max(...sources.map((d) => newestMtime(join(ROOT, d))));
  const stale = !existsSync(main) || statSync(main).mtimeMs < newest;
  if (!stale) return 'up to date';
  if (skip) return existsSync(main) ? 'stale (rebuild skipped with --skip-build)' : (() => { throw new Error('dist/apps/api/main.js missing'); })();
  log('building the API (npx nx build api) ...');
  const r = spawnSync('npx', ['nx', 'build', 'api', '--skip-nx-cache'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error('npx nx build api failed');
  return 'rebuilt by this run';
}

const T_START = Date.now();
function log(msg) {
  process.stderr.write(`[${((Date.now() - T_START) / 1000).toFixed(1).padStart(6)} s] ${msg}\n`);
}

// -------- SQLite seeding ---------------------------------------------------------------------------------------
const COLUMNS = ['id', 'type', 'source', 'title', 'titleKey', 'severity', 'payload', 'status', 'occurredAt', 'createdAt', 'updatedAt', 'completedAt', 'completedBy', 'version'];
/** TypeORM's SQLite format for Date columns and Date parameters (UTC): 'YYYY-MM-DD HH:MM:SS.SSS'. */
const sqlDate = (ms) => {
  const s = new Date(ms).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 23)}`;
};

function openDb(sqlite3, path, mode) {
  return new Promise((res, rej) => {
    const db = mode === undefined ? new sqlite3.Database(path, (e) => (e ? rej(e) : res(db))) : new sqlite3.Database(path, mode, (e) => (e ? rej(e) : res(db)));
  });
}
const dbRun = (db, sql, p = []) => new Promise((res, rej) => db.run(sql, p, function (e) { if (e) rej(e); else res(this); }));
const dbAll = (db, sql, p = []) => new Promise((res, rej) => db.all(sql, p, (e, rows) => (e ? rej(e) : res(rows))));

async function seed(dbPath, n) {
  const sqlite3 = (await import('sqlite3')).default;
  const db = await openDb(sqlite3, dbPath);
  const cols = (await dbAll(db, 'PRAGMA table_info("events")')).map((c) => c.name);
  if (cols.join(',') !== COLUMNS.join(',')) throw new Error(`events columns are [${cols}], the bench expects [${COLUMNS}]: update the bench`);
  const indexes = await dbAll(db, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL`);
  await dbRun(db, 'PRAGMA journal_mode = OFF');
  await dbRun(db, 'PRAGMA synchronous = OFF');
  await dbRun(db, 'PRAGMA cache_size = -400000');
  await dbRun(db, 'PRAGMA temp_store = MEMORY');
  for (const ix of indexes) await dbRun(db, `DROP INDEX "${ix.name}"`);

  const ROWS = 2000;
  const TX_ROWS = 100_000;
  const stmt = db.prepare(`INSERT INTO "events" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${Array(ROWS).fill(`(${COLUMNS.map(() => '?').join(',')})`).join(',')}`);
  const stmtRun = (params) => new Promise((res, rej) => stmt.run(params, (e) => (e ? rej(e) : res())));
  const end = Date.now() - 5 * 60_000; // newest seeded event: 5 minutes ago
  const span = 60 * 24 * 3600_000; // 60 days
  const start = end - span;
  const step = span / n;
  const tally = { status: {}, severity: {}, type: {}, source: {}, criticalOpen: 0, titleDisk: 0, deployCi: 0 };
  const inc = (o, k) => { o[k] = (o[k] ?? 0) + 1; };
  const users = ['admin', 'ana', 'bo', 'chen', 'oncall'];
  const gen = (from, count) => {
    const p = new Array(count * COLUMNS.length);
    let j = 0;
    for (let i = from; i < from + count; i++) {
      const ev = randomEvent();
      const createdAt = start + i * step + Math.random() * 500;
      // 90 % arrive within 2 s of occurring, 10 % are late by up to 2 h (so occurredAt order != insertion order).
      const occurredAt = createdAt - (Math.random() < 0.1 ? Math.random() * 7_200_000 : Math.random() * 2000);
      const age = Date.now() - occurredAt;
      const pCompleted = age > 7 * 86_400_000 ? 0.97 : age > 86_400_000 ? 0.8 : 0.4;
      const completed = Math.random() < pCompleted;
      const completedAt = completed ? Math.min(end, createdAt + 60_000 + Math.random() * 6 * 3600_000) : null;
      const status = completed ? 'completed' : 'open';
      inc(tally.status, status); inc(tally.severity, ev.severity); inc(tally.type, ev.type); inc(tally.source, ev.source);
      if (status === 'open' && ev.severity === 'critical') tally.criticalOpen++;
      if (ev.title.toLowerCase().startsWith('disk')) tally.titleDisk++;
      if (ev.type === 'deploy' && ev.source === 'ci') tally.deployCi++;
      p[j++] = randomUUID();
      p[j++] = ev.type;
      p[j++] = ev.source;
      p[j++] = ev.title;
      p[j++] = ev.title.toLowerCase();
      p[j++] = ev.severity;
      p[j++] = JSON.stringify(ev.payload);
      p[j++] = status;
      p[j++] = sqlDate(occurredAt);
      p[j++] = sqlDate(createdAt);
      p[j++] = sqlDate(completed ? completedAt : createdAt);
      p[j++] = completed ? sqlDate(completedAt) : null;
      p[j++] = completed ? pick(users) : null;
      p[j++] = completed ? 2 : 1;
    }
    return p;
  };
  const t0 = performance.now();
  let pending = null;
  for (let tx = 0; tx < n; tx += TX_ROWS) {
    await dbRun(db, 'BEGIN');
    const txEnd = Math.min(n, tx + TX_ROWS);
    for (let i = tx; i < txEnd; i += ROWS) {
      const count = Math.min(ROWS, txEnd - i);
      if (count === ROWS) {
        const params = gen(i, count); // generated while the previous statement runs on the driver's thread
        if (pending) await pending;
        pending = stmtRun(params);
      } else {
        if (pending) await pending;
        pending = null;
        const params = gen(i, count);
        await dbRun(db, `INSERT INTO "events" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${Array(count).fill(`(${COLUMNS.map(() => '?').join(',')})`).join(',')}`, params);
      }
    }
    if (pending) await pending;
    pending = null;
    await dbRun(db, 'COMMIT');
  }
  await new Promise((r) => stmt.finalize(r));
  const insertMs = performance.now() - t0;
  const t1 = performance.now();
  for (const ix of indexes) await dbRun(db, ix.sql);
  const indexMs = performance.now() - t1;
  await dbRun(db, 'PRAGMA journal_mode = WAL');
  const [{ c }] = await dbAll(db, 'SELECT COUNT(*) AS c FROM "events"');
  const after = await dbAll(db, `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL`);
  await new Promise((r) => db.close(r));
  if (c !== n) throw new Error(`seeded ${c} rows, wanted ${n}`);
  if (after.length !== indexes.length) throw new Error('indexes not all re-created');
  return { insertMs, indexMs, indexes: indexes.map((i) => i.name), tally, rangeFrom: new Date(start).toISOString(), rangeTo: new Date(end).toISOString() };
}

// -------- SQL trace access -------------------------------------------------------------------------------------
async function sqlTrace(api, tracePath) {
  if (existsSync(tracePath)) unlinkSync(tracePath);
  api.kill('SIGWINCH');
  for (let i = 0; i < 100; i++) {
    await sleep(20);
    if (existsSync(tracePath)) {
      try { return JSON.parse(readFileSync(tracePath, 'utf8')); } catch { /* still being written */ }
    }
  }
  return [];
}
function traceRows(trace) {
  return trace
    .map((s) => ({ ...s, sum: summary(s.samples) }))
    .sort((a, b) => b.totalMs - a.totalMs);
}

// -------- load generators --------------------------------------------------------------------------------------
async function load({ port, path, token, concurrency, seconds, bodies, perRequest }) {
  const counts = {};
  const lat = [];
  const started = performance.now();
  const endAt = started + seconds * 1000;
  let k = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < endAt) {
        const r = await request(port, 'POST', path, bodies[k++ % bodies.length], token);
        counts[r.status] = (counts[r.status] ?? 0) + 1;
        lat.push(r.ms);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const ok = counts[201] ?? 0;
  return { counts, elapsed, ok, events: ok * perRequest, lat };
}
function addRun(into, r) {
  for (const [key, v] of Object.entries(r.counts)) into.counts[key] = (into.counts[key] ?? 0) + v;
  into.elapsed += r.elapsed;
  into.ok += r.ok;
  into.events += r.events;
  into.lat.push(...r.lat);
}
const emptyRun = () => ({ counts: {}, elapsed: 0, ok: 0, events: 0, lat: [] });

async function fanout({ label, port, token, postPath, tag, nClients, seconds, serverPid }) {
  const BATCH = 100;
  const PERIOD = 100;
  const batches = Math.round((seconds * 1000) / PERIOD);
  const maxEvents = batches * BATCH;
  const child = fork(SELF, ['clients'], {
    env: { ...process.env, URL: `http://127.0.0.1:${port}`, TOKEN: token ?? '', N_CLIENTS: String(nClients), TAG: tag, MAX_EVENTS: String(maxEvents) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  const waitMsg = (type, timeoutMs = 60_000) =>
    new Promise((res, rej) => {
      const t = setTimeout(() => { child.off('message', on); rej(new Error(`${label}: clients did not send '${type}'`)); }, timeoutMs);
      const on = (m) => {
        if (m.type === 'error') { clearTimeout(t); child.off('message', on); rej(new Error(m.message)); }
        if (m.type === type) { clearTimeout(t); child.off('message', on); res(m); }
      };
      child.on('message', on);
    });
  const ready = await waitMsg('ready');
  await sleep(500);
  const t0 = now();
  child.send({ type: 'start', t0 });
  const cpu0 = procCpuMs(serverPid);
  const meter = cpuMeter();
  const posts = [];
  const postLat = [];
  const statuses = {};
  let created = 0;
  const tStart = performance.now();
  let maxLag = 0;
  for (let b = 0; b < batches; b++) {
    const due = tStart + b * PERIOD;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    maxLag = Math.max(maxLag, performance.now() - due);
    const sentAt = now();
    const events = Array.from({ length: BATCH }, (_, i) => ({
      type: 'bench', source: 'fanout', title: `Fan-out ${b}-${i}`, severity: 'info',
      payload: { bench: tag, seq: b * BATCH + i, sentAt, host: pick(HOSTS), region: pick(REGIONS), value: int(1, 100) },
    }));
    posts.push(
      request(port, 'POST', postPath, { events }, token).then((r) => {
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        postLat.push(r.ms);
        if (r.status === 201) created += r.body.count;
      }),
    );
  }
  await Promise.all(posts);
  const produceSeconds = (performance.now() - tStart) / 1000;
  const expected = created * nClients;
  // Drain: wait until every client has everything or 5 s pass with no progress.
  let last = -1;
  let stableSince = performance.now();
  const drainStart = performance.now();
  for (;;) {
    child.send({ type: 'progress' });
    const { received } = await waitMsg('progress', 10_000);
    if (received >= expected) break;
    if (received !== last) { last = received; stableSince = performance.now(); }
    if (performance.now() - stableSince > 5000) break;
    await sleep(100);
  }
  const drainMs = performance.now() - drainStart;
  const cpu1 = procCpuMs(serverPid);
  const rssMiB = (() => { try { return Number(readFileSync(`/proc/${serverPid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024; } catch { return NaN; } })();
  const machineCpu = meter();
  child.send({ type: 'report' });
  const rep = await waitMsg('report', 60_000);
  await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  return { label, created, expected, statuses, postLat, post: summary(postLat), produceSeconds, maxProducerLagMs: maxLag, drainMs, connectMs: ready.connectMs,
    machineCpu, rssMiB, serverCpuPct: ((cpu1 - cpu0) / ((produceSeconds * 1000) + drainMs)) * 100, clientCpuPct: (rep.cpuMs / ((produceSeconds * 1000) + drainMs)) * 100, ...rep };
}

/** Merges alternating fan-out slices of one target into one result (exact percentiles from the histograms). */
function mergeFan(slices) {
  const hist = new Map();
  for (const s of slices) for (const [b, c] of Object.entries(s.hist)) hist.set(Number(b), (hist.get(Number(b)) ?? 0) + c);
  const keys = [...hist.keys()].sort((a, b) => a - b);
  const n = keys.reduce((a, k) => a + hist.get(k), 0);
  const q = (p) => {
    const target = Math.ceil((p / 100) * n);
    let acc = 0;
    for (const k of keys) if ((acc += hist.get(k)) >= target) return k / 10;
    return NaN;
  };
  const sum = (f) => slices.reduce((a, s) => a + f(s), 0);
  const wall = (s) => s.produceSeconds * 1000 + s.drainMs;
  const wavg = (f) => sum((s) => f(s) * wall(s)) / sum(wall);
  const postLat = slices.flatMap((s) => s.postLat);
  return {
    label: slices[0].label,
    slices: slices.length,
    created: sum((s) => s.created),
    expected: sum((s) => s.expected),
    received: sum((s) => s.received),
    perClient: slices.map((s) => `${f0(s.perClientMin)}–${f0(s.perClientMax)}`).join(', '),
    perClientOk: slices.every((s) => s.perClientMin === s.perClientMax && s.perClientMin === s.created),
    dup: sum((s) => s.dup),
    outOfOrder: sum((s) => s.outOfOrder),
    lat: { n, p50: q(50), p90: q(90), p99: q(99), max: Math.max(...slices.map((s) => s.lat.max)) },
    post: summary(postLat),
    produceSeconds: sum((s) => s.produceSeconds),
    maxProducerLagMs: Math.max(...slices.map((s) => s.maxProducerLagMs)),
    drainMs: Math.max(...slices.map((s) => s.drainMs)),
    serverCpuPct: wavg((s) => s.serverCpuPct),
    clientCpuPct: wavg((s) => s.clientCpuPct),
    rssMiB: Math.max(...slices.map((s) => s.rssMiB)),
    machineCpu: {
      machinePct: wavg((s) => s.machineCpu.machinePct), oursPct: wavg((s) => s.machineCpu.oursPct),
      otherPct: wavg((s) => s.machineCpu.otherPct), stealPct: wavg((s) => s.machineCpu.stealPct),
    },
    timelines: slices.map((s) => s.timeline),
    statuses: slices.map((s) => s.statuses),
  };
}

async function main() {
  const ROWS = arg('rows', 1_000_000);
  const INGEST_SECONDS = arg('ingest-seconds', 5);
  const FANOUT_SECONDS = arg('fanout-seconds', 10);
  const N_CLIENTS = arg('clients', 100);
  const SAMPLES = arg('samples', 50);
  // Diagnosis: --phases listing,ingest,fanout (default all; a partial run does not write RESULTS-events.md) and
  // --profile (CPU profile of the API per phase, written next to the temp database; implies --keep).
  const pi = process.argv.indexOf('--phases');
  const PHASES = new Set(pi > 0 ? process.argv[pi + 1].split(',') : ['listing', 'ingest', 'fanout']);
  const FULL = PHASES.size === 3;
  const PROFILE = process.argv.includes('--profile');
  if (PROFILE) process.argv.push('--keep');
  const tag = `b${process.pid}${Math.random().toString(36).slice(2, 8)}`;
  const dir = mkdtempSync(join(tmpdir(), 'pb-events-bench-'));
  const dbPath = join(dir, 'events.sqlite');
  const tracePath = join(dir, 'sql-trace.json');
  const apiLog = join(dir, 'api.log');
  const machine = {
    nproc: cpus().length,
    cpu: readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model ?? 'unknown',
    ramGiB: (totalmem() / 2 ** 30).toFixed(1),
    freeGiB: (freemem() / 2 ** 30).toFixed(1),
    node: process.version,
    loadStart: loadavg().map((x) => x.toFixed(1)).join(', '),
  };
  const results = { machine, tag, rows: ROWS, nClients: N_CLIENTS };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { killAll(); process.exit(130); });
  try {
    results.build = ensureBuild(process.argv.includes('--skip-build'));
    log(`API build: ${results.build}; temp dir ${dir}`);
    const apiPort = await freePort();
    const apiEnv = {
      NODE_ENV: 'production',
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      SQLITE_PATH: dbPath,
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'bench-admin-password',
      JWT_SECRET: `bench-secret-${randomUUID()}`,
      LOG_LEVEL: 'warn',
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `pbbench-events-${tag}`,
      FEED_BLOCKS_SIM_INTERVAL_MS: '3600000', // keep the simulated blocks feed from adding events mid-measurement
      BENCH_SQL_TRACE: tracePath,
      ...(PROFILE ? { BENCH_CPU_PROFILE: join(dir, 'api') } : {}),
    };
    const apiArgs = ['-r', './bench/events-sql-trace.cjs', 'dist/apps/api/main.js'];

    // 1. Schema: start the API once on the empty file (migrations run at start), stop it.
    let api = startNode(apiArgs, apiEnv, apiLog);
    await waitHttp(`http://127.0.0.1:${apiPort}/api/health`, api);
    await stop(api);
    log('schema created by the API migrations');

    // 2. Seed.
    log(`seeding ${ROWS.toLocaleString('en-US')} events ...`);
    results.seed = await seed(dbPath, ROWS);
    {
      const sqlite3 = (await import('sqlite3')).default;
      const db = await openDb(sqlite3, ':memory:');
      results.sqliteVersion = (await dbAll(db, 'SELECT sqlite_version() AS v'))[0].v;
      db.close();
    }
    results.seed.fileMiB = statSync(dbPath).size / 2 ** 20;
    log(`seeded: inserts ${(results.seed.insertMs / 1000).toFixed(1)} s, indexes ${(results.seed.indexMs / 1000).toFixed(1)} s, file ${results.seed.fileMiB.toFixed(0)} MiB`);

    // 3. Start the API on the seeded file, and the baselines.
    api = startNode(apiArgs, apiEnv, apiLog);
    const tApi = performance.now();
    await waitHttp(`http://127.0.0.1:${apiPort}/api/health`, api);
    results.apiStartMs = performance.now() - tApi;
    const barePort = await freePort();
    const bare = startNode([SELF, 'bare-nest'], { PORT: String(barePort) }, join(dir, 'bare.log'));
    await waitHttp(`http://127.0.0.1:${barePort}/api/bare/events`, bare);
    const login = await request(apiPort, 'POST', '/api/auth/login', { username: 'admin', password: 'bench-admin-password' });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
    const token = login.body.accessToken;
    await sqlTrace(api, tracePath); // reset (start-up queries)

    // 4. Listing latency at ROWS rows.
    if (PHASES.has('listing')) {
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
          if (i === 0) { first = r.ms; firstBody = r.body; } else times.push(r.ms);
          lastBody = r.body;
          cursor = r.body.nextCursor ?? p1.body.nextCursor; // at the end, start over from page 1's cursor
        }
      } else {
        for (let i = 0; i <= SAMPLES; i++) {
          const r = await request(apiPort, 'GET', path, undefined, token);
          if (r.status !== 200) throw new Error(`${name}: ${r.status} ${JSON.stringify(r.body)}`);
          if (i === 0) { first = r.ms; firstBody = r.body; } else times.push(r.ms);
          lastBody = r.body;
        }
      }
      const trace = traceRows(await sqlTrace(api, tracePath));
      const row = { name, path: path ?? `${opts.cursorFrom}${opts.cursorFrom.includes('?') ? '&' : '?'}cursor=<nextCursor>`, first, ...summary(times),
        total: lastBody.total, items: lastBody.items.length, page: lastBody.page, hasNext: !!lastBody.nextCursor, firstItem: firstBody.items[0]?.occurredAt, trace, expect: opts.expect };
      listing.push(row);
      log(`  ${name}: first ${f1(first)} ms, p50 ${f1(row.p50)} p95 ${f1(row.p95)} p99 ${f1(row.p99)} ms, total ${row.total}, items ${row.items}`);
    };
    const T = results.seed.tally;
    await listCase('default listing, page 1', '/api/events', { expect: ROWS });
    await listCase('deep page 10000, pageSize 20 (offset 199,980)', '/api/events?page=10000&pageSize=20', { expect: ROWS });
    await listCase('one cursor step (walking nextCursor from page 1)', null, { cursorFrom: '/api/events', expect: ROWS });
    await listCase('filtered severity=critical&status=open, page 1', '/api/events?severity=critical&status=open', { expect: T.criticalOpen });
    // Extras, to see where the costs are.
    await listCase('extra: deeper page 45000 (offset 899,980)', `/api/events?page=45000&pageSize=20`, { expect: ROWS });
    await listCase('extra: filtered cursor step (severity=critical&status=open)', null, { cursorFrom: '/api/events?severity=critical&status=open', expect: T.criticalOpen });
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
        if (i === 0) first = r.ms; else times.push(r.ms);
      }
      results.stats = { first, ...summary(times), trace: traceRows(await sqlTrace(api, tracePath)) };
      log(`  extra: GET /api/events/stats: first ${f1(first)} ms, p50 ${f1(results.stats.p50)} ms`);
    }
    // Baseline: bare Nest GET of a fixed 20-item page.
    {
      const times = [];
      for (let i = 0; i <= SAMPLES; i++) {
        const r = await request(barePort, 'GET', '/api/bare/events');
        if (i) times.push(r.ms);
      }
      results.listBaseline = summary(times);
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
    }

    // 5. Ingestion: bare Nest vs API, alternating slices so both see the same background load.
    if (PHASES.has('ingest')) {
    log('ingestion ...');
    const ingestMeter = cpuMeter();
    const ROUNDS = 2;
    const single = (source) => Array.from({ length: 512 }, () => JSON.stringify({ ...randomEvent(), source }));
    const batchOf = (source) => Array.from({ length: 3 }, () => JSON.stringify({ events: Array.from({ length: 1000 }, () => ({ ...randomEvent(), source })) }));
    const singleApiBodies = single(`bench-single-${tag}`);
    const batchApiBodies = batchOf(`bench-batch-${tag}`);
    const singleBareBodies = single('bare');
    const batchBareBodies = batchOf('bare');
    results.batchBodyKiB = Buffer.byteLength(batchApiBodies[0]) / 1024;
    await sqlTrace(api, tracePath);
    // warm-up (not counted in the API's stored total check below: different source)
    for (let i = 0; i < 20; i++) {
      await request(barePort, 'POST', '/api/bare/events', singleBareBodies[i]);
      await request(apiPort, 'POST', '/api/events', { ...randomEvent(), source: 'bench-warmup' }, token);
    }
    const warmBatch = JSON.stringify({ events: Array.from({ length: 1000 }, () => ({ ...randomEvent(), source: 'bench-warmup' })) });
    await request(apiPort, 'POST', '/api/events/batch', warmBatch, token);
    await request(barePort, 'POST', '/api/bare/events/batch', batchBareBodies[0]);
    await sqlTrace(api, tracePath);
    const ing = { bareSingle: emptyRun(), apiSingle: emptyRun(), bareBatch: emptyRun(), apiBatch: emptyRun() };
    const sliceS = INGEST_SECONDS / ROUNDS;
    const apiCpu = { single: 0, batch: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      addRun(ing.bareSingle, await load({ port: barePort, path: '/api/bare/events', concurrency: 32, seconds: sliceS, bodies: singleBareBodies, perRequest: 1 }));
      const c0 = procCpuMs(api.pid);
      addRun(ing.apiSingle, await load({ port: apiPort, path: '/api/events', token, concurrency: 32, seconds: sliceS, bodies: singleApiBodies, perRequest: 1 }));
      apiCpu.single += procCpuMs(api.pid) - c0;
    }
    const traceSingle = traceRows(await sqlTrace(api, tracePath));
    for (let r = 0; r < ROUNDS; r++) {
      addRun(ing.bareBatch, await load({ port: barePort, path: '/api/bare/events/batch', concurrency: 2, seconds: sliceS, bodies: batchBareBodies, perRequest: 1000 }));
      const c0 = procCpuMs(api.pid);
      addRun(ing.apiBatch, await load({ port: apiPort, path: '/api/events/batch', token, concurrency: 2, seconds: sliceS, bodies: batchApiBodies, perRequest: 1000 }));
      apiCpu.batch += procCpuMs(api.pid) - c0;
    }
    const traceBatch = traceRows(await sqlTrace(api, tracePath));
    results.ingestCpu = ingestMeter();
    for (const k of Object.keys(ing)) {
      ing[k].rate = ing[k].events / ing[k].elapsed;
      ing[k].latSum = summary(ing[k].lat);
      delete ing[k].lat;
    }
    ing.apiSingle.cpuPct = (apiCpu.single / (ing.apiSingle.elapsed * 1000)) * 100;
    ing.apiBatch.cpuPct = (apiCpu.batch / (ing.apiBatch.elapsed * 1000)) * 100;
    // No loss: what the API says it stored == what it answered 201 for.
    const storedSingle = await request(apiPort, 'GET', `/api/events?source=bench-single-${tag}&pageSize=1`, undefined, token);
    const storedBatch = await request(apiPort, 'GET', `/api/events?source=bench-batch-${tag}&pageSize=1`, undefined, token);
    ing.apiSingle.stored = storedSingle.body.total;
    ing.apiBatch.stored = storedBatch.body.total;
    ing.traceSingle = traceSingle.slice(0, 4);
    ing.traceBatch = traceBatch.slice(0, 4);
    results.ingestion = ing;
    log(`  single: bare ${f0(ing.bareSingle.rate)}/s, API ${f0(ing.apiSingle.rate)}/s; batch: bare ${f0(ing.bareBatch.rate)}/s, API ${f0(ing.apiBatch.rate)}/s`);
    }
    await stop(bare);

    // 6. Fan-out: raw socket.io baseline, then the API.
    if (PHASES.has('fanout')) {
    log('fan-out ...');
    const ioPort = await freePort();
    const raw = startNode([SELF, 'raw-io'], { PORT: String(ioPort) }, join(dir, 'raw-io.log'));
    await waitHttp(`http://127.0.0.1:${ioPort}/health`, raw);
    // Two alternating slices per target (raw, API, raw, API), so both see the same background load.
    const FAN_ROUNDS = 2;
    const rawSlices = [];
    const apiSlices = [];
    await sqlTrace(api, tracePath);
    for (let k = 0; k < FAN_ROUNDS; k++) {
      rawSlices.push(await fanout({ label: 'raw socket.io', port: ioPort, postPath: '/batch', tag: `${tag}r${k}`, nClients: N_CLIENTS, seconds: FANOUT_SECONDS / FAN_ROUNDS, serverPid: raw.pid }));
      log(`  raw slice ${k + 1}: ${JSON.stringify(rawSlices[k].lat)} delivered ${rawSlices[k].received}/${rawSlices[k].expected}`);
      apiSlices.push(await fanout({ label: 'API', port: apiPort, token, postPath: '/api/events/batch', tag: `${tag}a${k}`, nClients: N_CLIENTS, seconds: FANOUT_SECONDS / FAN_ROUNDS, serverPid: api.pid }));
      log(`  API slice ${k + 1}: ${JSON.stringify(apiSlices[k].lat)} delivered ${apiSlices[k].received}/${apiSlices[k].expected}`);
    }
    await stop(raw);
    results.fanRaw = mergeFan(rawSlices);
    results.fanApi = mergeFan(apiSlices);
    results.fanApi.trace = traceRows(await sqlTrace(api, tracePath)).slice(0, 4);
    }
    await stop(api);
    results.loadEnd = loadavg().map((x) => x.toFixed(1)).join(', ');
    results.apiLogTail = readFileSync(apiLog, 'utf8').split('\n').filter(Boolean).slice(-15);
    results.totalSeconds = (Date.now() - T_START) / 1000;
    if (FULL) writeResults(join(ROOT, 'bench/RESULTS-events.md'), report(results));
    writeFileSync(join(dir, 'results.json'), JSON.stringify(results, null, 1));
    log(`done in ${results.totalSeconds.toFixed(0)} s: ${FULL ? 'bench/RESULTS-events.md' : 'partial run, RESULTS-events.md not written'} (raw: ${join(dir, 'results.json')})`);
  } catch (e) {
    log(`FAILED: ${e.stack}`);
    if (existsSync(apiLog)) process.stderr.write(readFileSync(apiLog, 'utf8').split('\n').slice(-30).join('\n') + '\n');
    process.exitCode = 1;
  } finally {
    killAll();
    agent.destroy();
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

// -------- report -----------------------------------------------------------------------------------------------
const LIST_TARGET_MS = 50;

function report(r) {
  const L = [];
  const ms = (x) => f1(x);
  const pc = (x) => `${f0(x)} %`;
  const ing = r.ingestion;
  const fr = r.fanRaw;
  const fa = r.fanApi;
  const L1 = r.listing;
  const required = L1.slice(0, 4);
  const cpuLine = (c) => (c ? `machine busy ${pc(c.machinePct)} of 200 %, of which this benchmark's processes ${pc(c.oursPct)} and other work on the machine ${pc(c.otherPct)} (steal ${pc(c.stealPct)})` : '–');
  L.push('# Events benchmark', '');
  L.push(`Date: ${new Date().toISOString()}  `);
  L.push(`Machine: \`nproc\` = ${r.machine.nproc}, CPU "${r.machine.cpu}", ${r.machine.ramGiB} GiB RAM, Node ${r.machine.node}, SQLite ${r.sqliteVersion}. Load average at start ${r.machine.loadStart}, at end ${r.loadEnd}. The 2 cores are shared: the client, the API, the baselines and other engineers' builds/tests all ran on them (per-phase CPU accounting below).  `);
  L.push(`Command: \`node bench/events.bench.mjs\` — whole run ${f0(r.totalSeconds)} s (API build: ${r.build}).`, '');

  L.push('## How it was measured', '');
  L.push('- **API under test**: the built `dist/apps/api/main.js`, started by the script as a child process on a free loopback port with NODE_ENV=production, LOG_LEVEL=warn, a temp SQLITE_PATH, ADMIN_PASSWORD, JWT_SECRET, REDIS_URL=redis://127.0.0.1:6379, a random QUEUE_PREFIX, HOST=127.0.0.1 and FEED_BLOCKS_SIM_INTERVAL_MS=3600000 (keeps the simulated blocks feed from inserting events mid-measurement). It is preloaded with `bench/events-sql-trace.cjs`, which only wraps the sqlite3 driver\'s `all/run/get` to time every SQL statement (call → callback) per statement shape; no API code is changed.');
  L.push(`- **1,000,000 rows**: the API is started once on an empty file (its migrations create the schema) and stopped. The script checks that \`PRAGMA table_info(events)\` is exactly the entity's 14 columns, drops the ${r.seed.indexes.length} secondary indexes, writes ${f0(r.rows)} rows with the \`sqlite3\` package (multi-row INSERTs of 2,000 rows × 14 columns, 100k rows per transaction), and re-creates the indexes from their own SQL in \`sqlite_master\`, so the schema ends exactly as the migration made it. Inserts ${f1(r.seed.insertMs / 1000)} s, indexes ${f1(r.seed.indexMs / 1000)} s, file ${f0(r.seed.fileMiB)} MiB. Every column is filled like the service does: random UUID v4 \`id\`, \`titleKey\` = lower-cased title, \`payload\` JSON, dates in TypeORM's SQLite format (\`YYYY-MM-DD HH:MM:SS.SSS\`, UTC), \`version\` 1 (open) or 2 (completed, with \`completedAt\`/\`completedBy\`). Spread: 60 days (${r.seed.rangeFrom} → ${r.seed.rangeTo}), 10 % arriving up to 2 h late; 7 types, ${Object.keys(r.seed.tally.source).length} sources and the simulator's title shapes; severity ${Object.entries(r.seed.tally.severity).map(([k, v]) => `${k} ${((v / r.rows) * 100).toFixed(1)} %`).join(', ')}; status ${Object.entries(r.seed.tally.status).map(([k, v]) => `${k} ${((v / r.rows) * 100).toFixed(1)} %`).join(', ')} (older events mostly completed). No ANALYZE (the API does not run it either). API start-up on the 1M-row file: ${f0(r.apiStartMs)} ms.`);
  L.push(`- **Listing latency** = HTTP request time on loopback as seen by the client (keep-alive, one request at a time, nothing else running). For each case, **first** is the first request, whose \`total\` is not yet in the service's per-filter totals cache (so it includes the COUNT); p50/p95/p99/max are over the next ${L1[0].n} requests, which get \`total\` from that cache (TTL 10 s). A person who opens or re-filters the list less often than every 10 s gets the **first** number. CPU during the phase: ${cpuLine(r.listingCpu)}.`);
  L.push(`- **Ingestion**: keep-alive clients in this process; \`POST /api/events\` (one event, realistic body) at concurrency 32 and \`POST /api/events/batch\` with 1,000 events (${f0(r.batchBodyKiB)} KiB) at concurrency 2; each target ran in 2 alternating slices (bare, API, bare, API) totalling about ${f1(ing.apiSingle.elapsed)} s / ${f1(ing.apiBatch.elapsed)} s per target, after the listing phase (so on top of the 1M rows). CPU: ${cpuLine(r.ingestCpu)}.`);
  L.push(`- **Fan-out**: ${f0(r.nClients)} socket.io-client sockets (websocket transport, \`auth: { token }\`, \`subscribe\` \`{ topics: ['events'] }\` acknowledged) live in a separate child process. This script POSTs a batch of 100 events every 100 ms (1,000 events/s) for ${f1(fa.produceSeconds)} s per target, in ${fa.slices} alternating slices (raw, API, raw, API; a fresh client process and fresh connections per slice); every event carries \`payload.sentAt\` (wall clock taken just before its POST) and a sequence number. Each client records receive time − sentAt and checks duplicates and order; afterwards the clients get until nothing has arrived for 5 s to drain. Expected deliveries = ${f0(r.nClients)} × events answered 201.`);
  L.push('- **Baselines, same run, same client code**: (a) a bare **Nest** app (`node bench/events.bench.mjs bare-nest`: plain JS, `@nestjs/common` decorators applied as functions, express platform, JSON body parser 1 MiB; no auth, no validation, no database, no logging) with `POST /api/bare/events`, `POST /api/bare/events/batch` and `GET /api/bare/events` (a fixed 20-item page); (b) **raw socket.io** (`node bench/events.bench.mjs raw-io`: node `http` + socket.io 4.8 with default options; no auth, no database, no 50 ms push buffer, no connection-state recovery) that emits every POSTed event as `event.created` to an `events` room, driven by the same producer and the same client process.', '');

  L.push('## Results', '');
  L.push(`### 1. Listing at ${f0(r.rows)} rows (target: under ${LIST_TARGET_MS} ms)`, '');
  L.push('| case | first (total not cached) ms | p50 ms | p95 ms | p99 ms | max ms | `total` | expected total | items |');
  L.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const x of L1) L.push(`| ${x.name} | ${ms(x.first)}${x.first >= LIST_TARGET_MS ? ' ✘' : ''} | ${ms(x.p50)} | ${ms(x.p95)} | ${ms(x.p99)}${x.p99 >= LIST_TARGET_MS ? ' ✘' : ''} | ${ms(x.max)} | ${f0(x.total)} | ${f0(x.expect)} | ${x.items} |`);
  L.push(`| extra: \`GET /api/events/stats\` | ${ms(r.stats.first)}${r.stats.first >= LIST_TARGET_MS ? ' ✘' : ''} | ${ms(r.stats.p50)} | ${ms(r.stats.p95)} | ${ms(r.stats.p99)}${r.stats.p99 >= LIST_TARGET_MS ? ' ✘' : ''} | ${ms(r.stats.max)} | – | – | – |`);
  L.push(`| **baseline**: bare Nest \`GET\` (fixed 20-item page) | – | ${ms(r.listBaseline.p50)} | ${ms(r.listBaseline.p95)} | ${ms(r.listBaseline.p99)} | ${ms(r.listBaseline.max)} | – | – | 20 |`, '');
  L.push('The deep page is not capped: `page` may go up to 1,000,000 (`PageQueryDto`), and page 10000 answers 20 items with `page: 10000` and a `nextCursor`.', '');
  L.push('SQL behind each case (time inside the sqlite3 driver per statement shape; "first" is the cold request) and `EXPLAIN QUERY PLAN` of the statement as run:', '');
  for (const x of [...L1, { name: 'extra: GET /api/events/stats', path: '/api/events/stats', trace: r.stats.trace }]) {
    L.push(`<details><summary>${x.name}: <code>GET ${x.path.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</code></summary>`, '');
    L.push('| n | first ms | p50 ms | p99 ms | max ms | statement | EXPLAIN QUERY PLAN |');
    L.push('| ---: | ---: | ---: | ---: | ---: | --- | --- |');
    for (const s of x.trace) L.push(`| ${s.n} | ${ms(s.samples[0])} | ${ms(s.sum.p50)} | ${ms(s.sum.p99)} | ${ms(s.maxMs)} | \`${s.sql.replace(/\|/g, '\\|').slice(0, 300)}${s.sql.length > 300 ? '…' : ''}\` | ${(s.plan ?? []).join('<br>')} |`);
    L.push('', '</details>', '');
  }

  L.push('### 2. Ingestion', '');
  L.push('| target | events/s | requests/s | answers | request p50 / p99 ms | server CPU (of 1 core) | stored (`total` of a source filter) |');
  L.push('| --- | ---: | ---: | --- | --- | ---: | --- |');
  const row = (name, x, stored) => L.push(`| ${name} | **${f0(x.rate)}** | ${f0(x.ok / x.elapsed)} | ${JSON.stringify(x.counts)} | ${ms(x.latSum.p50)} / ${ms(x.latSum.p99)} | ${x.cpuPct !== undefined ? pc(x.cpuPct) : '–'} | ${stored ?? '–'} |`);
  row('**baseline** bare Nest `POST /api/bare/events` (c=32)', ing.bareSingle);
  row('API `POST /api/events` (c=32)', ing.apiSingle, `${f0(ing.apiSingle.stored)} of ${f0(ing.apiSingle.events)} answered 201 ${ing.apiSingle.stored === ing.apiSingle.events ? '✔' : '✘'}`);
  row('**baseline** bare Nest `POST /api/bare/events/batch` ×1000 (c=2)', ing.bareBatch);
  row('API `POST /api/events/batch` ×1000 (c=2)', ing.apiBatch, `${f0(ing.apiBatch.stored)} of ${f0(ing.apiBatch.events)} answered 201 ${ing.apiBatch.stored === ing.apiBatch.events ? '✔' : '✘'}`);
  L.push('');
  L.push(`API / bare Nest: single ${((ing.apiSingle.rate / ing.bareSingle.rate) * 100).toFixed(1)} %, batch ${((ing.apiBatch.rate / ing.bareBatch.rate) * 100).toFixed(1)} % of the bare route's events/s (the bare batch route only parses JSON and makes 1,000 ids, so its events/s is an upper bound of the HTTP layer, not a comparable workload).`, '');
  L.push('Heaviest SQL during ingestion (per statement shape, time inside the driver — includes waiting for the single SQLite connection):', '');
  L.push('| phase | n | p50 ms | p99 ms | max ms | sum ms | statement |');
  L.push('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const [ph, tr] of [['single', ing.traceSingle], ['batch', ing.traceBatch]]) for (const s of tr) L.push(`| ${ph} | ${s.n} | ${ms(s.sum.p50)} | ${ms(s.sum.p99)} | ${ms(s.maxMs)} | ${f0(s.totalMs)} | \`${s.sql.slice(0, 140)}…\` |`);
  L.push('');

  L.push(`### 3. Fan-out: ${f0(r.nClients)} sockets, 1,000 events/s (batches of 100 every 100 ms)`, '');
  L.push('| server | events created | delivered / expected | per client min–max | dup | out of order | latency p50 ms | p90 ms | p99 ms | max ms | batch POST p50 / p99 ms | server CPU | server RSS | clients CPU |');
  L.push('| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |');
  for (const f of [fr, fa]) {
    L.push(`| ${f === fr ? '**baseline** raw socket.io' : 'API'} | ${f0(f.created)} | ${f0(f.received)} / ${f0(f.expected)} ${f.received === f.expected ? '✔' : '✘'} | ${f.perClient} ${f.perClientOk ? '✔' : '✘'} | ${f.dup} | ${f.outOfOrder} | **${ms(f.lat.p50)}** | ${ms(f.lat.p90)} | **${ms(f.lat.p99)}** | ${ms(f.lat.max)} | ${ms(f.post.p50)} / ${ms(f.post.p99)} | ${pc(f.serverCpuPct)} | ${f0(f.rssMiB)} MiB | ${pc(f.clientCpuPct)} |`);
  }
  L.push('');
  L.push('Latency by second of sending within each slice (p50 / p99 ms) — flat means the server keeps up, rising means a backlog:', '');
  const cols = [];
  fr.timelines.forEach((tl, k) => { for (const t of tl) if (!cols.some((c) => c.k === k && c.sec === t.sec)) cols.push({ k, sec: t.sec }); });
  fa.timelines.forEach((tl, k) => { for (const t of tl) if (!cols.some((c) => c.k === k && c.sec === t.sec)) cols.push({ k, sec: t.sec }); });
  cols.sort((a, b) => a.k - b.k || a.sec - b.sec);
  L.push(`| slice.second | ${cols.map((c) => `${c.k + 1}.${c.sec}`).join(' | ')} |`);
  L.push(`| --- | ${cols.map(() => '---:').join(' | ')} |`);
  for (const f of [fr, fa]) {
    L.push(`| ${f === fr ? 'raw socket.io' : 'API'} | ${cols.map((c) => { const t = f.timelines[c.k]?.find((x) => x.sec === c.sec); return t ? `${f0(t.p50)} / ${f0(t.p99)}` : '–'; }).join(' | ')} |`);
  }
  L.push('');
  L.push(`Out of order counts a client seeing a lower sequence number after a higher one; the producer does not wait for a POST before sending the next, so when POSTs queue up, two batches can be stored (and pushed) in the other order — this is producer-side, not the server reordering one resource.  `);
  L.push(`Producer timer lag max ${ms(fr.maxProducerLagMs)} ms (raw run) / ${ms(fa.maxProducerLagMs)} ms (API run); drain after the last POST answered: ${f0(fr.drainMs)} ms (raw) / ${f0(fa.drainMs)} ms (API). Server/client CPU are % of one core over send + drain. CPU during the raw slices: ${cpuLine(fr.machineCpu)}; during the API slices: ${cpuLine(fa.machineCpu)}. Server RSS is the maximum at the end of a slice.`, '');

  L.push('## Verdict', '');
  const worstWarm = required.reduce((a, x) => (x.p99 > a.p99 ? x : a));
  const worstCold = required.reduce((a, x) => (x.first > a.first ? x : a));
  const coldMisses = [...required, ...L1.slice(4)].filter((x) => x.first >= LIST_TARGET_MS);
  const warmMisses = [...required, ...L1.slice(4)].filter((x) => x.p99 >= LIST_TARGET_MS);
  L.push(`- **Listing under ${LIST_TARGET_MS} ms at ${f0(r.rows)} rows — ${worstWarm.p99 < LIST_TARGET_MS && worstCold.first < LIST_TARGET_MS ? 'MET' : worstWarm.p99 < LIST_TARGET_MS ? 'MET only while `total` is cached; MISSED on the first request of a filter' : 'MISSED'}.** The four required cases, with \`total\` cached: worst p99 ${ms(worstWarm.p99)} ms (${worstWarm.name}). First request of a filter (COUNT not cached, which is what someone who opens the list or changes a filter less than every 10 s gets): worst ${ms(worstCold.first)} ms (${worstCold.name}).` +
    (coldMisses.length ? ` Over ${LIST_TARGET_MS} ms cold: ${coldMisses.map((x) => `${x.name} ${ms(x.first)} ms`).join('; ')}.` : '') +
    (warmMisses.length ? ` Over ${LIST_TARGET_MS} ms even warm: ${warmMisses.map((x) => `${x.name} p99 ${ms(x.p99)} ms`).join('; ')}.` : '') + ' Cursor steps and the page/row fetches themselves are a few ms at any depth; the misses are COUNTs and one sort (see Findings).');
  const growing = (f) => f.timelines.some((tl) => {
    const t = tl.filter((x) => x.n > 0);
    return t.length > 2 ? t[t.length - 1].p50 > 2 * t[0].p50 + 100 : false;
  });
  const keepsUp = (f) => f.received === f.expected && f.dup === 0 && !growing(f) && f.lat.p99 < 1000;
  L.push(`- **Fan-out keeps up at 1,000 events/s to ${f0(r.nClients)} sockets — ${keepsUp(fa) ? 'YES' : fa.received === fa.expected ? 'NO LOSS, but it does NOT keep up in time' : 'NO: messages lost'}.** API: ${f0(fa.received)} of ${f0(fa.expected)} delivered, ${fa.dup} duplicates, latency p50 ${ms(fa.lat.p50)} ms / p99 ${ms(fa.lat.p99)} ms / max ${ms(fa.lat.max)} ms${growing(fa) ? ', growing during the run (a backlog)' : ''}; batch POSTs answered in p50 ${ms(fa.post.p50)} ms. Raw socket.io on the same machine and clients: p50 ${ms(fr.lat.p50)} ms / p99 ${ms(fr.lat.p99)} ms${growing(fr) ? ' (also growing)' : ''}, ${f0(fr.received)} of ${f0(fr.expected)} delivered.`);
  L.push(`- **Ingestion**: ${f0(ing.apiSingle.rate)} events/s with single POSTs (${((ing.apiSingle.rate / ing.bareSingle.rate) * 100).toFixed(0)} % of the bare Nest route), ${f0(ing.apiBatch.rate)} events/s with 1,000-event batches; every event answered 201 was stored (${ing.apiSingle.stored === ing.apiSingle.events && ing.apiBatch.stored === ing.apiBatch.events ? 'yes' : 'NO'}).`, '');
  if (r.apiLogTail.length) L.push('API log (warn and above), last lines:', '', '```', ...r.apiLogTail.map((l) => l.slice(0, 300)), '```', '');
  return L.join('\n');
}

/** Regenerates the measured part of RESULTS-events.md and keeps a hand-written "## Findings" section if there is one. */
function writeResults(path, text) {
  let findings = '';
  if (existsSync(path)) {
    const old = readFileSync(path, 'utf8');
    const i = old.indexOf('\n## Findings');
    if (i >= 0) findings = old.slice(i + 1);
  }
  writeFileSync(path, `${text}\n${findings}`);
}

if (ROLE === 'bare-nest') await bareNest();
else if (ROLE === 'raw-io') await rawIo();
else if (ROLE === 'clients') await clients();
else await main();

// The shared parts of every benchmark: child processes on loopback, keep-alive HTTP with timing, load loops,
// statistics, CPU accounting, machine facts and the results files. Each bench script imports what it needs.
import { randomBytes } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Wall-clock ms with sub-ms resolution (comparable across processes). */
export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `--name value` from the command line as a number, or `def`. */
export function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}
export const flag = (name) => process.argv.includes(`--${name}`);
/** `--smoke`: every bench at a small size, checking exactness (nothing lost, nothing doubled), not speed. */
export const SMOKE = flag('smoke');

const T_START = Date.now();
export function log(msg) {
  process.stderr.write(`[${((Date.now() - T_START) / 1000).toFixed(1).padStart(6)} s] ${msg}\n`);
}
export const elapsedSeconds = () => (Date.now() - T_START) / 1000;

// ---------- statistics
export function pct(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
export function summary(values) {
  const s = Float64Array.from(values).sort();
  return {
    n: s.length,
    p50: pct(s, 50),
    p95: pct(s, 95),
    p99: pct(s, 99),
    max: s.length ? s[s.length - 1] : NaN,
    mean: s.reduce((a, b) => a + b, 0) / (s.length || 1),
  };
}
export const median = (xs) => pct(Float64Array.from(xs).sort(), 50);
export const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
export const f0 = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
export const pcent = (x) => `${(x * 100).toFixed(1)} %`;

// ---------- processes
const children = new Set();
export function killAll() {
  for (const c of children) {
    try {
      c.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}

export function freePort() {
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

/** `node …args` in the workspace root with `env` on top of this process's; output appended to `logPath`. */
export function startNode(args, env, logPath) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (logPath) {
    const out = createWriteStream(logPath, { flags: 'a' });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
  } else {
    child.stdout.resume();
    child.stderr.pipe(process.stderr);
  }
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

export function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(t);
      res();
    });
    child.kill('SIGTERM');
  });
}

export async function waitHttp(url, child, deadlineMs = 90_000) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`${child.spawnargs.join(' ')} exited with ${child.exitCode}`);
    const ok = await new Promise((r) => {
      http.get(url, (res) => (res.resume(), r(true))).on('error', () => r(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await sleep(200);
  }
}

/** The built app (`api` or `worker`), rebuilt when a source file is newer (or missing); `--skip-build` never rebuilds. */
export function ensureBuild(app = 'api') {
  const main = join(ROOT, `dist/apps/${app}/main.js`);
  const newestMtime = (dir) => {
    let newest = 0;
    if (!existsSync(dir)) return 0;
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, ent.name);
      if (ent.isDirectory()) {
        if (ent.name !== 'node_modules') newest = Math.max(newest, newestMtime(p));
      } else if (!/\.spec\.ts$|\.md$/.test(ent.name)) {
        newest = Math.max(newest, statSync(p).mtimeMs);
      }
    }
    return newest;
  };
  const sources = [
    `apps/${app}`,
    ...readdirSync(join(ROOT, 'libs/api')).map((d) => `libs/api/${d}`),
    ...readdirSync(join(ROOT, 'libs/shared')).map((d) => `libs/shared/${d}`),
  ];
  const stale = !existsSync(main) || statSync(main).mtimeMs < Math.max(...sources.map((d) => newestMtime(join(ROOT, d))));
  if (!stale) return 'up to date';
  if (flag('skip-build')) {
    if (!existsSync(main)) throw new Error(`${main} is missing`);
    return 'stale (rebuild skipped with --skip-build)';
  }
  log(`building ${app} (npx nx build ${app}) ...`);
  const r = spawnSync('npx', ['nx', 'build', app], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (r.status !== 0) throw new Error(`npx nx build ${app} failed`);
  return 'rebuilt by this run';
}

// ---------- CPU accounting
export function procCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
  } catch {
    return NaN;
  }
}
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
    } catch {
      /* exited */
    }
  }
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of procs) {
      if (!mine.has(pid) && mine.has(p.ppid)) {
        mine.add(pid);
        grew = true;
      }
    }
  }
  let ms = 0;
  for (const pid of mine) ms += procs.get(pid)?.ms ?? 0;
  return ms;
}
/** Whole-machine busy time vs this benchmark's own process tree, to show how much CPU other work took meanwhile. */
export function cpuMeter() {
  const t0 = performance.now();
  const m0 = readMachineJiffies();
  const o0 = ourTreeMs();
  return () => {
    const wall = performance.now() - t0;
    const m1 = readMachineJiffies();
    const ours = ((ourTreeMs() - o0) / wall) * 100;
    const machine = (((m1.busy - m0.busy) * 10) / wall) * 100;
    return {
      machinePct: machine,
      oursPct: ours,
      otherPct: Math.max(0, machine - ours),
      stealPct: (((m1.steal - m0.steal) * 10) / wall) * 100,
    };
  };
}
export const cpuLine = (c) =>
  c
    ? `machine busy ${f0(c.machinePct)} % of ${cpus().length * 100} %, of which this benchmark's processes ${f0(c.oursPct)} % and other work ${f0(c.otherPct)} % (steal ${f0(c.stealPct)} %)`
    : '–';

// ---------- HTTP
export const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
/** One request on the keep-alive agent; resolves { status, body (parsed JSON or text), ms }. */
export function request(port, method, path, body, token, headers = {}) {
  return new Promise((res, rej) => {
    const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const t0 = performance.now();
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
          ...headers,
        },
      },
      (r) => {
        const chunks = [];
        r.on('data', (c) => chunks.push(c));
        r.on('end', () => {
          const ms = performance.now() - t0;
          const text = Buffer.concat(chunks).toString();
          let parsed = null;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            parsed = text;
          }
          res({ status: r.statusCode, body: parsed, ms });
        });
      },
    );
    req.on('error', rej);
    if (data) req.write(data);
    req.end();
  });
}

/**
 * `concurrency` keep-alive loops sending `method path` with the next of `bodies` for `seconds` (or `requests` in all).
 * Counts answers by status; `okStatus` answers are the ones that did the work, each worth `perRequest` items.
 */
export async function load({
  port,
  path,
  token,
  concurrency,
  seconds = Infinity,
  requests = Infinity,
  bodies = [undefined],
  perRequest = 1,
  method = 'POST',
  okStatus = method === 'POST' ? 201 : 200,
}) {
  const counts = {};
  const lat = [];
  const started = performance.now();
  const endAt = started + seconds * 1000;
  let k = 0;
  let sent = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < endAt && sent < requests) {
        sent++;
        const r = await request(port, method, path, bodies[k++ % bodies.length], token);
        counts[r.status] = (counts[r.status] ?? 0) + 1;
        lat.push(r.ms);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const ok = counts[okStatus] ?? 0;
  return { counts, elapsed, ok, items: ok * perRequest, lat };
}
export const emptyRun = () => ({ counts: {}, elapsed: 0, ok: 0, items: 0, lat: [] });
export function addRun(into, r) {
  for (const [key, v] of Object.entries(r.counts)) into.counts[key] = (into.counts[key] ?? 0) + v;
  into.elapsed += r.elapsed;
  into.ok += r.ok;
  into.items += r.items;
  for (const x of r.lat) into.lat.push(x); // not push(...): a fast baseline answers more requests than a spread can pass
  return into;
}
export const rate = (run) => run.items / run.elapsed;

// ---------- the API under test
/** The environment of a benchmarked API process (production mode, loopback, its own queue prefix). */
export function apiEnv(port, extra = {}) {
  return {
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: 'bench-admin-password',
    JWT_SECRET: 'bench-secret-0123456789abcdef-0123456789',
    LOG_LEVEL: 'warn',
    REDIS_URL,
    QUEUE_PREFIX: `pbbench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    FEED_BLOCKS_SIM_INTERVAL_MS: '3600000', // keep the simulated blocks feed from writing mid-measurement
    ...extra,
  };
}
export async function adminToken(port) {
  const login = await request(port, 'POST', '/api/auth/login', { username: 'admin', password: 'bench-admin-password' });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  return login.body.accessToken;
}

// ---------- the machine and the results file
export function machineInfo() {
  return {
    nproc: cpus().length,
    cpu: readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model ?? 'unknown',
    ramGiB: (totalmem() / 2 ** 30).toFixed(1),
    freeGiB: (freemem() / 2 ** 30).toFixed(1),
    node: process.version,
    loadStart: loadavg()
      .map((x) => x.toFixed(1))
      .join(', '),
  };
}
/** The header every results file starts with: what ran, when, on what, under which load. */
export function resultsHeader(title, machine, command) {
  return [
    `# ${title}`,
    '',
    `Date: ${new Date().toISOString()}  `,
    `Machine: ${machine.nproc} CPU(s) (nproc), "${machine.cpu}", ${machine.ramGiB} GiB RAM, Node ${machine.node}. Load average at start ${machine.loadStart}, at end ${loadavg()
      .map((x) => x.toFixed(1))
      .join(', ')} (client, servers and baselines share the machine).  `,
    `Command: \`${command}\` (${f0(elapsedSeconds())} s).`,
    '',
  ];
}

/**
 * Writes bench/RESULTS-<name>.md, keeping a hand-written "## Findings" section of the previous file. A smoke run
 * (small sizes) writes nothing: its figures are not measurements.
 */
export function writeResults(name, text) {
  if (SMOKE) return null;
  const path = join(ROOT, `bench/RESULTS-${name}.md`);
  let findings = '';
  if (existsSync(path)) {
    const old = readFileSync(path, 'utf8');
    const i = old.indexOf('\n## Findings');
    if (i >= 0) findings = old.slice(i + 1);
  }
  writeFileSync(path, `${text}\n${findings}`);
  return path;
}

/** Ends a bench: prints the exactness checks and sets the exit code (a failed check fails the bench, smoke or not). */
export function finish(checks) {
  let failed = 0;
  for (const [ok, what] of checks) {
    process.stdout.write(`${ok ? '✔' : '✖'} ${what}\n`);
    if (!ok) failed++;
  }
  if (failed) process.exitCode = 1;
  return failed;
}

/** Starts baseline servers of bench/lib/baselines.mjs; resolves { [role]: { port, child } }. */
export async function startBaselines(dir, roles = ['bare-http', 'bare-nest']) {
  const out = {};
  for (const role of roles) {
    const port = await freePort();
    const child = startNode(['bench/lib/baselines.mjs', role], { PORT: String(port) }, join(dir, `${role}.log`));
    await waitHttp(`http://127.0.0.1:${port}${role === 'raw-io' ? '/health' : '/api/bare/events'}`, child);
    out[role] = { port, child };
  }
  return out;
}

/**
 * Runs one bench: `body({ dir, checks })` in a temp dir returns the results (or pushes failed checks); then
 * bench/RESULTS-<name>.md is written from `report(results)` (not in a smoke run), every child process is killed, the
 * temp dir removed (kept with --keep), and the checks decide the exit code.
 */
export async function runBench(name, body, report) {
  const dir = mkdtempSync(join(tmpdir(), `pb-bench-${name}-`));
  const checks = [];
  try {
    const results = await body({ dir, checks });
    const written = writeResults(name, report(results));
    log(written ? `wrote ${written}` : 'smoke run: no results file');
  } catch (e) {
    log(`FAILED: ${e.stack}`);
    checks.push([false, e.message]);
  } finally {
    killAll();
    if (!flag('keep')) rmSync(dir, { recursive: true, force: true });
  }
  return finish(checks);
}

// ---------- PostgreSQL
export const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A fresh PostgreSQL database for one bench run (psql on PG_URL's server): its URL, `psql(sql)` run in it, and
 * `drop()`.
 */
export function pgDatabase() {
  const name = `pbbench_${randomBytes(5).toString('hex')}`;
  const u = new URL(PG_URL);
  const psqlIn = (database, sql) => {
    const r = spawnSync(
      'psql',
      ['-h', u.hostname, '-p', u.port || '5432', '-U', u.username || 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-Atc', sql],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  };
  const admin = u.pathname.slice(1);
  psqlIn(admin, `CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    psql: (sql) => psqlIn(name, sql),
    drop: () => psqlIn(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

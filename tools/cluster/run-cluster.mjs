#!/usr/bin/env node
// `npm run cluster`: the scaled-out topology on one machine, for a person to try it: N API processes (ports 3000,
// 3001, ...) and M workers from the built apps, on the local PostgreSQL and Redis, sharing work through the Redis
// socket adapter and the cluster leases. Ctrl-C stops them all (SIGTERM: each drains and exits).
//
//   npm run cluster -- [--apis 2] [--workers 2] [--port 3000] [--skip-build]
//   DATABASE_URL (default postgres://postgres@127.0.0.1:5432/pulseboard_cluster, created if missing), REDIS_URL,
//   JWT_SECRET and ADMIN_PASSWORD as for `npm start` (development defaults otherwise).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const APIS = Number(arg('apis', 2));
const WORKERS = Number(arg('workers', 2));
const PORT = Number(arg('port', 3000));
if (!(APIS >= 1 && APIS <= 8 && WORKERS >= 0 && WORKERS <= 8)) {
  console.error('--apis must be 1..8 and --workers 0..8');
  process.exit(2);
}

const databaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/pulseboard_cluster';
const env = {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV || 'development',
  DATABASE_URL: databaseUrl,
  REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  SOCKET_ADAPTER: 'redis',
  QUEUE_PROCESSORS: WORKERS > 0 ? 'off' : 'inline',
  HOST: process.env.HOST || '127.0.0.1',
};

function ensureDatabase() {
  const u = new URL(databaseUrl);
  const name = u.pathname.slice(1);
  const psql = (sql) =>
    spawnSync(
      'psql',
      ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username) || 'postgres', '-d', 'postgres', '-Atc', sql],
      {
        encoding: 'utf8',
        env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) },
      },
    );
  const found = psql(`SELECT 1 FROM pg_database WHERE datname = '${name.replace(/'/g, "''")}'`);
  if (found.status !== 0) {
    console.log(
      `Could not ask PostgreSQL at ${u.host} about database ${name} (${found.stderr.trim() || 'psql missing'}); assuming it exists.`,
    );
    return;
  }
  if (found.stdout.trim() !== '1') {
    const made = psql(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    if (made.status !== 0) throw new Error(`could not create database ${name}: ${made.stderr}`);
    console.log(`Created database ${name}.`);
  }
}

if (!process.argv.includes('--skip-build') || !existsSync('dist/apps/api/main.js') || !existsSync('dist/apps/worker/main.js')) {
  const r = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects=api,worker,console', '--outputStyle=static'], {
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
ensureDatabase();

const children = [];
function start(label, script, extra) {
  const child = spawn(process.execPath, [script], { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (d) => d.toString().replace(/^(?=.)/gm, `[${label}] `);
  child.stdout.on('data', (d) => process.stdout.write(prefix(d)));
  child.stderr.on('data', (d) => process.stderr.write(prefix(d)));
  child.on('exit', (code, signal) => console.log(`[${label}] exited (${signal ?? code})`));
  children.push(child);
  return child;
}

function ready(child, pattern) {
  return new Promise((resolve, reject) => {
    const onData = (d) => pattern.test(d.toString()) && resolve();
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before it was ready`)));
  });
}

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping the cluster...');
    for (const c of children) c.kill('SIGTERM');
    Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(
      () => process.exit(0),
    );
  });
}

// One API first: it runs the migrations; the rest start together.
const first = start('api-1', 'dist/apps/api/main.js', { PORT: String(PORT) });
await ready(first, /Pulseboard listening/);
const rest = [];
for (let i = 1; i < APIS; i++)
  rest.push(ready(start(`api-${i + 1}`, 'dist/apps/api/main.js', { PORT: String(PORT + i) }), /Pulseboard listening/));
for (let i = 0; i < WORKERS; i++) rest.push(ready(start(`worker-${i + 1}`, 'dist/apps/worker/main.js', {}), /Pulseboard worker ready/));
await Promise.all(rest);
console.log(
  `\nPulseboard cluster: ${APIS} API process(es), ${WORKERS} worker(s) on ${new URL(databaseUrl).host}/${new URL(databaseUrl).pathname.slice(1)}`,
);
for (let i = 0; i < APIS; i++) console.log(`  console and API: http://${env.HOST}:${PORT + i}`);
console.log('  the Cluster page (admin) shows every process and lease; Ctrl-C stops them all.\n');

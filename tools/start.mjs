#!/usr/bin/env node
// `npm start`: build what is needed, make sure Redis answers (starting a local one if possible), run the API + console.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';

const env = { ...process.env };
const redisUrl = new URL(env.REDIS_URL || 'redis://127.0.0.1:6379');
const children = [];

function redisAnswers(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const sock = createConnection({ host, port });
    const done = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('error', () => done(false));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (d) => done(d.toString().startsWith('+PONG') || d.toString().startsWith('-NOAUTH')));
  });
}

function onPath(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

async function ensureRedis() {
  const host = redisUrl.hostname;
  const port = Number(redisUrl.port || 6379);
  if (await redisAnswers(host, port)) return;
  const local = ['127.0.0.1', 'localhost', '::1'].includes(host);
  if (local && onPath('redis-server')) {
    console.log(`No Redis at ${redisUrl.href}; starting redis-server on port ${port} for this session.`);
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'],
      { stdio: 'ignore' },
    );
    children.push(child);
    for (let i = 0; i < 50; i++) {
      if (await redisAnswers(host, port)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  console.log(
    `Redis is not reachable at ${redisUrl.href}: counters and events work, job creation answers 503. ` +
      `Get Redis with your package manager (e.g. 'apt-get install redis-server'), 'docker compose up -d redis', or set REDIS_URL.`,
  );
}

function build() {
  const r = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects=api,console', '--outputStyle=static'], {
    stdio: 'inherit',
    env: { ...env, NX_DAEMON: 'false' },
  });
  if (r.status !== 0) {
    console.error('Build failed; see the output above.');
    process.exit(r.status ?? 1);
  }
}

await ensureRedis();
if (env.SKIP_BUILD !== '1' || !existsSync('dist/apps/api/main.js')) build();
mkdirSync('data', { recursive: true });
const api = spawn(process.execPath, ['dist/apps/api/main.js'], { stdio: 'inherit', env });
children.push(api);
const stop = (sig) => {
  for (const c of children.reverse()) c.kill(sig);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
api.on('exit', (code) => {
  for (const c of children) if (c !== api) c.kill('SIGTERM');
  process.exit(code ?? 0);
});

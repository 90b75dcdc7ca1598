// Jobs through Redis outages and worker crashes, and one SQLite file shared by the API and a worker.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { deploymentEnv, http, killAll, loadLoops, login, sleep, startApi, startRedis, startWorker, tempDir, waitFor } from './lib.mjs';

const tmp = tempDir();
after(() => {
  killAll();
  tmp.remove();
});

/** Polls the API until every id in `ids` has a terminal status; returns the jobs. */
async function waitTerminal(base, token, ids, timeoutMs) {
  const jobs = new Map();
  await waitFor(
    async () => {
      for (const id of ids) {
        if (jobs.has(id)) continue;
        const r = await http(base, 'GET', `/api/jobs/${id}`, { token });
        if (r.status === 200 && ['completed', 'failed', 'cancelled'].includes(r.json.status)) jobs.set(id, r.json);
      }
      return jobs.size === ids.length;
    },
    `${ids.length} jobs to reach a terminal status (${jobs.size} so far)`,
    timeoutMs,
    250,
  );
  return [...jobs.values()];
}

/** Counts `job.updated` pushes with status completed, per job id, on a socket subscribed to `jobs`. */
async function completionCounter(base, token) {
  const socket = io(base, { path: '/socket.io', auth: { token }, transports: ['websocket'] });
  const counts = new Map();
  socket.on('job.updated', (job) => {
    if (job.status === 'completed') counts.set(job.id, (counts.get(job.id) ?? 0) + 1);
  });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  await new Promise((resolve) => socket.emit('subscribe', { topics: ['jobs'] }, resolve));
  return { counts, close: () => socket.close() };
}

test(
  'Redis stopped for 5 s under job load, then started: every accepted job ends, none completes twice',
  { timeout: 180_000 },
  async (t) => {
    const redis1 = await startRedis({ dir: tmp.dir });
    const env = deploymentEnv({
      SQLITE_PATH: join(tmp.dir, 'redis-outage.sqlite'),
      REDIS_URL: redis1.url,
      JOB_BACKOFF_MS: '100',
      JOB_LOCK_MS: '3000',
    });
    const api = await startApi(env);
    const token = await login(api.url);
    const completions = await completionCounter(api.url, token);

    const accepted = [];
    const statuses = {};
    const load = loadLoops(16, async () => {
      const r = await http(api.url, 'POST', '/api/jobs', {
        token,
        body: { type: 'demo.simulate', payload: { durationMs: 20 } },
        timeoutMs: 15_000,
      });
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status === 202) accepted.push(r.json.id);
      else await sleep(50);
    });
    await waitFor(() => accepted.length >= 200, '200 accepted jobs', 60_000, 20);
    await redis1.kill('SIGTERM');
    const downAt = Date.now();
    await sleep(5_000);
    const redis2 = await startRedis({ port: redis1.port, dir: tmp.dir });
    t.diagnostic(`Redis down for ${Date.now() - downAt} ms`);
    const acceptedBeforeRestart = accepted.length;
    await waitFor(() => accepted.length >= acceptedBeforeRestart + 100, '100 more accepted jobs after Redis came back', 60_000, 50);
    await load.stop();

    const jobs = await waitTerminal(api.url, token, accepted, 120_000);
    const notCompleted = jobs.filter((j) => j.status !== 'completed').map((j) => `${j.id}: ${j.status} ${JSON.stringify(j.error)}`);
    await waitFor(() => completions.counts.size >= accepted.length * 0.99, 'the completion pushes', 10_000).catch(() => undefined);
    const twice = [...completions.counts].filter(([, n]) => n > 1);
    t.diagnostic(
      `answers ${JSON.stringify(statuses)}; ${accepted.length} jobs accepted, all terminal; completion pushes seen for ${completions.counts.size}`,
    );
    completions.close();
    assert.ok(!statuses['500'], 'no 500 while Redis was down');
    assert.deepEqual(notCompleted, [], 'every accepted job completed');
    assert.deepEqual(twice, [], 'no job completed twice');
    await api.kill('SIGTERM');
    await redis2.kill('SIGTERM');
  },
);

test('a worker SIGKILLed mid-job loses nothing: another worker finishes its jobs', { timeout: 180_000 }, async (t) => {
  const env = deploymentEnv({
    SQLITE_PATH: join(tmp.dir, 'worker-kill.sqlite'),
    QUEUE_PROCESSORS: 'off',
    JOB_LOCK_MS: '2000',
    JOB_BACKOFF_MS: '100',
  });
  const api = await startApi(env);
  const a = await startWorker(env);
  const b = await startWorker(env);
  const token = await login(api.url);
  const ids = [];
  for (let i = 0; i < 40; i++) {
    const r = await http(api.url, 'POST', '/api/jobs', { token, body: { type: 'demo.simulate', payload: { durationMs: 1500 } } });
    assert.equal(r.status, 202);
    ids.push(r.json.id);
  }
  const activeAtKill = await waitFor(
    async () => {
      const total = (await http(api.url, 'GET', '/api/jobs?status=active&pageSize=1', { token })).json.total;
      return total >= 4 ? total : 0;
    },
    'jobs running',
    30_000,
  );
  await a.kill('SIGKILL');
  const jobs = await waitTerminal(api.url, token, ids, 120_000);
  t.diagnostic(`${activeAtKill} jobs active on the two workers when one was killed; all ${jobs.length} ended`);
  assert.deepEqual(
    jobs.filter((j) => j.status !== 'completed').map((j) => `${j.id}: ${j.status}`),
    [],
  );
  await b.kill('SIGTERM');
  await api.kill('SIGTERM');
});

test(
  'SQLite shared by the API and a worker under write load: no SQLITE_BUSY (no 5xx) reaches a client',
  { timeout: 180_000 },
  async (t) => {
    const env = deploymentEnv({ SQLITE_PATH: join(tmp.dir, 'shared.sqlite'), QUEUE_PROCESSORS: 'off', JOB_BACKOFF_MS: '100' });
    const api = await startApi(env);
    const worker = await startWorker(env);
    const token = await login(api.url);
    const counter = await http(api.url, 'POST', '/api/counters', { token, body: { name: 'shared-stock', initial: 1_000_000, min: 0 } });
    const statuses = {};
    const jobIds = [];
    let n = 0;
    const load = loadLoops(
      16,
      async (c) => {
        const i = n++;
        let r;
        if (c % 4 === 0) {
          r = await http(api.url, 'POST', '/api/jobs', { token, body: { type: 'demo.simulate', payload: { durationMs: 0 } } });
          if (r.status === 202) jobIds.push(r.json.id);
        } else if (c % 4 === 1) {
          r = await http(api.url, 'POST', `/api/counters/${counter.json.id}/decrement`, { token, body: {} });
        } else if (c % 4 === 2) {
          r = await http(api.url, 'POST', '/api/events/batch', {
            token,
            body: { events: Array.from({ length: 50 }, (_, k) => ({ type: 'load', source: 'shared', title: `e${i}-${k}` })) },
          });
        } else {
          r = await http(api.url, 'POST', '/api/events', { token, body: { type: 'load', source: 'shared', title: `single ${i}` } });
        }
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      },
      { maxMs: 8_000 },
    );
    await sleep(8_000);
    await load.stop();
    const jobs = await waitTerminal(api.url, token, jobIds, 120_000);
    t.diagnostic(`answers ${JSON.stringify(statuses)}; ${jobs.length} jobs written by the worker meanwhile`);
    const errors = Object.entries(statuses).filter(([s]) => Number(s) >= 300);
    assert.deepEqual(errors, [], 'every write succeeded');
    assert.ok(!/SQLITE_BUSY/.test(api.output() + worker.output()), 'no SQLITE_BUSY in either process');
    assert.deepEqual(
      jobs.filter((j) => j.status !== 'completed').map((j) => j.id),
      [],
    );
    await worker.kill('SIGTERM');
    await api.kill('SIGTERM');
  },
);

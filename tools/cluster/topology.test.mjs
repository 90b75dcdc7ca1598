// The scaled-out topology as real processes, without Docker: 2 API processes (PostgreSQL, the Redis Streams socket
// adapter, QUEUE_PROCESSORS=off) and 2 workers, all started from the built apps, plus a local fake Ethereum node as
// the blocks upstream. Each test is bounded in time; loopback only. Run by .ci/run after the builds:
//   node --test tools/cluster/topology.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { io } from 'socket.io-client';
import { FakeEthNode } from '../testing/fake-eth-node.cjs';
import { createPgDatabase, deploymentEnv, http, killAll, login, sleep, startApi, startWorker, waitFor } from '../faults/lib.mjs';

const JOBS = Number(process.env.TOPOLOGY_JOBS ?? 2000);
const TERMINAL = ['completed', 'failed', 'cancelled'];

let db;
let node;
let env;
const apis = [];
const workers = [];
const sockets = [];
let token;

function socket(api) {
  return new Promise((resolve, reject) => {
    const s = io(api.url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(s);
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

async function subscribe(s, topics) {
  const ack = await s.timeout(5_000).emitWithAck('subscribe', { topics });
  assert.ok(ack.ok !== false, `subscribe ${topics}: ${JSON.stringify(ack)}`);
}

async function cluster(api = apis[0]) {
  const r = await http(api.url, 'GET', '/api/cluster', { token });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

/** The API processes still running. */
const liveApis = () => apis.filter((a) => a.proc.exitCode === null && a.proc.signalCode === null);

/** The live API process holding `lease`, from the cluster view. */
async function holderOf(lease) {
  return waitFor(
    async () => {
      const live = liveApis();
      const v = await cluster(live[0]);
      const id = v.leases.find((l) => l.name === lease)?.holder;
      const p = v.instances.find((x) => x.id === id);
      return p ? live.find((a) => a.proc.pid === p.pid) : null;
    },
    `a holder of ${lease}`,
    10_000,
  );
}

before(async () => {
  db = createPgDatabase();
  node = await new FakeEthNode().start();
  env = deploymentEnv({
    DATABASE_URL: db.url,
    SOCKET_ADAPTER: 'redis',
    QUEUE_PROCESSORS: 'off',
    FEED_BLOCKS_WS_URL: node.url,
    JOB_LOCK_MS: '2000',
    JOB_BACKOFF_MS: '100',
  });
  // One at a time: the first runs the migrations.
  apis.push(await startApi(env));
  apis.push(await startApi(env));
  workers.push(await startWorker(env), await startWorker(env));
  token = await login(apis[0].url);
});

after(async () => {
  for (const s of sockets) s.disconnect();
  killAll();
  await node?.stop();
  try {
    db?.drop();
  } catch {
    /* best effort */
  }
});

test('the cluster view lists 2 APIs and 2 workers, and one holder per lease', { timeout: 30_000 }, async () => {
  const v = await waitFor(
    async () => {
      const c = await cluster();
      return c.instances.length === 4 && c.leases.every((l) => l.holder) ? c : null;
    },
    'every heartbeat and every lease held',
    15_000,
  );
  assert.equal(v.mode, 'redis');
  assert.deepEqual(
    v.instances.map((p) => p.kind),
    ['api', 'api', 'worker', 'worker'],
  );
  assert.deepEqual(
    v.instances.filter((p) => p.kind === 'api').map((p) => p.queueConcurrency),
    [0, 0],
  );
  for (const p of v.instances.filter((x) => x.kind === 'worker')) assert.ok(p.queueConcurrency > 0);
  for (const l of v.leases)
    assert.ok(
      v.instances.find((p) => p.id === l.holder && p.kind === 'api'),
      `${l.name} held by an API`,
    );
});

test(
  `${JOBS} jobs posted alternately to both APIs are each completed exactly once, and clients on either API see every terminal status`,
  { timeout: 300_000 },
  async (t) => {
    const seen = [];
    for (const api of apis) {
      const s = await socket(api);
      await subscribe(s, ['jobs']);
      const terminal = new Map();
      s.on('job.updated', (j) => TERMINAL.includes(j.status) && terminal.set(j.id, (terminal.get(j.id) ?? 0) + 1));
      seen.push(terminal);
    }
    const ids = [];
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < JOBS) {
          const i = next++;
          const r = await http(apis[i % 2].url, 'POST', '/api/jobs', {
            token,
            body: { type: 'demo.simulate', payload: { durationMs: 0 } },
            timeoutMs: 30_000,
          });
          assert.equal(r.status, 202, r.text);
          ids.push(r.json.id);
        }
      }),
    );
    await waitFor(
      () => seen.every((m) => m.size === JOBS),
      `every terminal status on both clients (${seen.map((m) => m.size)} of ${JOBS})`,
      240_000,
      250,
    );
    const seconds = (Date.now() - started) / 1000;
    for (const m of seen) {
      assert.deepEqual(
        [...m.values()].filter((c) => c !== 1),
        [],
        'each terminal status pushed once per client',
      );
      for (const id of ids) assert.ok(m.has(id));
    }
    const rows = db.query(`SELECT status || ':' || COUNT(*) FROM jobs GROUP BY status`);
    assert.equal(rows, `completed:${JOBS}`);
    assert.equal(db.query(`SELECT COUNT(*) FROM jobs WHERE attempts <> 1`), '0', 'no job ran twice');
    assert.equal(db.query(`SELECT COUNT(*) FROM job_attempts`), String(JOBS), 'one attempt each');
    t.diagnostic(
      `${JOBS} jobs through 2 APIs and 2 workers in ${seconds.toFixed(1)} s (${Math.round(JOBS / seconds)}/s), every terminal status on both clients once`,
    );
  },
);

test('a running counter ticks once per interval, and keeps ticking when an API is SIGKILLed', { timeout: 60_000 }, async (t) => {
  const created = await http(apis[0].url, 'POST', '/api/counters', {
    token,
    body: { name: 'topology-ticks', max: 1_000_000, intervalMs: 200 },
  });
  assert.equal(created.status, 201, created.text);
  const id = created.json.id;
  const holder = await holderOf('counter-ticker');
  const survivor = liveApis().find((a) => a !== holder);
  const values = [];
  const s = await socket(survivor);
  await subscribe(s, [`counter:${id}`]);
  s.on('counter.updated', (c) => c.id === id && values.push(c.value));
  await http(holder.url, 'POST', `/api/counters/${id}/start`, { token, body: {} });
  await waitFor(() => values.length >= 8, 'ticks before the kill', 10_000);
  // Once per interval: every step between two pushes is one tick (a rare skip under load, never a repeat).
  const steps = values.slice(1).map((v, i) => v - values[i]);
  assert.ok(steps.filter((d) => d === 1).length >= steps.length * 0.8, `one tick per push before the kill: ${values}`);
  await holder.kill('SIGKILL');
  const killedAt = Date.now();
  const atKill = values.length;
  await waitFor(() => values.length >= atKill + 8, 'ticks after the kill', 15_000);
  const gapMs = Date.now() - killedAt;
  assert.equal(new Set(values).size, values.length, 'no tick pushed twice');
  for (let i = 1; i < values.length; i++) assert.ok(values[i] > values[i - 1], `values grow: ${values}`);
  // The value is derived from time, so the ticks missed during the takeover show as a jump, never as a repeat.
  const r = await http(survivor.url, 'GET', `/api/counters/${id}`, { token });
  assert.ok(Math.abs(r.json.value - values[values.length - 1]) <= 5);
  t.diagnostic(`ticker holder killed; ticks resumed through the other API (${gapMs} ms for 8 more ticks), values strictly increasing`);
  await http(survivor.url, 'POST', `/api/counters/${id}/stop`, { token, body: {} });
  apis.push(await startApi(env)); // back to two APIs for the next tests
});

test(
  'the feed holder is SIGKILLed: the other API takes over within 5 s, its clients keep receiving, no block twice, none missing',
  { timeout: 90_000 },
  async (t) => {
    await waitFor(async () => (await cluster(liveApis()[0])).instances.filter((p) => p.kind === 'api').length === 2, 'two APIs', 15_000);
    const holder = await holderOf('blocks-feed');
    const survivor = liveApis().find((a) => a !== holder);
    const s = await socket(survivor);
    await subscribe(s, ['blocks']);
    const received = [];
    s.on('block.received', (b) => received.push(b.number));
    const first = 10_000;
    let n = first;
    let mining = true;
    const miner = (async () => {
      while (mining && n < first + 400) {
        node.mine(n++);
        await sleep(100);
      }
    })();
    await waitFor(() => received.length >= 5, 'blocks through the other API', 10_000);
    const subscriptions = node.subscribeCalls;
    await holder.kill('SIGKILL');
    const killedAt = Date.now();
    await waitFor(() => node.subscribeCalls > subscriptions, 'the takeover of the upstream subscription', 8_000, 50);
    const takeoverMs = Date.now() - killedAt;
    const atTakeover = received.length;
    await waitFor(() => received.length >= atTakeover + 5, 'blocks after the takeover', 10_000);
    mining = false;
    await miner;
    const last = n - 1;
    await waitFor(() => received.includes(last), `block ${last} on the client`, 15_000);
    const stored = db.query(`SELECT number FROM blocks WHERE number >= ${first} ORDER BY number`).split('\n').map(Number);
    assert.deepEqual(
      stored,
      Array.from({ length: last - first + 1 }, (_, i) => first + i),
      'no hole, none twice',
    );
    assert.equal(db.query(`SELECT COUNT(*) FROM events WHERE source = 'blocks' AND title LIKE 'Block #1____'`), String(last - first + 1));
    const onClient = [...new Set(received)].sort((a, b) => a - b);
    assert.deepEqual(onClient, stored, 'the client got every block');
    assert.equal(received.length, onClient.length, 'and each once');
    assert.ok(takeoverMs < 5_000, `takeover in ${takeoverMs} ms`);
    t.diagnostic(
      `feed holder killed; the other API resubscribed after ${takeoverMs} ms; ${stored.length} blocks stored once each, all on the client`,
    );
    apis.push(await startApi(env));
  },
);

test('a worker SIGKILLed mid-run loses no job', { timeout: 180_000 }, async (t) => {
  const ids = [];
  for (let i = 0; i < 60; i++) {
    const r = await http(liveApis()[i % 2].url, 'POST', '/api/jobs', {
      token,
      body: { type: 'demo.simulate', payload: { durationMs: 1_000 } },
    });
    assert.equal(r.status, 202, r.text);
    ids.push(r.json.id);
  }
  const active = await waitFor(
    async () => {
      const total = (await http(liveApis()[0].url, 'GET', '/api/jobs?status=active&pageSize=1', { token })).json.total;
      return total >= 4 ? total : 0;
    },
    'jobs running on both workers',
    30_000,
  );
  await workers[0].kill('SIGKILL');
  await waitFor(
    async () => {
      const r = await http(liveApis()[0].url, 'GET', `/api/jobs?pageSize=100&type=demo.simulate&status=active`, { token });
      const pending = await http(liveApis()[0].url, 'GET', `/api/jobs?pageSize=1&status=pending`, { token });
      const retrying = await http(liveApis()[0].url, 'GET', `/api/jobs?pageSize=1&status=retrying`, { token });
      return r.json.total === 0 && pending.json.total === 0 && retrying.json.total === 0;
    },
    'every job to end',
    150_000,
    500,
  );
  const list = db.query(`SELECT status || ':' || COUNT(*) FROM jobs WHERE id IN (${ids.map((i) => `'${i}'`).join(',')}) GROUP BY status`);
  assert.equal(list, `completed:${ids.length}`);
  t.diagnostic(`${active} jobs active when a worker was killed; all ${ids.length} completed`);
  workers.push(await startWorker(env));
});

test('the simulator started through one API is stopped through the other', { timeout: 60_000 }, async () => {
  const [a, b] = liveApis();
  const count = () => Number(db.query(`SELECT COUNT(*) FROM events WHERE source <> 'blocks'`));
  const before = count();
  const started = await http(a.url, 'POST', '/api/simulator/start', { token, body: { ratePerSec: 20, updateRatio: 0 } });
  assert.equal(started.status, 200, started.text);
  assert.equal((await http(b.url, 'GET', '/api/simulator', { token })).json.running, true);
  await waitFor(() => count() >= before + 20, 'simulated events', 20_000);
  const stopped = await http(b.url, 'POST', '/api/simulator/stop', { token });
  assert.equal(stopped.status, 200);
  assert.equal(stopped.json.running, false);
  assert.equal((await http(a.url, 'GET', '/api/simulator', { token })).json.running, false);
  await sleep(300); // the generator's in-flight tick
  const settled = count();
  await sleep(600);
  assert.equal(count(), settled, 'nothing generated after the stop');
});

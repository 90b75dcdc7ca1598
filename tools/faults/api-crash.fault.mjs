// The API SIGKILLed under load and started again on the same data: nothing it acknowledged is lost or half-done.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { join } from 'node:path';
import { deploymentEnv, http, killAll, loadLoops, login, sleep, startApi, tempDir, waitFor } from './lib.mjs';

const tmp = tempDir();
after(() => {
  killAll();
  tmp.remove();
});

test(
  'SIGKILL under 32-connection decrement load: final value = initial − acknowledged − at most the requests in flight',
  { timeout: 120_000 },
  async (t) => {
    const env = deploymentEnv({ SQLITE_PATH: join(tmp.dir, 'counters.sqlite') });
    let api = await startApi(env);
    const token = await login(api.url);
    const initial = 1_000_000;
    const created = await http(api.url, 'POST', '/api/counters', { token, body: { name: 'fault-stock', initial, min: 0 } });
    assert.equal(created.status, 201);
    const id = created.json.id;

    let acked = 0;
    const unexpected = [];
    const base = api.url;
    const load = loadLoops(32, async () => {
      const r = await http(base, 'POST', `/api/counters/${id}/decrement`, { token, body: { amount: 1 } });
      if (r.status === 200) acked++;
      else unexpected.push(r.status);
    });
    await waitFor(() => acked >= 2_000, '2,000 acknowledged decrements', 60_000, 20);
    const inFlightAtKill = load.inFlight();
    const ackedBeforeKill = acked;
    await api.kill('SIGKILL');
    await load.stop();

    api = await startApi(env);
    const after = await http(api.url, 'GET', `/api/counters/${id}`, { token: await login(api.url) });
    const value = after.json.value;
    const lostOrExtra = initial - acked - value;
    t.diagnostic(
      `acknowledged ${acked} (${acked - ackedBeforeKill} answered after the kill signal), in flight at the kill ${inFlightAtKill}, applied but unanswered ${lostOrExtra}`,
    );
    assert.deepEqual(unexpected, [], 'every answered decrement was a 200');
    assert.ok(value <= initial - acked, `no acknowledged decrement is lost (value ${value}, initial − acknowledged ${initial - acked})`);
    assert.ok(
      value >= initial - acked - inFlightAtKill,
      `at most the ${inFlightAtKill} requests in flight were applied without an answer (value ${value})`,
    );
    assert.equal(after.json.version, 1 + (initial - value), 'one version per applied decrement');
    await api.kill('SIGTERM');
  },
);

test('SIGKILL during batch ingestion: every acknowledged batch is stored whole, no batch partly', { timeout: 120_000 }, async (t) => {
  const env = deploymentEnv({ SQLITE_PATH: join(tmp.dir, 'events.sqlite') });
  let api = await startApi(env);
  const token = await login(api.url);
  const SIZE = 250;
  const ackedBatches = new Set();
  const sent = new Set();
  let n = 0;
  const base = api.url;
  const load = loadLoops(2, async () => {
    const tag = `batch-${n++}`;
    sent.add(tag);
    const events = Array.from({ length: SIZE }, (_, i) => ({ type: 'fault', source: tag, title: `${tag} item ${i}`, payload: { i } }));
    const r = await http(base, 'POST', '/api/events/batch', { token, body: { events }, timeoutMs: 20_000 });
    if (r.status === 201 && r.json.count === SIZE) ackedBatches.add(tag);
  });
  await waitFor(() => ackedBatches.size >= 10, '10 acknowledged batches', 60_000, 20);
  await sleep(Math.floor(Math.random() * 50));
  await api.kill('SIGKILL');
  await load.stop();

  api = await startApi(env);
  const token2 = await login(api.url);
  const partial = [];
  const missing = [];
  let stored = 0;
  for (const tag of sent) {
    const r = await http(api.url, 'GET', `/api/events?source=${tag}&pageSize=1`, { token: token2 });
    assert.equal(r.status, 200);
    const total = r.json.total;
    if (total !== 0 && total !== SIZE) partial.push(`${tag}: ${total}`);
    if (ackedBatches.has(tag) && total !== SIZE) missing.push(`${tag}: ${total}`);
    if (total === SIZE) stored++;
  }
  t.diagnostic(`${sent.size} batches sent, ${ackedBatches.size} acknowledged, ${stored} stored whole, ${sent.size - stored} absent`);
  assert.deepEqual(missing, [], 'every acknowledged batch is present whole');
  assert.deepEqual(partial, [], 'no batch is stored in part');
  await api.kill('SIGTERM');
});

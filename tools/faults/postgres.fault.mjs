// PostgreSQL connections cut under load: 503 (never 500) during the cut, recovery without a restart, nothing
// acknowledged lost.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createPgDatabase, deploymentEnv, http, killAll, loadLoops, login, sleep, startApi, waitFor } from './lib.mjs';

let db;
after(() => {
  killAll();
  db?.drop();
});

test(
  'pg_terminate_backend under load: 503 during the cut, recovery without restart, nothing acknowledged lost',
  { timeout: 180_000 },
  async (t) => {
    db = createPgDatabase();
    const api = await startApi(deploymentEnv({ DATABASE_URL: db.url, QUEUE_PROCESSORS: 'off' }));
    const token = await login(api.url);
    const initial = 1_000_000;
    const counter = await http(api.url, 'POST', '/api/counters', { token, body: { name: 'pg-stock', initial, min: 0 } });
    assert.equal(counter.status, 201);
    const id = counter.json.id;

    let phase = 'before';
    const statuses = { before: {}, cut: {}, after: {} };
    let ackedDecrements = 0;
    let unansweredDecrements = 0;
    let ackedEvents = 0;
    const load = loadLoops(
      16,
      async (c) => {
        const p = phase;
        let r;
        try {
          if (c % 2 === 0) {
            r = await http(api.url, 'POST', `/api/counters/${id}/decrement`, { token, body: {} });
            if (r.status === 200) ackedDecrements++;
            else unansweredDecrements++;
          } else {
            r = await http(api.url, 'POST', '/api/events', { token, body: { type: 'pg-cut', source: 'pg-cut', title: `c${c}` } });
            if (r.status === 201) ackedEvents++;
          }
        } catch (e) {
          if (c % 2 === 0) unansweredDecrements++;
          throw e;
        }
        statuses[p][r.status] = (statuses[p][r.status] ?? 0) + 1;
      },
      { maxMs: 60_000 },
    );
    await sleep(1_500);
    phase = 'cut';
    const cutUntil = Date.now() + 3_000;
    let terminated = 0;
    while (Date.now() < cutUntil) {
      terminated += Number(
        db.psql(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '${db.name}' AND pid <> pg_backend_pid()`),
      );
      await sleep(100);
    }
    phase = 'after';
    // Recovery without a restart: the same process answers writes again.
    await waitFor(
      async () =>
        (await http(api.url, 'POST', '/api/events', { token, body: { type: 'probe', source: 'probe', title: 'after the cut' } })).status ===
        201,
      'writes to succeed again',
      30_000,
    );
    await sleep(1_500);
    await load.stop();

    const value = (await http(api.url, 'GET', `/api/counters/${id}`, { token })).json.value;
    const events = (await http(api.url, 'GET', '/api/events?source=pg-cut&pageSize=1', { token })).json.total;
    t.diagnostic(`${terminated} connections terminated; answers ${JSON.stringify(statuses)}`);
    t.diagnostic(
      `decrements: ${ackedDecrements} acknowledged, ${unansweredDecrements} not; events: ${ackedEvents} acknowledged, ${events} stored`,
    );
    for (const p of ['before', 'cut', 'after'])
      assert.ok(!Object.keys(statuses[p]).some((s) => Number(s) >= 500 && Number(s) !== 503), `no 5xx other than 503 (${p})`);
    assert.ok(terminated > 0, 'the cut terminated connections');
    assert.ok(statuses.cut['503'] > 0 || statuses.cut['200'] > 0, 'requests were answered during the cut');
    assert.ok(statuses.after['200'] > 0 && statuses.after['201'] > 0, 'writes succeed after the cut without a restart');
    assert.ok(value <= initial - ackedDecrements, 'no acknowledged decrement lost');
    assert.ok(value >= initial - ackedDecrements - unansweredDecrements, 'nothing applied beyond what was sent');
    assert.ok(events >= ackedEvents, 'every acknowledged event is stored');
    await api.kill('SIGTERM');
  },
);

// Fault 6: the upstream Ethereum node goes away while blocks keep being mined, then comes back on the same address.
// The feed reconnects with backoff, fetches the blocks it missed by number, and the stored chain has no hole and no
// duplicate. Real API process (SQLite), a local fake node; loopback only.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { join } from 'node:path';
import { FakeEthNode } from '../testing/fake-eth-node.cjs';
import { deploymentEnv, http, killAll, login, sleep, startApi, tempDir, waitFor } from './lib.mjs';

const tmp = tempDir();
after(() => {
  killAll();
  tmp.remove();
});

test('the upstream feed dropped and restored: no hole, no duplicate', { timeout: 120_000 }, async (t) => {
  const node = await new FakeEthNode().start();
  const api = await startApi(deploymentEnv({ SQLITE_PATH: join(tmp.dir, 'feed.sqlite'), FEED_BLOCKS_WS_URL: node.url }));
  const token = await login(api.url);
  await waitFor(() => node.subscribeCalls === 1, 'the subscription', 15_000);
  const first = 5_000;
  let n = first;
  for (; n < first + 10; n++) {
    node.mine(n);
    await sleep(20);
  }
  await node.stop(); // the node is gone: connection refused until it returns
  const downAt = Date.now();
  for (; n < first + 40; n++) node.mine(n, { silent: true }); // mined while the feed cannot hear
  await sleep(1_500);
  await node.start(); // same port
  await waitFor(() => node.subscribeCalls === 2, 'the resubscription after the node returned', 45_000);
  const reconnectMs = Date.now() - downAt;
  node.mine(n); // the next head reveals the hole
  const last = n;
  const stored = await waitFor(
    async () => {
      const r = await http(api.url, 'GET', '/api/feeds/blocks/recent?limit=100', { token });
      return r.status === 200 && r.json.length >= last - first + 1 && r.json[0].number === last ? r.json : null;
    },
    `blocks ${first}..${last} stored`,
    30_000,
  );
  const numbers = stored.map((b) => b.number).reverse();
  assert.deepEqual(
    numbers,
    Array.from({ length: last - first + 1 }, (_, i) => first + i),
    'no hole, no duplicate',
  );
  assert.equal(new Set(stored.map((b) => b.hash)).size, stored.length);
  for (const b of stored) assert.equal(b.hash, FakeEthNode.hash(b.number));
  const events = await http(api.url, 'GET', '/api/events?source=blocks&pageSize=1', { token });
  assert.equal(events.json.total, last - first + 1, 'one event per block');
  t.diagnostic(
    `${last - first + 1} blocks, ${node.byNumberCalls} fetched by number after ${reconnectMs} ms away; none missing, none twice`,
  );
  await api.kill('SIGTERM');
  await node.stop();
});

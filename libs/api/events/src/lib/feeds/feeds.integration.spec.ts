import { createTestApp, nextSocketEvent, TestApp, waitFor } from '@pulseboard/api/testing';
import type { Block, FeedInfo, Page, PulseEvent, SubscribeAck } from '@pulseboard/shared/contracts';
import { EVENTS_MIGRATIONS } from '../migrations';
import { EventsModule } from '../events.module';
import { blockFromHead } from './block-convert';
import { BlocksFeedService } from './blocks-feed.service';
// The same fake node the fault suite and the topology test use (CommonJS, so jest loads it as it is).
import { FakeEthNode } from '../../../../../../tools/testing/fake-eth-node.cjs';

describe('blocks feed', () => {
  it('converts a newHeads header from hex to the Block shape', () => {
    const b = blockFromHead(
      {
        number: '0x1b4',
        hash: '0xABCD',
        parentHash: '0x01',
        timestamp: '0x6553f100',
        miner: '0xFF',
        gasUsed: '0x5208',
        gasLimit: '0x1c9c380',
        baseFeePerGas: '0x7',
      },
      new Date('2024-01-01T00:00:00Z'),
    );
    expect(b).toEqual({
      number: 436,
      hash: '0xabcd',
      parentHash: '0x01',
      timestamp: '2023-11-14T22:13:20.000Z',
      miner: '0xff',
      gasUsed: 21000,
      gasLimit: 30_000_000,
      baseFeePerGas: 7,
      receivedAt: '2024-01-01T00:00:00.000Z',
    });
    expect(
      blockFromHead({ number: '0x1', hash: '0x', parentHash: '0x', timestamp: '0x0', miner: '0x', gasUsed: '0x0', gasLimit: '0x0' })
        .baseFeePerGas,
    ).toBeNull();
    expect(() => blockFromHead({ number: '12', hash: '0x' })).toThrow(/number/);
  });

  describe('following an upstream JSON-RPC WebSocket', () => {
    let node: FakeEthNode;
    let t: TestApp;
    let viewer: string;

    beforeAll(async () => {
      node = await new FakeEthNode().start();
      t = await createTestApp({ imports: [EventsModule], migrations: EVENTS_MIGRATIONS, env: { FEED_BLOCKS_WS_URL: node.url } });
      viewer = await t.tokenFor('viewer');
      await waitFor(() => node.subscribeCalls === 1, { what: 'eth_subscribe' });
    });
    afterAll(async () => {
      await t?.close();
      await node.stop();
    });

    it('reports the feed as an upstream, connected', async () => {
      const res = await t.http().get('/api/feeds').set('Authorization', `Bearer ${viewer}`).expect(200);
      expect(res.body as FeedInfo[]).toEqual([{ name: 'blocks', mode: 'upstream', status: 'connected', lastItemAt: null }]);
    });

    it('fans every block out to several sockets over ONE upstream subscription, and stores it as an event', async () => {
      const sockets = await Promise.all([1, 2, 3].map(() => t.socket(viewer)));
      await Promise.all(sockets.map((s) => s.emitWithAck('subscribe', { topics: ['blocks'] })));
      const received = sockets.map((s) => nextSocketEvent<Block>(s, 'block.received', (b) => b.number === 100));
      node.mine(100);
      for (const b of await Promise.all(received)) {
        // Block n of the fake chain: 15M gas used, a 1 gwei base fee, mined at 1,700,000,000 + 12 n seconds.
        expect(b).toMatchObject({ number: 100, gasUsed: 15_000_000, baseFeePerGas: 1_000_000_000, timestamp: '2023-11-14T22:33:20.000Z' });
      }
      expect(node.subscribeCalls).toBe(1);
      expect(node.connections).toBe(1);
      const stored = await waitFor(
        async () => {
          const p = (await t.http().get('/api/events').query({ type: 'block', source: 'blocks' }).set('Authorization', `Bearer ${viewer}`))
            .body as Page<PulseEvent>;
          return p.items.find((e) => e.title === 'Block #100');
        },
        { what: 'the stored block event' },
      );
      expect(stored.payload).toMatchObject({ number: 100, hash: FakeEthNode.hash(100) });
    });

    it('replays the last 5 blocks newest first in the subscribe ack, and serves /recent', async () => {
      for (let n = 101; n <= 106; n++) node.mine(n);
      await waitFor(
        async () =>
          (await t.http().get('/api/feeds/blocks/recent?limit=1').set('Authorization', `Bearer ${viewer}`)).body[0]?.number === 106,
      );
      const s = await t.socket(viewer);
      const ack = (await s.emitWithAck('subscribe', { topics: ['blocks'] })) as SubscribeAck;
      expect((ack.replay['blocks'] as Block[]).map((b) => b.number)).toEqual([106, 105, 104, 103, 102]);
      const recent = await t.http().get('/api/feeds/blocks/recent').set('Authorization', `Bearer ${viewer}`).expect(200);
      expect((recent.body as Block[]).map((b) => b.number)).toEqual([106, 105, 104, 103, 102]);
      const ten = await t.http().get('/api/feeds/blocks/recent?limit=10').set('Authorization', `Bearer ${viewer}`).expect(200);
      expect((ten.body as Block[]).map((b) => b.number)).toEqual([106, 105, 104, 103, 102, 101, 100]);
    });

    it.each(['0', '101', 'five', '2.5'])('answers 400 for limit=%s', async (limit) => {
      await t.http().get(`/api/feeds/blocks/recent?limit=${limit}`).set('Authorization', `Bearer ${viewer}`).expect(400);
    });

    it('reconnects and resubscribes after the upstream drops, and keeps delivering', async () => {
      const s = await t.socket(viewer);
      await s.emitWithAck('subscribe', { topics: ['blocks'] });
      node.dropAll();
      await waitFor(() => node.subscribeCalls === 2, { what: 'the resubscription' });
      const got = nextSocketEvent<Block>(s, 'block.received', (b) => b.number === 200);
      node.mine(200);
      expect((await got).number).toBe(200);
      expect(node.connections).toBe(1);
      const feeds = await t.http().get('/api/feeds').set('Authorization', `Bearer ${viewer}`).expect(200);
      expect(feeds.body[0]).toMatchObject({ status: 'connected', lastItemAt: expect.any(String) });
    });
  });

  describe('no hole, no duplicate', () => {
    let node: FakeEthNode;
    const apps: TestApp[] = [];
    afterEach(async () => {
      for (const a of apps.splice(0).reverse()) await a.close({ keepData: true }).catch(() => undefined);
      await node?.stop();
    });

    const storedNumbers = async (t: TestApp) =>
      ((await t.dataSource().query('SELECT number FROM blocks ORDER BY number')) as { number: number }[]).map((r) => Number(r.number));
    const blockEvents = async (t: TestApp) =>
      Number((await t.dataSource().query(`SELECT COUNT(*) AS n FROM events WHERE source = 'blocks'`))[0].n);
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

    it('fetches the blocks missed while the upstream was away, by number, and stores each once', async () => {
      node = await new FakeEthNode().start();
      const t = await createTestApp({ imports: [EventsModule], migrations: EVENTS_MIGRATIONS, env: { FEED_BLOCKS_WS_URL: node.url } });
      apps.push(t);
      const viewer = await t.tokenFor('viewer');
      await waitFor(() => node.subscribeCalls === 1, { what: 'eth_subscribe' });
      const s = await t.socket(viewer);
      await s.emitWithAck('subscribe', { topics: ['blocks'] });
      const pushed: number[] = [];
      s.on('block.received', (b: Block) => pushed.push(b.number));
      for (let n = 500; n <= 502; n++) node.mine(n);
      await waitFor(async () => (await storedNumbers(t)).length === 3, { what: 'blocks 500..502' });
      node.dropAll();
      node.mine(510, { silent: true }); // mined while the feed is away
      await waitFor(() => node.subscribeCalls === 2, { what: 'the resubscription' });
      node.mine(511);
      node.mine(511); // the same head twice (a resubscription repeats the current one)
      await waitFor(async () => (await storedNumbers(t)).length === 12, { what: 'blocks 503..511' });
      expect(await storedNumbers(t)).toEqual(range(500, 511));
      expect(await blockEvents(t)).toBe(12);
      expect(node.byNumberCalls).toBe(8);
      await waitFor(() => pushed.length === 12, { what: 'every block pushed' });
      expect(pushed).toEqual(range(500, 511)); // in order, each once
    });

    it('reports an upstream down at start, connects with backoff once it is up, and starts the chain there', async () => {
      // A port nobody listens on, then a node there.
      const probe = await new FakeEthNode().start();
      const port = Number(new URL(probe.url).port);
      await probe.stop();
      const t = await createTestApp({
        imports: [EventsModule],
        migrations: EVENTS_MIGRATIONS,
        env: { FEED_BLOCKS_WS_URL: `ws://127.0.0.1:${port}` },
      });
      apps.push(t);
      const viewer = await t.tokenFor('viewer');
      const feed = async () =>
        ((await t.http().get('/api/feeds').set('Authorization', `Bearer ${viewer}`).expect(200)).body as FeedInfo[])[0];
      await waitFor(async () => (await feed()).status === 'disconnected', { what: 'the failed first connection' });
      node = await new FakeEthNode().start(port);
      await waitFor(() => node.subscribeCalls === 1, { what: 'the connection once the node is up', timeoutMs: 10_000 });
      expect((await feed()).status).toBe('connected');
      node.mine(700);
      await waitFor(async () => (await storedNumbers(t)).length === 1, { what: 'block 700' });
    });

    it('runs one upstream in a cluster; when its holder stops, another instance takes over within 5 s and fetches what it missed', async () => {
      node = await new FakeEthNode().start();
      const env = { FEED_BLOCKS_WS_URL: node.url, SOCKET_ADAPTER: 'redis' };
      const a = await createTestApp({ imports: [EventsModule], migrations: EVENTS_MIGRATIONS, env });
      apps.push(a);
      const b = await createTestApp({
        imports: [EventsModule],
        migrations: EVENTS_MIGRATIONS,
        env,
        sqlitePath: a.sqlitePath,
        queuePrefix: a.queuePrefix,
      });
      apps.push(b);
      const viewer = await a.tokenFor('viewer');
      await waitFor(() => node.subscribeCalls === 1, { what: 'one subscription' });
      const [holder, other] = a.get(BlocksFeedService).isHolder() ? [a, b] : [b, a];
      expect(other.get(BlocksFeedService).isHolder()).toBe(false);
      const s = await other.socket(viewer);
      await s.emitWithAck('subscribe', { topics: ['blocks'] });
      const pushed: number[] = [];
      s.on('block.received', (bl: Block) => pushed.push(bl.number));
      node.mine(900);
      node.mine(901);
      await waitFor(() => pushed.length === 2, { what: 'blocks through the other instance' });
      expect(node.connections).toBe(1);
      const feeds = (await other.http().get('/api/feeds').set('Authorization', `Bearer ${viewer}`).expect(200)).body as FeedInfo[];
      expect(feeds[0]).toMatchObject({ mode: 'upstream', status: 'connected' });
      const stoppedAt = Date.now();
      await holder.close({ keepData: true });
      apps.splice(apps.indexOf(holder), 1);
      node.mine(905, { silent: true });
      await waitFor(() => node.subscribeCalls === 2, { what: 'the takeover', timeoutMs: 5_000 });
      expect(Date.now() - stoppedAt).toBeLessThan(5_000);
      node.mine(906);
      await waitFor(async () => (await storedNumbers(other)).length === 7, { what: 'blocks 902..906' });
      expect(await storedNumbers(other)).toEqual(range(900, 906));
      expect(await blockEvents(other)).toBe(7);
      await waitFor(() => pushed.length === 7, { what: 'every block on the socket' });
      expect(pushed).toEqual(range(900, 906));
    });
  });

  describe('without an upstream', () => {
    let t: TestApp;
    afterAll(() => t.close());

    it('runs a simulated chain at FEED_BLOCKS_SIM_INTERVAL_MS with consecutive, linked blocks', async () => {
      t = await createTestApp({ imports: [EventsModule], migrations: EVENTS_MIGRATIONS, env: { FEED_BLOCKS_SIM_INTERVAL_MS: '100' } });
      const viewer = await t.tokenFor('viewer');
      const feeds = await t.http().get('/api/feeds').set('Authorization', `Bearer ${viewer}`).expect(200);
      expect(feeds.body[0]).toMatchObject({ name: 'blocks', mode: 'simulated', status: 'connected' });
      const blocks = await waitFor(
        async () => {
          const r = (await t.http().get('/api/feeds/blocks/recent?limit=3').set('Authorization', `Bearer ${viewer}`)).body as Block[];
          return r.length === 3 ? r : null;
        },
        { what: '3 simulated blocks' },
      );
      expect(blocks[0].number).toBe(blocks[1].number + 1);
      expect(blocks[0].parentHash).toBe(blocks[1].hash);
      for (const b of blocks) {
        expect(b.hash).toMatch(/^0x[0-9a-f]{64}$/);
        expect(b.miner).toMatch(/^0x[0-9a-f]{40}$/);
        expect(b.gasUsed).toBeLessThanOrEqual(b.gasLimit);
        expect(b.baseFeePerGas).toBeGreaterThan(0);
      }
    });
  });
});

// A local Ethereum JSON-RPC WebSocket node for tests (the feeds spec, the fault suite, the topology test): answers
// eth_subscribe newHeads and eth_getBlockByNumber over a deterministic chain (block n's hash derives from n), and
// lets a test mine blocks with or without announcing them, drop its clients, stop and start again on the same port.
// Loopback only. CommonJS so that jest specs and ESM scripts both load it; types in fake-eth-node.d.cts.
'use strict';
const { WebSocketServer } = require('ws');

const hex = (n) => `0x${n.toString(16)}`;

class FakeEthNode {
  subscribeCalls = 0;
  byNumberCalls = 0;
  /** Highest block mined (announced or not). */
  mined = 0;
  #wss = null;
  #clients = new Set();
  #port = 0;

  async start(port = this.#port) {
    this.#wss = new WebSocketServer({ port, host: '127.0.0.1' });
    await new Promise((resolve, reject) => {
      this.#wss.once('listening', resolve);
      this.#wss.once('error', reject);
    });
    this.#port = this.#wss.address().port;
    this.#wss.on('connection', (ws) => {
      this.#clients.add(ws);
      ws.on('close', () => this.#clients.delete(ws));
      ws.on('error', () => undefined);
      ws.on('message', (raw) => {
        let msg;
        try {
          msg = JSON.parse(raw.toString());
        } catch {
          return;
        }
        if (msg.method === 'eth_subscribe') {
          this.subscribeCalls++;
          ws.subscription = `0xsub${this.subscribeCalls}`;
          ws.send(JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: ws.subscription }));
        } else if (msg.method === 'eth_getBlockByNumber') {
          this.byNumberCalls++;
          const n = Number(BigInt(msg.params[0]));
          ws.send(JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: n <= this.mined ? FakeEthNode.header(n) : null }));
        }
      });
    });
    return this;
  }

  get url() {
    return `ws://127.0.0.1:${this.#port}`;
  }

  get connections() {
    return this.#clients.size;
  }

  static hash(n) {
    return `0x${n.toString(16).padStart(64, 'b')}`;
  }

  static header(n) {
    return {
      number: hex(n),
      hash: FakeEthNode.hash(n),
      parentHash: FakeEthNode.hash(n - 1),
      timestamp: hex(1_700_000_000 + n * 12),
      miner: '0x95222290dd7278aa3ddd389cc1e1d165cc4bafe5',
      gasUsed: '0xe4e1c0',
      gasLimit: '0x1c9c380',
      baseFeePerGas: '0x3b9aca00',
    };
  }

  /** Mines block `n` (and everything below it); announces it to every subscribed client unless `silent`. */
  mine(n, { silent = false } = {}) {
    this.mined = Math.max(this.mined, n);
    if (silent) return;
    for (const c of this.#clients) {
      if (!c.subscription) continue;
      c.send(
        JSON.stringify({
          jsonrpc: '2.0',
          method: 'eth_subscription',
          params: { subscription: c.subscription, result: FakeEthNode.header(n) },
        }),
      );
    }
  }

  dropAll() {
    for (const c of this.#clients) c.terminate();
  }

  async stop() {
    this.dropAll();
    if (this.#wss) await new Promise((r) => this.#wss.close(() => r()));
    this.#wss = null;
  }
}

module.exports = { FakeEthNode };

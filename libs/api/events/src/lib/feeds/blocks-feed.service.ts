import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import WebSocket from 'ws';
import { ClusterLeases, InjectConfig, Lease, PulseboardConfig, REDIS } from '@pulseboard/api/core';
import { RealtimePublisher, RealtimeReplay } from '@pulseboard/api/realtime';
import { Block, BLOCKS_REPLAY_COUNT, FeedInfo, FeedStatus, ServerEvents } from '@pulseboard/shared/contracts';
import { blockFromHead, simulatedBlock } from './block-convert';
import { BlocksStore } from './blocks.store';

export const RECONNECT_BASE_MS = 250;
export const RECONNECT_MAX_MS = 30_000;
/** Blocks fetched by number to fill a hole after the upstream (or the feed's holder) was away: the newest ones. */
export const BACKFILL_MAX = 100;
const RPC_TIMEOUT_MS = 10_000;
/** The holder's view of the feed, for the other instances' `GET /api/feeds`: refreshed every second. */
const STATUS_EVERY_MS = 1_000;
const STATUS_TTL_MS = 5_000;

type RpcReply = {
  id?: number;
  result?: unknown;
  error?: { message?: string };
  method?: string;
  params?: { subscription?: string; result?: unknown };
};

/**
 * The `blocks` feed: ONE upstream `eth_subscribe newHeads` (or a simulated chain) in the whole cluster, run by the
 * holder of the `blocks-feed` lease and fanned out to every subscribed socket of every instance through the
 * `blocks` topic (the Redis socket adapter). Each block is stored once (by hash) with its event. When the upstream
 * comes back, or another instance takes the feed over, the blocks missed meanwhile are fetched by number
 * (`eth_getBlockByNumber`, the newest BACKFILL_MAX) so the stored chain has no hole.
 */
@Injectable()
export class BlocksFeedService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BlocksFeedService.name);
  private readonly lease: Lease;
  private status: FeedStatus = 'disconnected';
  private lastItemAt: string | null = null;
  /** The newest block stored: the next head must follow it, or the hole between is filled first. */
  private head: Block | null = null;
  private ws: WebSocket | null = null;
  private subscriptionId: string | null = null;
  private rpcId = 0;
  private readonly calls = new Map<number, { resolve: (r: RpcReply) => void; timer: NodeJS.Timeout }>();
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private simTimer: NodeJS.Timeout | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  /** Blocks are taken one at a time, in arrival order (a backfill finishes before the head that revealed it). */
  private queue: Promise<void> = Promise.resolve();
  private running = false;
  private stopped = false;
  private unwatch?: () => void;

  constructor(
    @InjectConfig() private readonly cfg: PulseboardConfig,
    private readonly publisher: RealtimePublisher,
    private readonly replay: RealtimeReplay,
    private readonly store: BlocksStore,
    @Inject(REDIS) private readonly redis: Redis,
    leases: ClusterLeases,
  ) {
    this.lease = leases.lease('blocks-feed');
  }

  get mode(): 'upstream' | 'simulated' {
    return this.cfg.feedBlocksWsUrl ? 'upstream' : 'simulated';
  }

  /** Whether this instance runs the feed now. */
  isHolder(): boolean {
    return this.running;
  }

  onApplicationBootstrap(): void {
    // Newest first, like GET /feeds/blocks/recent.
    this.replay.register('blocks', () => this.recent(BLOCKS_REPLAY_COUNT));
    this.unwatch = this.lease.onChange((held) => (held ? void this.start() : this.halt()));
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.unwatch?.();
    this.halt();
  }

  async info(): Promise<FeedInfo> {
    if (this.running || this.lease.state() === 'held') return this.localInfo();
    try {
      const raw = await this.redis.get(this.statusKey());
      if (raw) return { ...(JSON.parse(raw) as FeedInfo), name: 'blocks', mode: this.mode };
    } catch {
      // Redis away: nobody can say more than that the feed is not here.
    }
    const newest = await this.store.newest().catch(() => null);
    return { name: 'blocks', mode: this.mode, status: 'disconnected', lastItemAt: newest?.receivedAt ?? null };
  }

  recent(limit: number): Promise<Block[]> {
    return this.store.recent(limit);
  }

  private localInfo(): FeedInfo {
    return { name: 'blocks', mode: this.mode, status: this.status, lastItemAt: this.lastItemAt };
  }

  private async start(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    this.head = await this.store.newest().catch((e: Error) => {
      this.logger.warn(`could not read the last stored block (${e.message}); the next head starts the chain`);
      return null;
    });
    if (!this.running) return; // lost the lease meanwhile
    this.lastItemAt = this.head?.receivedAt ?? null;
    this.logger.log(`this instance runs the blocks feed (${this.mode}), from block ${this.head?.number ?? 'none'}`);
    this.statusTimer = setInterval(() => void this.shareStatus(), STATUS_EVERY_MS);
    if (this.cfg.feedBlocksWsUrl) this.connect(this.cfg.feedBlocksWsUrl);
    else {
      this.setStatus('connected');
      this.simTimer = setInterval(() => this.take(simulatedBlock(this.head)), this.cfg.feedBlocksSimIntervalMs);
    }
  }

  /** Stops the upstream here (the lease moved, or shutdown). */
  private halt(): void {
    if (!this.running) return;
    this.running = false;
    if (this.simTimer) clearInterval(this.simTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.statusTimer) clearInterval(this.statusTimer);
    this.simTimer = this.reconnectTimer = this.statusTimer = null;
    for (const [, c] of this.calls) {
      clearTimeout(c.timer);
      c.resolve({ error: { message: 'the feed stopped here' } });
    }
    this.calls.clear();
    const ws = this.ws;
    this.ws = null;
    ws?.removeAllListeners();
    ws?.on('error', () => undefined);
    ws?.terminate();
    this.status = 'disconnected';
    if (!this.stopped) this.logger.log('this instance no longer runs the blocks feed');
  }

  private setStatus(status: FeedStatus): void {
    this.status = status;
    void this.shareStatus();
  }

  private async shareStatus(): Promise<void> {
    if (!this.running) return;
    await this.redis.set(this.statusKey(), JSON.stringify(this.localInfo()), 'PX', STATUS_TTL_MS).catch(() => undefined);
  }

  private statusKey(): string {
    return `${this.cfg.queuePrefix}:feed:blocks`;
  }

  private connect(url: string): void {
    this.setStatus('connecting');
    this.subscriptionId = null;
    const ws = new WebSocket(url, { handshakeTimeout: 10_000 });
    this.ws = ws;
    ws.on('open', () => {
      this.attempt = 0;
      this.setStatus('connected');
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: ++this.rpcId, method: 'eth_subscribe', params: ['newHeads'] }));
    });
    ws.on('message', (raw) => this.onMessage(raw.toString()));
    ws.on('error', (e) => this.logger.warn(`blocks upstream error: ${e.message}`));
    ws.on('close', () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.setStatus('disconnected');
      this.scheduleReconnect(url);
    });
  }

  /** Exponential backoff with full jitter: 250 ms, 500 ms, 1 s ... capped at 30 s. */
  private scheduleReconnect(url: string): void {
    if (this.stopped || !this.running) return;
    const cap = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** this.attempt);
    this.attempt++;
    const delay = cap / 2 + Math.random() * (cap / 2);
    this.reconnectTimer = setTimeout(() => this.connect(url), delay);
  }

  private onMessage(text: string): void {
    let msg: RpcReply;
    try {
      msg = JSON.parse(text);
    } catch {
      this.logger.warn('blocks upstream sent malformed JSON');
      return;
    }
    if (msg.id !== undefined) {
      const call = this.calls.get(msg.id);
      if (call) {
        this.calls.delete(msg.id);
        clearTimeout(call.timer);
        call.resolve(msg);
      } else if (msg.error) this.logger.warn(`eth_subscribe refused: ${msg.error.message ?? 'unknown error'}`);
      else if (typeof msg.result === 'string') this.subscriptionId = msg.result;
      return;
    }
    if (msg.method !== 'eth_subscription' || !msg.params) return;
    if (this.subscriptionId && msg.params.subscription !== this.subscriptionId) return;
    try {
      this.take(blockFromHead(msg.params.result as Record<string, unknown>));
    } catch (e) {
      this.logger.warn(`skipped a malformed block header: ${(e as Error).message}`);
    }
  }

  private take(block: Block): void {
    this.queue = this.queue.then(() => this.accept(block)).catch((e: Error) => this.logger.warn(`blocks feed: ${e.message}`));
  }

  /** Fills the hole before `block` if there is one, then stores and pushes it. */
  private async accept(block: Block): Promise<void> {
    if (!this.running) return;
    if (this.head && block.number > this.head.number + 1 && this.mode === 'upstream')
      await this.backfill(this.head.number + 1, block.number - 1);
    await this.keep(block);
  }

  private async backfill(from: number, to: number): Promise<void> {
    const first = Math.max(from, to - BACKFILL_MAX + 1);
    if (first > from)
      this.logger.warn(`blocks ${from}..${first - 1} are too far back to fetch (at most ${BACKFILL_MAX}): they stay missing`);
    this.logger.log(`fetching the missed blocks ${first}..${to}`);
    for (let n = first; n <= to && this.running; n++) {
      const reply = await this.call('eth_getBlockByNumber', [`0x${n.toString(16)}`, false]);
      if (reply.error || !reply.result) {
        this.logger.warn(
          `could not fetch block ${n}: ${reply.error?.message ?? 'the node does not have it'}; blocks ${n}..${to} stay missing`,
        );
        return;
      }
      try {
        await this.keep(blockFromHead(reply.result as Record<string, unknown>));
      } catch (e) {
        this.logger.warn(`skipped block ${n}: ${(e as Error).message}`);
      }
    }
  }

  private call(method: string, params: unknown[]): Promise<RpcReply> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.resolve({ error: { message: 'the upstream is not connected' } });
    const id = ++this.rpcId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.calls.delete(id);
        resolve({ error: { message: `no answer to ${method} within ${RPC_TIMEOUT_MS} ms` } });
      }, RPC_TIMEOUT_MS);
      this.calls.set(id, { resolve, timer });
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /** Stores the block unless stored already (a resubscription, an overlap of two holders), then pushes it once. */
  private async keep(block: Block): Promise<void> {
    // Fencing: a holder that lost the lease stores nothing more (the next holder fetches what it did not store).
    const fence = this.lease.token();
    if (fence === null) return;
    let stored: boolean;
    try {
      stored = await this.store.store(block, fence);
    } catch (e) {
      this.logger.warn(`could not store block ${block.number}: ${(e as Error).message}`);
      return;
    }
    if (!this.head || block.number >= this.head.number) this.head = block;
    if (!stored) return;
    this.lastItemAt = block.receivedAt;
    this.publisher.publish(ServerEvents.blockReceived, block, ['blocks']);
  }
}

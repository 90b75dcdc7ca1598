import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import WebSocket from 'ws';
import { InjectConfig, PulseboardConfig } from '@pulseboard/api/core';
import { RealtimePublisher, RealtimeReplay } from '@pulseboard/api/realtime';
import { Block, BLOCKS_RECENT_MAX, BLOCKS_REPLAY_COUNT, FeedInfo, FeedStatus, ServerEvents } from '@pulseboard/shared/contracts';
import { EventsService } from '../events.service';
import { blockFromHead, simulatedBlock } from './block-convert';

export const RECONNECT_BASE_MS = 250;
export const RECONNECT_MAX_MS = 30_000;

/**
 * The `blocks` feed: ONE upstream `eth_subscribe newHeads` (or a simulated chain) per API instance, fanned out to
 * every subscribed socket through the `blocks` topic. With several API instances each runs its own upstream
 * (and stores its own copy of each block as an event).
 */
@Injectable()
export class BlocksFeedService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BlocksFeedService.name);
  private readonly recentBlocks: Block[] = [];
  private status: FeedStatus = 'disconnected';
  private lastItemAt: string | null = null;
  private ws: WebSocket | null = null;
  private subscriptionId: string | null = null;
  private rpcId = 0;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private simTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    @InjectConfig() private readonly cfg: PulseboardConfig,
    private readonly publisher: RealtimePublisher,
    private readonly replay: RealtimeReplay,
    private readonly events: EventsService,
  ) {}

  get mode(): 'upstream' | 'simulated' {
    return this.cfg.feedBlocksWsUrl ? 'upstream' : 'simulated';
  }

  onApplicationBootstrap(): void {
    // Newest first, like GET /feeds/blocks/recent.
    this.replay.register('blocks', () => this.recent(BLOCKS_REPLAY_COUNT));
    if (this.cfg.feedBlocksWsUrl) this.connect(this.cfg.feedBlocksWsUrl);
    else {
      this.status = 'connected';
      this.simTimer = setInterval(() => this.receive(simulatedBlock(this.recentBlocks[0] ?? null)), this.cfg.feedBlocksSimIntervalMs);
    }
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.simTimer) clearInterval(this.simTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.ws?.removeAllListeners();
    this.ws?.on('error', () => undefined);
    this.ws?.terminate();
    this.status = 'disconnected';
  }

  info(): FeedInfo {
    return { name: 'blocks', mode: this.mode, status: this.status, lastItemAt: this.lastItemAt };
  }

  recent(limit: number): Block[] {
    return this.recentBlocks.slice(0, limit);
  }

  private connect(url: string): void {
    this.status = 'connecting';
    this.subscriptionId = null;
    const ws = new WebSocket(url, { handshakeTimeout: 10_000 });
    this.ws = ws;
    ws.on('open', () => {
      this.attempt = 0;
      this.status = 'connected';
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: ++this.rpcId, method: 'eth_subscribe', params: ['newHeads'] }));
    });
    ws.on('message', (raw) => this.onMessage(raw.toString()));
    ws.on('error', (e) => this.logger.warn(`blocks upstream error: ${e.message}`));
    ws.on('close', () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.status = 'disconnected';
      this.scheduleReconnect(url);
    });
  }

  /** Exponential backoff with full jitter: 250 ms, 500 ms, 1 s ... capped at 30 s. */
  private scheduleReconnect(url: string): void {
    if (this.stopped) return;
    const cap = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** this.attempt);
    this.attempt++;
    const delay = cap / 2 + Math.random() * (cap / 2);
    this.reconnectTimer = setTimeout(() => this.connect(url), delay);
  }

  private onMessage(text: string): void {
    let msg: { id?: number; result?: unknown; error?: { message?: string }; method?: string; params?: { subscription?: string; result?: unknown } };
    try {
      msg = JSON.parse(text);
    } catch {
      this.logger.warn('blocks upstream sent malformed JSON');
      return;
    }
    if (msg.id !== undefined) {
      if (msg.error) this.logger.warn(`eth_subscribe refused: ${msg.error.message ?? 'unknown error'}`);
      else if (typeof msg.result === 'string') this.subscriptionId = msg.result;
      return;
    }
    if (msg.method !== 'eth_subscription' || !msg.params) return;
    if (this.subscriptionId && msg.params.subscription !== this.subscriptionId) return;
    try {
      this.receive(blockFromHead(msg.params.result as Record<string, unknown>));
    } catch (e) {
      this.logger.warn(`skipped a malformed block header: ${(e as Error).message}`);
    }
  }

  private receive(block: Block): void {
    // A resubscription may deliver the current head again.
    if (this.recentBlocks.some((b) => b.hash === block.hash)) return;
    this.recentBlocks.unshift(block);
    if (this.recentBlocks.length > BLOCKS_RECENT_MAX) this.recentBlocks.length = BLOCKS_RECENT_MAX;
    this.lastItemAt = block.receivedAt;
    this.publisher.publish(ServerEvents.blockReceived, block, ['blocks']);
    this.events
      .create({ type: 'block', source: 'blocks', title: `Block #${block.number}`, severity: 'info', payload: { ...block }, occurredAt: block.timestamp })
      .catch((e: Error) => this.logger.warn(`could not store block ${block.number}: ${e.message}`));
  }
}

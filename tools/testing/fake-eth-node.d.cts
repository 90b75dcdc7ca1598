/** A block header as eth_subscribe newHeads and eth_getBlockByNumber give it (hex quantities). */
export interface FakeHeader {
  number: string;
  hash: string;
  parentHash: string;
  timestamp: string;
  miner: string;
  gasUsed: string;
  gasLimit: string;
  baseFeePerGas: string;
}

/** A local Ethereum JSON-RPC WebSocket node over a deterministic chain (see fake-eth-node.cjs). */
export declare class FakeEthNode {
  subscribeCalls: number;
  byNumberCalls: number;
  /** Highest block mined (announced or not). */
  mined: number;
  /** Listens on 127.0.0.1 (`port` 0: a free one; by default the port of the previous start). */
  start(port?: number): Promise<this>;
  readonly url: string;
  readonly connections: number;
  static hash(n: number): string;
  static header(n: number): FakeHeader;
  /** Mines block `n` (and everything below it); announces it to every subscribed client unless `silent`. */
  mine(n: number, opts?: { silent?: boolean }): void;
  dropAll(): void;
  stop(): Promise<void>;
}

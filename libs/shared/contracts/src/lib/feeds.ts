import type { IsoDateString } from './common';

export interface Block {
  number: number;
  hash: string;
  parentHash: string;
  timestamp: IsoDateString;
  miner: string;
  gasUsed: number;
  gasLimit: number;
  baseFeePerGas: number | null;
  receivedAt: IsoDateString;
}

export type FeedMode = 'upstream' | 'simulated';
export type FeedStatus = 'connected' | 'connecting' | 'disconnected';

export interface FeedInfo {
  name: string;
  mode: FeedMode;
  status: FeedStatus;
  lastItemAt: IsoDateString | null;
}

export const BLOCKS_REPLAY_COUNT = 5;
export const BLOCKS_RECENT_MAX = 100;

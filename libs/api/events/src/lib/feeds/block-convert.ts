// Conversion of an Ethereum JSON-RPC `newHeads` header (hex quantities) to the contract's Block.
import { randomBytes } from 'node:crypto';
import type { Block } from '@pulseboard/shared/contracts';

const HEX_QUANTITY = /^0x[0-9a-fA-F]{1,64}$/;
const HEX_DATA = /^0x[0-9a-fA-F]*$/;

function quantity(v: unknown, name: string): number {
  if (typeof v !== 'string' || !HEX_QUANTITY.test(v)) throw new Error(`${name} is not a hex quantity: ${JSON.stringify(v)}`);
  return Number(BigInt(v));
}

function data(v: unknown, name: string): string {
  if (typeof v !== 'string' || !HEX_DATA.test(v)) throw new Error(`${name} is not hex data: ${JSON.stringify(v)}`);
  return v.toLowerCase();
}

/** Throws on a malformed header (the caller logs and skips it). */
export function blockFromHead(head: Record<string, unknown>, receivedAt = new Date()): Block {
  return {
    number: quantity(head['number'], 'number'),
    hash: data(head['hash'], 'hash'),
    parentHash: data(head['parentHash'], 'parentHash'),
    timestamp: new Date(quantity(head['timestamp'], 'timestamp') * 1000).toISOString(),
    miner: data(head['miner'], 'miner'),
    gasUsed: quantity(head['gasUsed'], 'gasUsed'),
    gasLimit: quantity(head['gasLimit'], 'gasLimit'),
    baseFeePerGas:
      head['baseFeePerGas'] === undefined || head['baseFeePerGas'] === null ? null : quantity(head['baseFeePerGas'], 'baseFeePerGas'),
    receivedAt: receivedAt.toISOString(),
  };
}

const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}`;
const MINERS = Array.from({ length: 12 }, () => hex(20));
const GAS_LIMIT = 30_000_000;

/** A plausible next block after `prev` (EIP-1559 base fee moves with how full the parent was). */
export function simulatedBlock(prev: Block | null, now = new Date()): Block {
  const gasUsed = Math.round(GAS_LIMIT * (0.3 + Math.random() * 0.7));
  const parentFee = prev?.baseFeePerGas ?? 12_000_000_000;
  const parentUsed = prev?.gasUsed ?? GAS_LIMIT / 2;
  const target = GAS_LIMIT / 2;
  const baseFeePerGas = Math.max(1_000_000_000, Math.round(parentFee * (1 + (parentUsed - target) / target / 8)));
  return {
    number: prev ? prev.number + 1 : 21_000_000 + Math.floor(Math.random() * 1_000_000),
    hash: hex(32),
    parentHash: prev?.hash ?? hex(32),
    timestamp: new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString(),
    miner: MINERS[Math.floor(Math.random() * MINERS.length)],
    gasUsed,
    gasLimit: GAS_LIMIT,
    baseFeePerGas,
    receivedAt: now.toISOString(),
  };
}

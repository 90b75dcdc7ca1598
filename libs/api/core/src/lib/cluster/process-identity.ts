import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { ProcessKind } from '@pulseboard/shared/contracts';

/** Who this process is in the cluster: one per process start, shared by its heartbeat and its leases. */
export class ProcessIdentity {
  readonly id = randomUUID();
  readonly host = hostname();
  readonly pid = process.pid;
  readonly startedAt = new Date();

  constructor(
    readonly kind: ProcessKind,
    readonly version: string,
  ) {}
}

/** Kept equal to package.json's `version` (checked by cluster-lease.spec.ts). */
export const PULSEBOARD_VERSION = '0.1.0';

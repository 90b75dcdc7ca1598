// The processes that make up one Pulseboard deployment, as `GET /api/cluster` (admin) reports them.
import type { IsoDateString } from './common';

export type ProcessKind = 'api' | 'worker';

/** Work that runs once per cluster, on the holder of its lease. */
export const CLUSTER_LEASES = ['blocks-feed', 'simulator', 'counter-ticker', 'job-reconciler'] as const;
export type ClusterLeaseName = (typeof CLUSTER_LEASES)[number];

/** A process's heartbeat every HEARTBEAT_EVERY_MS; it drops out of the list HEARTBEAT_TTL_MS after its last one. */
export const HEARTBEAT_EVERY_MS = 2_000;
export const HEARTBEAT_TTL_MS = 10_000;

export interface ClusterProcess {
  /** Random per process start (a UUID). */
  id: string;
  kind: ProcessKind;
  host: string;
  pid: number;
  /** The package version the process runs. */
  version: string;
  startedAt: IsoDateString;
  lastSeenAt: IsoDateString;
  /** Leases this process holds now. */
  holds: ClusterLeaseName[];
  /** Jobs a process runs at once per run queue; 0 when it runs no processors (`QUEUE_PROCESSORS=off`). */
  queueConcurrency: number;
}

export interface ClusterLeaseInfo {
  name: ClusterLeaseName;
  /** Process id of the holder, null when nobody holds it (between a holder's death and the takeover). */
  holder: string | null;
  /** Fencing token of the current holding: it grows with every new holder. */
  token: number | null;
}

export interface ClusterView {
  /** `redis` when the processes share state through Redis (the socket adapter); `single` for one process alone. */
  mode: 'redis' | 'single';
  /** Every process (API or worker instance) seen within HEARTBEAT_TTL_MS, API first, then by start time (the contract's name). */
  instances: ClusterProcess[];
  leases: ClusterLeaseInfo[];
  /** When this view was read. */
  at: IsoDateString;
}

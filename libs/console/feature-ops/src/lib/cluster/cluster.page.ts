import { ChangeDetectionStrategy, Component, DestroyRef, InjectionToken, computed, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { filter, interval } from 'rxjs';
import { ClusterApi, requestStore } from '@pulseboard/console/data-access';
import { DataColumn, LIST_PAGE } from '@pulseboard/console/ui';
import { ClusterProcess, ClusterView, HEARTBEAT_EVERY_MS } from '@pulseboard/shared/contracts';

/** How often the view refreshes by itself (ms); 0 turns it off (tests). */
export const CLUSTER_REFRESH_MS = new InjectionToken<number>('CLUSTER_REFRESH_MS', { factory: () => HEARTBEAT_EVERY_MS });

/** A process is shown as late when its last heartbeat is older than two beats (it drops out after HEARTBEAT_TTL_MS). */
export const LATE_AFTER_MS = 2 * HEARTBEAT_EVERY_MS + 500;

export interface ProcessRow extends ClusterProcess {
  /** Seconds since its last heartbeat, as of the view's time. */
  ageSec: number;
  late: boolean;
}

export interface LeaseRow {
  name: string;
  holder: string;
  token: string;
}

export function processRows(v: ClusterView): ProcessRow[] {
  const at = Date.parse(v.at);
  return v.instances.map((p) => {
    const age = Math.max(0, at - Date.parse(p.lastSeenAt));
    return { ...p, ageSec: Math.round(age / 1000), late: age > LATE_AFTER_MS };
  });
}

export function leaseRows(v: ClusterView): LeaseRow[] {
  return v.leases.map((l) => {
    const p = v.instances.find((x) => x.id === l.holder);
    return {
      name: l.name,
      holder: p ? `${p.kind} ${p.host}:${p.pid}` : l.holder ? 'a process without a heartbeat' : 'nobody (taking over)',
      token: l.token === null ? '—' : String(l.token),
    };
  });
}

const PROCESS_COLUMNS: DataColumn<ProcessRow>[] = [
  { id: 'kind', header: 'Kind' },
  { id: 'host', header: 'Host', cellClass: 'mono', value: (p) => p.host },
  { id: 'pid', header: 'PID', cellClass: 'count', value: (p) => p.pid },
  { id: 'version', header: 'Version', cellClass: 'mono', value: (p) => p.version },
  { id: 'started', header: 'Started', time: true, value: (p) => p.startedAt },
  { id: 'lastSeen', header: 'Last seen' },
  { id: 'holds', header: 'Holds' },
  {
    id: 'concurrency',
    header: 'Jobs at once',
    cellClass: 'count',
    value: (p) => (p.queueConcurrency === 0 ? 'no processors' : p.queueConcurrency),
  },
];

const LEASE_COLUMNS: DataColumn<LeaseRow>[] = [
  { id: 'name', header: 'Work', cellClass: 'mono', value: (l) => l.name },
  { id: 'holder', header: 'Held by', value: (l) => l.holder },
  { id: 'token', header: 'Fencing token', cellClass: 'count', value: (l) => l.token },
];

/** Every API and worker process of the deployment, from their heartbeats, and who runs the once-per-cluster work. */
@Component({
  selector: 'pb-cluster-page',
  imports: [MatButtonModule, ...LIST_PAGE],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './cluster.page.html',
  styleUrls: ['../ops-page.scss', './cluster.page.scss'],
})
export class ClusterPage {
  private readonly api = inject(ClusterApi);

  readonly cluster = requestStore(() => this.api.view());
  readonly processes = computed(() => {
    const v = this.cluster.data();
    return v ? processRows(v) : [];
  });
  readonly leases = computed(() => {
    const v = this.cluster.data();
    return v ? leaseRows(v) : [];
  });
  readonly summary = computed(() => {
    const v = this.cluster.data();
    if (!v) return '';
    const apis = v.instances.filter((p) => p.kind === 'api').length;
    const workers = v.instances.length - apis;
    const mode = v.mode === 'redis' ? 'leases shared through Redis' : 'one API process holds every lease';
    return `${apis} API process${apis === 1 ? '' : 'es'}, ${workers} worker${workers === 1 ? '' : 's'} · ${mode}`;
  });
  readonly processColumns = PROCESS_COLUMNS;
  readonly leaseColumns = LEASE_COLUMNS;

  constructor() {
    const every = inject(CLUSTER_REFRESH_MS);
    if (every > 0) {
      interval(every)
        .pipe(
          filter(() => !this.cluster.loading() && !document.hidden),
          takeUntilDestroyed(inject(DestroyRef)),
        )
        .subscribe(() => this.cluster.reload());
    }
  }

  readonly id = (p: ProcessRow) => p.id;
  readonly processLabel = (p: ProcessRow) => `${p.kind} ${p.host}:${p.pid}`;
  readonly leaseName = (l: LeaseRow) => l.name;
}

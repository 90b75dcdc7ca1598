import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { ChartData, ChartOptions } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';
import { Observable, Subject, asyncScheduler, merge, skip, throttleTime } from 'rxjs';
import { EVENT_SEVERITIES, JOB_STATUSES, MinuteCount, Topic } from '@pulseboard/shared/contracts';
import { CountersApi, EventsApi, JobsApi, RequestStore, SocketService, requestStore } from '@pulseboard/console/data-access';
import { PageHeaderComponent, StatusTone, TONE_COLORS, ThemeService, statusTone } from '@pulseboard/console/ui';
import { doughnutOptions, minuteBarOptions, readChartPalette, severityOptions } from './chart-setup';
import { DashboardCardComponent } from './dashboard-card.component';
import { capitalize, minuteLabel, minuteSeries, total } from './dashboard-data';
import { KpiTileComponent } from './kpi-tile.component';

/** At most one reload per source in this window, however many live updates arrive. */
export const DASHBOARD_REFRESH_THROTTLE_MS = 2000;
/** The counters card counts the first page of this size. */
export const DASHBOARD_COUNTERS_PAGE_SIZE = 100;

const TOPICS: readonly Topic[] = ['counters', 'jobs', 'events'];

/** What a card or tile reads of its data source. */
type Source = Pick<RequestStore<unknown>, 'loading' | 'hasData' | 'error' | 'reload'>;

export interface KpiTile {
  label: string;
  icon: string;
  tone: StatusTone;
  /** null while loading or when the source failed. */
  value: number | null;
  caption: string;
  error: string | null;
}

/** A chart card: a doughnut of jobs by status (with its HTML legend), or a bar chart of `data`. */
export type ChartCard = {
  title: string;
  subtitle?: string;
  source: Source;
  errorTitle: string;
} & ({ kind: 'doughnut' } | { kind: 'bar'; data: ChartData<'bar'>; options: ChartOptions<'bar'> });

@Component({
  selector: 'pb-dashboard-page',
  imports: [BaseChartDirective, DecimalPipe, MatButton, MatIcon, PageHeaderComponent, DashboardCardComponent, KpiTileComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './dashboard.page.html',
  styleUrl: './dashboard.page.scss',
})
export class DashboardPage {
  private readonly socket = inject(SocketService);
  private readonly countersApi = inject(CountersApi);
  private readonly jobsApi = inject(JobsApi);
  private readonly eventsApi = inject(EventsApi);

  readonly counters = requestStore(() => this.countersApi.list({ pageSize: DASHBOARD_COUNTERS_PAGE_SIZE }));
  readonly jobStats = requestStore(() => this.jobsApi.stats());
  readonly eventStats = requestStore(() => this.eventsApi.stats());

  private readonly theme = inject(ThemeService);
  /** Chart colours for the scheme on screen: resolved again when the user or the system switches it. */
  readonly palette = computed(() => {
    this.theme.dark();
    return readChartPalette();
  });

  // Headline numbers
  readonly counterTotal = computed(() => this.counters.data()?.total ?? null);
  readonly runningCounters = computed(() => {
    const page = this.counters.data();
    return page ? page.items.filter((c) => c.status === 'running').length : null;
  });
  /** True when the counters page did not hold every counter, so the running count is a lower bound. */
  readonly countersTruncated = computed(() => {
    const page = this.counters.data();
    return !!page && page.total > page.items.length;
  });
  readonly jobsInProgress = computed(() => {
    const counts = this.jobStats.data()?.counts;
    return counts ? counts.pending + counts.active + counts.retrying : null;
  });
  readonly failedJobs = computed(() => this.jobStats.data()?.counts.failed ?? null);
  readonly completedLastHour = computed(() => {
    const stats = this.jobStats.data();
    return stats ? total(stats.completedPerMinute.map((b) => b.count)) : null;
  });
  readonly openEvents = computed(() => this.eventStats.data()?.counts.open ?? null);
  readonly eventsLastHour = computed(() => {
    const stats = this.eventStats.data();
    return stats ? total(stats.perMinute.map((b) => b.count)) : null;
  });

  /** The headline tiles, in order. */
  readonly kpis = computed<KpiTile[]>(() => [
    {
      label: 'Counters',
      icon: 'timer',
      tone: 'info',
      value: this.counterTotal(),
      error: this.sourceError(this.counters),
      caption: `${this.countersTruncated() ? 'At least ' : ''}${this.runningCounters() ?? 0} running`,
    },
    {
      label: 'Jobs in progress',
      icon: 'work',
      tone: 'neutral',
      value: this.jobsInProgress(),
      error: this.sourceError(this.jobStats),
      caption: `${this.completedLastHour() ?? 0} completed in the last hour`,
    },
    {
      label: 'Failed jobs',
      icon: 'error_outline',
      tone: this.failedJobs() ? 'danger' : 'success',
      value: this.failedJobs(),
      error: this.sourceError(this.jobStats),
      caption: this.failedJobs() ? 'Need attention' : 'Nothing has failed',
    },
    {
      label: 'Open events',
      icon: 'notifications',
      tone: this.openEvents() ? 'warning' : 'success',
      value: this.openEvents(),
      error: this.sourceError(this.eventStats),
      caption: `${this.eventsLastHour() ?? 0} received in the last hour`,
    },
  ]);

  // Charts
  readonly jobsTotal = computed(() => {
    const counts = this.jobStats.data()?.counts;
    return counts ? total(JOB_STATUSES.map((s) => counts[s] ?? 0)) : 0;
  });
  /** One legend row per job status, with its count (the chart's own legend cannot show counts). */
  readonly jobStatusRows = computed(() => {
    const counts = this.jobStats.data()?.counts;
    return JOB_STATUSES.map((status) => ({
      status,
      label: capitalize(status),
      count: counts?.[status] ?? 0,
      tone: statusTone(status),
      color: TONE_COLORS[statusTone(status)],
    }));
  });
  readonly jobsByStatus = computed<ChartData<'doughnut'>>(() => {
    const rows = this.jobStatusRows();
    const palette = this.palette();
    return {
      labels: rows.map((r) => r.label),
      datasets: [
        {
          data: rows.map((r) => r.count),
          backgroundColor: rows.map((r) => palette.tones[r.tone]),
          borderWidth: 2,
          borderColor: palette.surface,
          hoverOffset: 4,
        },
      ],
    };
  });
  readonly completedPerMinute = computed(() => this.minuteBars('Completed', this.jobStats.data()?.completedPerMinute, 'success'));
  readonly eventsPerMinute = computed(() => this.minuteBars('Events', this.eventStats.data()?.perMinute, 'info'));
  readonly eventsBySeverity = computed<ChartData<'bar'>>(() => {
    const bySeverity = this.eventStats.data()?.bySeverity;
    const palette = this.palette();
    return {
      labels: EVENT_SEVERITIES.map(capitalize),
      datasets: [
        {
          label: 'Events',
          data: EVENT_SEVERITIES.map((s) => bySeverity?.[s] ?? 0),
          backgroundColor: EVENT_SEVERITIES.map((s) => palette.tones[statusTone(s)]),
          borderRadius: 4,
          maxBarThickness: 28,
        },
      ],
    };
  });
  readonly doughnutOptions = computed(() => doughnutOptions(this.palette()));

  /** The chart cards, in order: each names its source, so a failing source breaks only its own cards. */
  readonly cards = computed<ChartCard[]>(() => {
    const minuteOptions = minuteBarOptions(this.palette());
    return [
      {
        title: 'Jobs by status',
        subtitle: 'All jobs',
        source: this.jobStats,
        errorTitle: 'Could not load job statistics',
        kind: 'doughnut',
      },
      {
        title: 'Completed jobs per minute',
        subtitle: 'Last 60 minutes',
        source: this.jobStats,
        errorTitle: 'Could not load job statistics',
        kind: 'bar',
        data: this.completedPerMinute(),
        options: minuteOptions,
      },
      {
        title: 'Events per minute',
        subtitle: 'Last 60 minutes',
        source: this.eventStats,
        errorTitle: 'Could not load event statistics',
        kind: 'bar',
        data: this.eventsPerMinute(),
        options: minuteOptions,
      },
      {
        title: 'Events by severity',
        source: this.eventStats,
        errorTitle: 'Could not load event statistics',
        kind: 'bar',
        data: this.eventsBySeverity(),
        options: severityOptions(this.palette()),
      },
    ];
  });

  constructor() {
    // A resubscription after a reconnect that lost the session may have missed updates: reload everything.
    const resynced = new Subject<void>();
    this.socket
      .subscribe(TOPICS)
      .pipe(skip(1), takeUntilDestroyed())
      .subscribe(() => resynced.next());

    this.reloadOn(merge(this.socket.on('counter.updated'), this.socket.on('counter.deleted'), resynced), this.counters);
    this.reloadOn(merge(this.socket.on('job.updated'), resynced), this.jobStats);
    this.reloadOn(merge(this.socket.on('event.created'), this.socket.on('event.updated'), resynced), this.eventStats);
  }

  refreshAll(): void {
    this.counters.reload();
    this.jobStats.reload();
    this.eventStats.reload();
  }

  /** A source's error for its tiles, once it has never answered (an older answer stays on screen). */
  private sourceError(store: Source): string | null {
    return store.hasData() ? null : store.error();
  }

  private minuteBars(label: string, buckets: readonly MinuteCount[] | undefined, tone: StatusTone): ChartData<'bar'> {
    const series = minuteSeries(buckets ?? []);
    return {
      labels: series.times.map(minuteLabel),
      datasets: [{ label, data: series.counts, backgroundColor: this.palette().tones[tone], borderRadius: 3, maxBarThickness: 14 }],
    };
  }

  private reloadOn(updates: Observable<unknown>, store: Pick<RequestStore<unknown>, 'reload'>): void {
    updates
      .pipe(throttleTime(DASHBOARD_REFRESH_THROTTLE_MS, asyncScheduler, { leading: true, trailing: true }), takeUntilDestroyed())
      .subscribe(() => store.reload());
  }
}

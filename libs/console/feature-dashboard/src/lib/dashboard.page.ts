import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { ChartData } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';
import { Observable, Subject, asyncScheduler, merge, skip, throttleTime } from 'rxjs';
import { EVENT_SEVERITIES, JOB_STATUSES, Topic } from '@pulseboard/shared/contracts';
import { CountersApi, EventsApi, JobsApi, RequestStore, SocketService, requestStore } from '@pulseboard/console/data-access';
import { PageHeaderComponent, TONE_COLORS, statusTone } from '@pulseboard/console/ui';
import { doughnutOptions, minuteBarOptions, severityOptions } from './chart-setup';
import { DashboardCardComponent } from './dashboard-card.component';
import { capitalize, minuteLabel, minuteSeries, total } from './dashboard-data';
import { KpiTileComponent } from './kpi-tile.component';

/** At most one reload per source in this window, however many live updates arrive. */
export const DASHBOARD_REFRESH_THROTTLE_MS = 2000;
/** The counters card counts the first page of this size. */
export const DASHBOARD_COUNTERS_PAGE_SIZE = 100;

const TOPICS: readonly Topic[] = ['counters', 'jobs', 'events'];

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

  readonly doughnutOptions = doughnutOptions;
  readonly minuteOptions = minuteBarOptions;
  readonly severityOptions = severityOptions;

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
      color: TONE_COLORS[statusTone(status)],
    }));
  });
  readonly jobsByStatus = computed<ChartData<'doughnut'>>(() => {
    const rows = this.jobStatusRows();
    return {
      labels: rows.map((r) => r.label),
      datasets: [
        {
          data: rows.map((r) => r.count),
          backgroundColor: rows.map((r) => r.color),
          borderWidth: 2,
          borderColor: '#ffffff',
          hoverOffset: 4,
        },
      ],
    };
  });
  readonly completedPerMinute = computed<ChartData<'bar'>>(() => {
    const series = minuteSeries(this.jobStats.data()?.completedPerMinute ?? []);
    return {
      labels: series.times.map(minuteLabel),
      datasets: [
        {
          label: 'Completed',
          data: series.counts,
          backgroundColor: TONE_COLORS.success,
          borderRadius: 3,
          maxBarThickness: 14,
        },
      ],
    };
  });
  readonly eventsPerMinute = computed<ChartData<'bar'>>(() => {
    const series = minuteSeries(this.eventStats.data()?.perMinute ?? []);
    return {
      labels: series.times.map(minuteLabel),
      datasets: [
        {
          label: 'Events',
          data: series.counts,
          backgroundColor: TONE_COLORS.info,
          borderRadius: 3,
          maxBarThickness: 14,
        },
      ],
    };
  });
  readonly eventsBySeverity = computed<ChartData<'bar'>>(() => {
    const bySeverity = this.eventStats.data()?.bySeverity;
    return {
      labels: EVENT_SEVERITIES.map(capitalize),
      datasets: [
        {
          label: 'Events',
          data: EVENT_SEVERITIES.map((s) => bySeverity?.[s] ?? 0),
          backgroundColor: EVENT_SEVERITIES.map((s) => TONE_COLORS[statusTone(s)]),
          borderRadius: 4,
          maxBarThickness: 28,
        },
      ],
    };
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

  private reloadOn(updates: Observable<unknown>, store: Pick<RequestStore<unknown>, 'reload'>): void {
    updates
      .pipe(
        throttleTime(DASHBOARD_REFRESH_THROTTLE_MS, asyncScheduler, { leading: true, trailing: true }),
        takeUntilDestroyed(),
      )
      .subscribe(() => store.reload());
  }
}

import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatIcon } from '@angular/material/icon';
import { StatusChipComponent, TimeComponent } from '@pulseboard/console/ui';
import { Job, JobDetail } from '@pulseboard/shared/contracts';
import { jobActions, jobThumb, pretty } from './job-view';

/** The side panel of one job: status, attempts, timestamps, payload, result or error, and its actions. */
@Component({
  selector: 'pb-job-detail',
  imports: [MatButtonModule, MatIcon, MatProgressBarModule, StatusChipComponent, TimeComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let j = job();
    <header>
      <h2>{{ j.type }}</h2>
      <button mat-icon-button type="button" (click)="closed.emit()" aria-label="Close job details"><mat-icon svgIcon="close" /></button>
    </header>
    <p class="id">{{ j.id }}</p>
    <div class="status-row">
      <pb-status-chip [status]="j.status" />
      <span class="attempts">attempt {{ j.attempts }} of {{ j.maxAttempts }}</span>
    </div>
    @if (j.status === 'active') {
      <mat-progress-bar mode="determinate" [value]="j.progress" [attr.aria-label]="'Progress ' + j.progress + '%'" />
    }
    <dl class="times">
      <dt>Created</dt>
      <dd><pb-time [value]="j.createdAt" /></dd>
      <dt>Started</dt>
      <dd><pb-time [value]="j.startedAt" /></dd>
      <dt>Finished</dt>
      <dd><pb-time [value]="j.finishedAt" /></dd>
      <dt>Updated</dt>
      <dd><pb-time [value]="j.updatedAt" /></dd>
      <dt>Priority</dt>
      <dd>{{ j.priority || 'none' }}</dd>
    </dl>
    @if (thumb(); as src) {
      <a class="image" [href]="imageUrl()" target="_blank" rel="noopener"><img [src]="src" [alt]="imageAlt()" /></a>
    }
    @if (downloadUrl(); as url) {
      <p><a [href]="url" (click)="download.emit(url); $event.preventDefault()">Download the export</a></p>
    }
    <h3>Payload</h3>
    <pre class="payload">{{ pretty(j.payload) }}</pre>
    @if (j.result !== null) {
      <h3>Result</h3>
      <pre class="result">{{ pretty(j.result) }}</pre>
    }
    @if (j.error) {
      <h3>Error</h3>
      <pre class="error">{{ j.error.message }} (after {{ j.error.attempts }} attempt{{ j.error.attempts === 1 ? '' : 's' }})</pre>
    }
    @if (history().length) {
      <h3>Attempts</h3>
      <table class="attempts-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Started</th>
            <th scope="col">Duration</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          @for (a of history(); track a.attempt) {
            <tr>
              <td>{{ a.attempt }}</td>
              <td><pb-time [value]="a.startedAt" /></td>
              <td>{{ a.finishedAt ? durationMs(a.startedAt, a.finishedAt) + ' ms' : 'running' }}</td>
              <td [class.failed]="a.error">{{ a.error ?? (a.finishedAt ? 'succeeded' : '…') }}</td>
            </tr>
          }
        </tbody>
      </table>
    }
    @if (logs().length) {
      <h3>Log</h3>
      <div class="log" data-testid="job-log" role="log" aria-label="Job log">
        @for (l of logs(); track $index) {
          <div>
            <time [attr.datetime]="l.at">{{ time(l.at) }}</time> {{ l.line }}
          </div>
        }
      </div>
    }
    @if (canOperate()) {
      <div class="actions">
        @for (a of actions(); track a) {
          <button mat-stroked-button type="button" [disabled]="busy()" (click)="act.emit(a)">
            {{ a === 'retry' ? 'Retry' : 'Cancel' }}
          </button>
        }
      </div>
    }
  `,
  styles: `
    :host {
      display: block;
      padding: 16px;
      border-left: 1px solid var(--mat-sys-outline-variant);
      overflow: auto;
    }
    header {
      display: flex;
      align-items: center;
      justify-content: space-between;
    }
    h2 {
      margin: 0;
      font-size: 18px;
    }
    h3 {
      margin: 16px 0 4px;
      font-size: 14px;
    }
    .id {
      font-family: ui-monospace, monospace;
      font-size: 12px;
      color: var(--mat-sys-on-surface-variant);
      margin: 4px 0 8px;
    }
    .status-row {
      display: flex;
      align-items: center;
      gap: 12px;
      margin-bottom: 8px;
    }
    .attempts {
      font-size: 13px;
      opacity: 0.8;
    }
    dl.times {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 2px 12px;
      font-size: 13px;
      margin: 12px 0;
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
      font-variant-numeric: tabular-nums;
    }
    pre {
      background: var(--mat-sys-surface-container);
      color: var(--mat-sys-on-surface);
      padding: 8px;
      border-radius: 6px;
      font-size: 12px;
      white-space: pre-wrap;
      word-break: break-word;
      margin: 0;
    }
    pre.error {
      color: var(--mat-sys-error);
    }
    .image img {
      max-width: 100%;
      border-radius: 6px;
      display: block;
      margin: 8px 0;
    }
    .actions {
      display: flex;
      gap: 8px;
      margin-top: 16px;
    }
    .attempts-table {
      width: 100%;
      border-collapse: collapse;
      font-size: 12px;
    }
    .attempts-table th,
    .attempts-table td {
      text-align: left;
      padding: 2px 6px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      vertical-align: top;
    }
    .attempts-table td.failed {
      color: var(--mat-sys-error);
    }
    .log {
      max-height: 240px;
      overflow: auto;
      background: var(--mat-sys-surface-container);
      color: var(--mat-sys-on-surface);
      padding: 8px;
      border-radius: 6px;
      font:
        12px/1.5 ui-monospace,
        monospace;
      white-space: pre-wrap;
      word-break: break-word;
    }
    .log time {
      color: var(--mat-sys-on-surface-variant);
      margin-right: 8px;
    }
  `,
})
export class JobDetailComponent {
  readonly job = input.required<Job>();
  /** The job's attempts and log lines (fetched separately; null until they arrive). */
  readonly detail = input<JobDetail | null>(null);
  readonly history = computed(() => (this.detail()?.id === this.job().id ? (this.detail()?.history ?? []) : []));
  readonly logs = computed(() => (this.detail()?.id === this.job().id ? (this.detail()?.logs ?? []) : []));
  readonly durationMs = (from: string, to: string) => Math.max(0, Date.parse(to) - Date.parse(from));
  /** A log line's local time of day with milliseconds. */
  readonly time = (iso: string) =>
    new Date(iso).toLocaleTimeString(undefined, { hour12: false }) + '.' + String(new Date(iso).getMilliseconds()).padStart(3, '0');
  readonly canOperate = input(false);
  readonly busy = input(false);
  readonly closed = output<void>();
  readonly act = output<'retry' | 'cancel'>();
  readonly download = output<string>();

  readonly pretty = pretty;
  readonly actions = computed(() => jobActions(this.job().status));
  readonly thumb = computed(() => jobThumb(this.job()));
  readonly imageUrl = computed(() => (this.job().result as { url?: string } | null)?.url ?? '');
  readonly imageAlt = computed(() => {
    const r = this.job().result as { description?: string | null; author?: string } | null;
    return r?.description ?? `Photo by ${r?.author ?? 'unknown'}`;
  });
  readonly downloadUrl = computed(() => {
    const j = this.job();
    const url = (j.result as { downloadUrl?: unknown } | null)?.downloadUrl;
    return j.type === 'events.export' && j.status === 'completed' && typeof url === 'string' ? url : null;
  });
}

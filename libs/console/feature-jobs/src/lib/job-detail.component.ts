import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import {
  CodeBlockComponent,
  DetailItem,
  DetailListComponent,
  DetailPanelComponent,
  DetailSectionComponent,
  StatusChipComponent,
  TimeComponent,
} from '@pulseboard/console/ui';
import { Job, JobDetail } from '@pulseboard/shared/contracts';
import { jobActions, jobThumb } from './job-view';

/** The side panel of one job: status, attempts, timestamps, payload, result or error, and its actions. */
@Component({
  selector: 'pb-job-detail',
  imports: [
    MatButtonModule,
    MatProgressBarModule,
    DetailPanelComponent,
    DetailSectionComponent,
    DetailListComponent,
    CodeBlockComponent,
    StatusChipComponent,
    TimeComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let j = job();
    <pb-detail-panel [heading]="j.type" closeLabel="Close job details" (closed)="closed.emit()">
      <p class="id">{{ j.id }}</p>
      <div class="status-row">
        <pb-status-chip [status]="j.status" />
        <span class="attempts">attempt {{ j.attempts }} of {{ j.maxAttempts }}</span>
      </div>
      @if (j.status === 'active') {
        <mat-progress-bar mode="determinate" [value]="j.progress" [attr.aria-label]="'Progress ' + j.progress + '%'" />
      }
      <pb-detail-list [items]="times()" />
      @if (thumb(); as src) {
        <a class="image" [href]="imageUrl()" target="_blank" rel="noopener"><img [src]="src" [alt]="imageAlt()" /></a>
      }
      @if (downloadUrl(); as url) {
        <p><a [href]="url" (click)="download.emit(url); $event.preventDefault()">Download the export</a></p>
      }
      <pb-code-block heading="Payload" kind="payload" [value]="j.payload" />
      @if (j.result !== null) {
        <pb-code-block heading="Result" kind="result" [value]="j.result" />
      }
      @if (j.error) {
        <pb-code-block heading="Error" kind="error" [value]="errorText(j.error)" />
      }
      @if (history().length) {
        <pb-detail-section heading="Attempts">
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
        </pb-detail-section>
      }
      @if (logs().length) {
        <pb-detail-section heading="Log">
          <div class="log" data-testid="job-log" role="log" aria-label="Job log">
            @for (l of logs(); track $index) {
              <div>
                <time [attr.datetime]="l.at">{{ time(l.at) }}</time> {{ l.line }}
              </div>
            }
          </div>
        </pb-detail-section>
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
    </pb-detail-panel>
  `,
  styles: `
    :host {
      display: block;
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

  readonly times = computed<DetailItem[]>(() => {
    const j = this.job();
    return [
      { label: 'Created', time: j.createdAt },
      { label: 'Started', time: j.startedAt },
      { label: 'Finished', time: j.finishedAt },
      { label: 'Updated', time: j.updatedAt },
      { label: 'Priority', text: j.priority || 'none' },
    ];
  });
  readonly errorText = (e: NonNullable<Job['error']>) => `${e.message} (after ${e.attempts} attempt${e.attempts === 1 ? '' : 's'})`;
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

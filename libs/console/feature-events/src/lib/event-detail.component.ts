import { JsonPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { StatusChipComponent, TimeComponent } from '@pulseboard/console/ui';
import { PulseEvent } from '@pulseboard/shared/contracts';

/** The side panel of one event: what happened, where, when, who completed it, and its payload. */
@Component({
  selector: 'pb-event-detail',
  imports: [JsonPipe, MatButtonModule, MatIcon, StatusChipComponent, TimeComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let e = event();
    <header>
      <h2>{{ e.title }}</h2>
      <button mat-icon-button type="button" (click)="closed.emit()" aria-label="Close event details">
        <mat-icon svgIcon="close" />
      </button>
    </header>
    <div class="chips">
      <pb-status-chip [status]="e.severity" />
      <pb-status-chip [status]="e.status" />
    </div>
    <dl>
      <dt>Type</dt>
      <dd>{{ e.type }}</dd>
      <dt>Source</dt>
      <dd>{{ e.source }}</dd>
      <dt>Occurred</dt>
      <dd><pb-time [value]="e.occurredAt" /></dd>
      <dt>Received</dt>
      <dd><pb-time [value]="e.createdAt" /></dd>
      @if (e.completedAt) {
        <dt>Completed</dt>
        <dd><pb-time [value]="e.completedAt" /> by {{ e.completedBy ?? 'unknown' }}</dd>
      }
      <dt>Id</dt>
      <dd class="id">{{ e.id }}</dd>
    </dl>
    <h3>Payload</h3>
    <pre class="payload" data-testid="event-payload" tabindex="0" aria-label="Payload">{{ e.payload | json }}</pre>
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
      align-items: flex-start;
      justify-content: space-between;
      gap: 8px;
    }
    h2 {
      margin: 8px 0 0;
      font: var(--mat-sys-title-medium);
      word-break: break-word;
    }
    h3 {
      margin: 16px 0 4px;
      font: var(--mat-sys-title-small);
    }
    .chips {
      display: flex;
      gap: 8px;
      margin: 8px 0;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 4px 12px;
      font: var(--mat-sys-body-small);
      margin: 12px 0;
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
      word-break: break-word;
    }
    .id {
      font-family: ui-monospace, monospace;
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
  `,
})
export class EventDetailComponent {
  readonly event = input.required<PulseEvent>();
  readonly closed = output<void>();
}

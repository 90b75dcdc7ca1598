import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { CodeBlockComponent, DetailItem, DetailListComponent, DetailPanelComponent, StatusChipComponent } from '@pulseboard/console/ui';
import { PulseEvent } from '@pulseboard/shared/contracts';

/** The side panel of one event: what happened, where, when, who completed it, and its payload. */
@Component({
  selector: 'pb-event-detail',
  imports: [DetailPanelComponent, DetailListComponent, CodeBlockComponent, StatusChipComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let e = event();
    <pb-detail-panel [heading]="e.title" closeLabel="Close event details" (closed)="closed.emit()">
      <div class="chips">
        <pb-status-chip [status]="e.severity" />
        <pb-status-chip [status]="e.status" />
      </div>
      <pb-detail-list [items]="items()" />
      <pb-code-block heading="Payload" kind="payload" testId="event-payload" [value]="e.payload" />
    </pb-detail-panel>
  `,
  styles: `
    :host {
      display: block;
    }
    .chips {
      display: flex;
      gap: 8px;
      margin: 8px 0;
    }
  `,
})
export class EventDetailComponent {
  readonly event = input.required<PulseEvent>();
  readonly closed = output<void>();
  readonly items = computed<DetailItem[]>(() => {
    const e = this.event();
    return [
      { label: 'Type', text: e.type },
      { label: 'Source', text: e.source },
      { label: 'Occurred', time: e.occurredAt },
      { label: 'Received', time: e.createdAt },
      ...(e.completedAt ? [{ label: 'Completed', time: e.completedAt, text: `by ${e.completedBy ?? 'unknown'}` }] : []),
      { label: 'Id', text: e.id, mono: true },
    ];
  });
}

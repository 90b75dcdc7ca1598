import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** State of the realtime connection (same values as the data-access `ConnectionStatus`). */
export type LiveStatus = 'connected' | 'connecting' | 'restarting' | 'disconnected';

const VIEW: Record<LiveStatus, { label: string; hint: string }> = {
  connected: { label: 'Live', hint: 'Receiving live updates' },
  connecting: { label: 'Connecting…', hint: 'Connecting to live updates' },
  restarting: { label: 'Server restarting…', hint: 'The server is restarting; live updates resume when it is back' },
  disconnected: { label: 'Offline', hint: 'Not connected: live updates are paused and will resume automatically' },
};

/** Green "Live", amber "Connecting…" or red "Offline", announced politely to screen readers. */
@Component({
  selector: 'pb-live-indicator',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="dot" aria-hidden="true"></span>
    <span class="visually-hidden">Realtime connection: </span>
    <span class="label">{{ view().label }}</span>
  `,
  styleUrl: './live-indicator.component.scss',
  host: {
    role: 'status',
    'aria-live': 'polite',
    '[class]': '"pb-live-indicator--" + status()',
    '[attr.data-status]': 'status()',
    '[attr.title]': 'view().hint',
  },
})
export class LiveIndicatorComponent {
  readonly status = input.required<LiveStatus>();
  readonly view = computed(() => VIEW[this.status()] ?? VIEW.disconnected);
}

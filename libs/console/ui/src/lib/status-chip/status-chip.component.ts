import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { statusTone } from './status-tone';

/** A small coloured label for a counter, job or event status, or an event severity. */
@Component({
  selector: 'pb-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="dot" aria-hidden="true"></span><span class="label">{{ text() }}</span>`,
  styleUrl: './status-chip.component.scss',
  host: {
    class: 'pb-status-chip',
    '[class]': '"pb-status-chip--" + tone()',
    '[attr.data-tone]': 'tone()',
  },
})
export class StatusChipComponent {
  /** A status (`running`, `failed`, `open`…) or a severity (`warning`, `critical`…). */
  readonly status = input.required<string>();
  /** Text to show instead of the status itself. */
  readonly label = input<string>();

  readonly tone = computed(() => statusTone(this.status()));
  readonly text = computed(() => {
    const text = this.label() ?? this.status() ?? '';
    return text.charAt(0).toUpperCase() + text.slice(1);
  });
}

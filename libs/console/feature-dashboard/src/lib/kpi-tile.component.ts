import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { DecimalPipe } from '@angular/common';
import { MatIcon } from '@angular/material/icon';
import { StatusTone } from '@pulseboard/console/ui';

/** One headline number with a label and a caption; a dash and the reason while its source is loading or failing. */
@Component({
  selector: 'pb-kpi-tile',
  imports: [MatIcon, DecimalPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="icon" aria-hidden="true"><mat-icon [svgIcon]="icon()" /></div>
    <div class="text">
      <span class="label">{{ label() }}</span>
      <span class="value">{{ value() === null ? '—' : (value() | number) }}</span>
      @if (error(); as message) {
        <span class="caption caption--error" [attr.title]="message">Not available</span>
      } @else {
        <span class="caption">{{ caption() }}</span>
      }
    </div>
  `,
  styleUrl: './kpi-tile.component.scss',
  host: {
    role: 'group',
    '[attr.aria-label]': 'label()',
    // Without a value there is nothing to judge good or bad.
    '[attr.data-tone]': "value() === null ? 'neutral' : tone()",
  },
})
export class KpiTileComponent {
  readonly label = input.required<string>();
  /** null while loading or when the source failed. */
  readonly value = input<number | null>(null);
  readonly caption = input('');
  readonly icon = input.required<string>();
  readonly tone = input<StatusTone>('info');
  /** Why the value is missing, when its source failed. */
  readonly error = input<string | null>(null);
}

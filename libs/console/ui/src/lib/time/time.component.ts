import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { formatLocalTime } from './time.pipe';

/** A time in local time (`formatLocalTime`), with the full ISO-8601 UTC time on hover and for machines. */
@Component({
  selector: 'pb-time',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `@if (iso(); as iso) {
      <time [attr.datetime]="iso" [attr.title]="iso">{{ text() }}</time>
    } @else {
      <span>—</span>
    }`,
  styles: `
    :host {
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
  `,
})
export class TimeComponent {
  readonly value = input<string | number | Date | null | undefined>(null);

  readonly iso = computed(() => {
    const v = this.value();
    if (v === null || v === undefined || v === '') return null;
    const d = v instanceof Date ? v : new Date(v);
    return Number.isNaN(d.getTime()) ? String(v) : d.toISOString();
  });
  readonly text = computed(() => formatLocalTime(this.value()));
}

import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatProgressBar } from '@angular/material/progress-bar';
import { ErrorBannerComponent } from '../error-banner/error-banner.component';

/**
 * The state line above a list: an error with a retry button, or an indeterminate progress bar while it loads.
 * Every list page shows its request state the same way.
 */
@Component({
  selector: 'pb-list-status',
  imports: [ErrorBannerComponent, MatProgressBar],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (error(); as message) {
      <pb-error-banner [message]="message" (retry)="retry.emit()" />
    }
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="'Loading ' + what()" />
    }
  `,
  host: { class: 'pb-list-status' },
  styles: `
    :host {
      display: block;
    }
  `,
})
export class ListStatusComponent {
  /** What is listed, for the progress bar's label ("Loading counters"). */
  readonly what = input.required<string>();
  readonly loading = input(false);
  readonly error = input<string | null>(null);
  readonly retry = output<void>();
}

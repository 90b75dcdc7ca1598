import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';

/** An inline error with an optional retry button; announced to screen readers as an alert. */
@Component({
  selector: 'pb-error-banner',
  imports: [MatButton, MatIcon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-icon class="icon" svgIcon="error_outline" aria-hidden="true" />
    <div class="text">
      @if (title()) {
        <strong class="title">{{ title() }}</strong>
      }
      <span class="message">{{ message() }}</span>
    </div>
    @if (retryable()) {
      <button mat-button type="button" class="retry" (click)="retry.emit()">
        <mat-icon svgIcon="refresh" />
        {{ retryLabel() }}
      </button>
    }
  `,
  styleUrl: './error-banner.component.scss',
  host: { role: 'alert', class: 'pb-error-banner' },
})
export class ErrorBannerComponent {
  readonly message = input.required<string>();
  readonly title = input<string>();
  /** Show the retry button (default true). */
  readonly retryable = input(true);
  readonly retryLabel = input('Retry');
  readonly retry = output<void>();
}

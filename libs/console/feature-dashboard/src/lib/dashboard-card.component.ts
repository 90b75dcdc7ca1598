import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatCard } from '@angular/material/card';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { ErrorBannerComponent } from '@pulseboard/console/ui';

/**
 * A dashboard card for one data source: title, a spinner on the first load, the source's error with a retry,
 * and the content (which the page shows once it has data). A failing source breaks only its own card.
 */
@Component({
  selector: 'pb-dashboard-card',
  imports: [MatCard, MatProgressSpinner, ErrorBannerComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="card">
      <header class="head">
        <h2 class="title">{{ title() }}</h2>
        @if (subtitle()) {
          <span class="subtitle">{{ subtitle() }}</span>
        }
      </header>
      @if (error(); as message) {
        <pb-error-banner class="error" [title]="errorTitle()" [message]="message" (retry)="retry.emit()" />
      }
      @if (loading() && !hasData() && !error()) {
        <div class="loading"><mat-progress-spinner mode="indeterminate" diameter="32" aria-label="Loading" /></div>
      }
      <div class="body"><ng-content /></div>
    </mat-card>
  `,
  styleUrl: './dashboard-card.component.scss',
})
export class DashboardCardComponent {
  readonly title = input.required<string>();
  readonly subtitle = input<string>();
  readonly loading = input(false);
  readonly hasData = input(false);
  readonly error = input<string | null>(null);
  readonly errorTitle = input('Could not load this data');
  readonly retry = output<void>();
}

import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';

/** A centred icon, title and message for a list or page with nothing to show; actions go in the content. */
@Component({
  selector: 'pb-empty-state',
  imports: [MatIcon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="icon" aria-hidden="true"><mat-icon [svgIcon]="icon()" /></div>
    <h2 class="title">{{ title() }}</h2>
    @if (message()) {
      <p class="message">{{ message() }}</p>
    }
    <div class="actions"><ng-content /></div>
  `,
  styleUrl: './empty-state.component.scss',
  host: { class: 'pb-empty-state' },
})
export class EmptyStateComponent {
  readonly title = input.required<string>();
  readonly message = input<string>();
  /** A registered svgIcon name (see CONSOLE_ICONS). */
  readonly icon = input('inbox');
}

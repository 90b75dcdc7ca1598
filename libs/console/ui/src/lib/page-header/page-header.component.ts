import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** The title row of a page: heading, optional subtitle, and actions (projected) on the right. */
@Component({
  selector: 'pb-page-header',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="titles">
      <h1 class="title">{{ title() }}</h1>
      @if (subtitle()) {
        <p class="subtitle">{{ subtitle() }}</p>
      }
    </div>
    <div class="actions"><ng-content /></div>
  `,
  styleUrl: './page-header.component.scss',
  host: { class: 'pb-page-header' },
})
export class PageHeaderComponent {
  readonly title = input.required<string>();
  readonly subtitle = input<string>();
}

import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { TimeComponent } from '../time/time.component';

/**
 * The side panel beside a list showing one row: a heading with a close button, then the page's content
 * (typically a `pb-detail-list` and `pb-code-block`s). The page gives it `role="complementary"` and a name.
 */
@Component({
  selector: 'pb-detail-panel',
  imports: [MatButtonModule, MatIcon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header>
      <h2>{{ heading() }}</h2>
      <button mat-icon-button type="button" (click)="closed.emit()" [attr.aria-label]="closeLabel()">
        <mat-icon svgIcon="close" />
      </button>
    </header>
    <ng-content />
  `,
  styles: `
    :host {
      display: block;
      box-sizing: border-box;
      height: 100%;
      padding: 16px;
      border-left: 1px solid var(--mat-sys-outline-variant);
      overflow: auto;
    }
    header {
      display: flex;
      align-items: flex-start;
      justify-content: space-between;
      gap: 8px;
    }
    h2 {
      margin: 8px 0 0;
      font: var(--mat-sys-title-medium);
      word-break: break-word;
    }
  `,
})
export class DetailPanelComponent {
  readonly heading = input.required<string>();
  /** The close button's accessible name, e.g. "Close job details". */
  readonly closeLabel = input.required<string>();
  readonly closed = output<void>();
}

/** One term of a `pb-detail-list`: a text, or a time (shown by `<pb-time>`) followed by an optional text. */
export interface DetailItem {
  label: string;
  text?: string | number | null;
  time?: string | null;
  /** Monospace, for ids. */
  mono?: boolean;
}

/** Label / value pairs of a detail panel, as a description list. */
@Component({
  selector: 'pb-detail-list',
  imports: [TimeComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dl>
      @for (item of items(); track item.label) {
        <dt>{{ item.label }}</dt>
        <dd [class.mono]="item.mono">
          @if (item.time !== undefined) {
            <pb-time [value]="item.time" />
          }
          {{ item.text }}
        </dd>
      }
    </dl>
  `,
  styles: `
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 4px 12px;
      font: var(--mat-sys-body-small);
      margin: 12px 0;
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
      word-break: break-word;
      font-variant-numeric: tabular-nums;
    }
    .mono {
      font-family: ui-monospace, monospace;
    }
  `,
})
export class DetailListComponent {
  readonly items = input.required<readonly DetailItem[]>();
}

/** A titled section of a detail panel: a level-3 heading above the projected content. */
@Component({
  selector: 'pb-detail-section',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h3>{{ heading() }}</h3>
    <ng-content />
  `,
  styles: `
    :host {
      display: block;
    }
    h3 {
      margin: 16px 0 4px;
      font: var(--mat-sys-title-small);
    }
  `,
})
export class DetailSectionComponent {
  readonly heading = input.required<string>();
}

/** A titled block of text or JSON (pretty-printed) in a detail panel, scrollable with the keyboard. */
@Component({
  selector: 'pb-code-block',
  imports: [DetailSectionComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <pb-detail-section [heading]="heading()">
      <pre [class]="kind()" tabindex="0" [attr.aria-label]="heading()" [attr.data-testid]="testId()">{{ text() }}</pre>
    </pb-detail-section>
  `,
  styles: `
    pre {
      background: var(--mat-sys-surface-container);
      color: var(--mat-sys-on-surface);
      padding: 8px;
      border-radius: 6px;
      font-size: 12px;
      white-space: pre-wrap;
      word-break: break-word;
      margin: 0;
    }
    pre.error {
      color: var(--mat-sys-error);
    }
  `,
})
export class CodeBlockComponent {
  readonly heading = input.required<string>();
  /** A string is shown as is; anything else as indented JSON. */
  readonly value = input.required<unknown>();
  /** The block's class (e.g. `payload`, `result`; `error` shows it in the error colour). */
  readonly kind = input('');
  readonly testId = input<string | null>(null);
  readonly text = computed(() => {
    const v = this.value();
    return typeof v === 'string' ? v : (JSON.stringify(v, null, 2) ?? '');
  });
}

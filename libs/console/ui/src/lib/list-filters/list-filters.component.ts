import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { FilterSelectComponent } from '../filter-select/filter-select.component';

/** A free-text filter, applied when the field changes (Enter or leaving it). */
export interface TextFilter<K extends string = string> {
  key: K;
  label: string;
  /** The input's accessible name, when it should say more than `label`. */
  ariaLabel?: string;
  placeholder?: string;
  /** A search field: wider than the other filters. */
  wide?: boolean;
}

/** A choice among `options`, or All. */
export interface SelectFilter<K extends string = string> {
  key: K;
  label: string;
  options: readonly string[];
}

export type ListFilter<K extends string = string> = TextFilter<K> | SelectFilter<K>;

/** One filter changed: its key and its new value ('' = no filter). */
export interface ListFilterChange<K extends string = string> {
  key: K;
  value: string;
}

/**
 * The toolbar above a list: its filters, given as data, then whatever the page projects: beside the filters by
 * default, or at the far end with the `pbToolbarEnd` attribute (e.g. a "New …" button).
 */
@Component({
  selector: 'pb-list-filters',
  imports: [MatFormFieldModule, MatInputModule, FilterSelectComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (f of filters(); track f.key) {
      @if (optionsOf(f); as options) {
        <pb-filter-select
          class="filter"
          [label]="f.label"
          [options]="options"
          [value]="values()[f.key]"
          (changed)="changed.emit({ key: f.key, value: $event })"
        />
      } @else {
        <mat-form-field class="filter" [class.search]="isWide(f)" subscriptSizing="dynamic">
          <mat-label>{{ f.label }}</mat-label>
          <input
            matInput
            [name]="f.key"
            [value]="values()[f.key] ?? ''"
            (change)="onText(f.key, $event)"
            [attr.aria-label]="ariaLabelOf(f)"
            [attr.placeholder]="placeholderOf(f)"
          />
        </mat-form-field>
      }
    }
    <ng-content />
    <span class="spacer"></span>
    <ng-content select="[pbToolbarEnd]" />
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 12px;
      margin: 8px 0 12px;
    }
    .filter {
      width: 160px;
    }
    .search {
      width: 240px;
    }
    .spacer {
      flex: 1;
    }
  `,
})
export class ListFiltersComponent<K extends string = string> {
  readonly filters = input.required<readonly ListFilter<K>[]>();
  /** The current value of each filter, by key. */
  readonly values = input.required<Readonly<Partial<Record<K, string | null>>>>();
  readonly changed = output<ListFilterChange<K>>();

  optionsOf(f: ListFilter<K>): readonly string[] | null {
    return 'options' in f ? f.options : null;
  }

  isWide(f: ListFilter<K>): boolean {
    return 'wide' in f && f.wide === true;
  }

  ariaLabelOf(f: ListFilter<K>): string {
    return ('ariaLabel' in f && f.ariaLabel) || f.label;
  }

  placeholderOf(f: ListFilter<K>): string | null {
    return ('placeholder' in f && f.placeholder) || null;
  }

  onText(key: K, event: Event): void {
    this.changed.emit({ key, value: (event.target as HTMLInputElement).value });
  }
}

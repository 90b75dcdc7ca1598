import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';

/** A list filter: "All" (emitted as '') or one of `options`; labelled "<label> filter" for screen readers. */
@Component({
  selector: 'pb-filter-select',
  imports: [MatFormFieldModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-form-field subscriptSizing="dynamic">
      <mat-label>{{ label() }}</mat-label>
      <mat-select [value]="value() ?? ''" (selectionChange)="changed.emit($event.value)" [aria-label]="label() + ' filter'">
        <mat-option value="">All</mat-option>
        @for (o of options(); track o) {
          <mat-option [value]="o">{{ o }}</mat-option>
        }
      </mat-select>
    </mat-form-field>
  `,
  styles: `
    :host {
      display: inline-block;
    }
    mat-form-field {
      width: 100%;
    }
  `,
})
export class FilterSelectComponent {
  readonly label = input.required<string>();
  readonly options = input.required<readonly string[]>();
  /** The current filter; null or undefined show "All". */
  readonly value = input<string | null | undefined>(null);
  /** The chosen option, or '' for All. */
  readonly changed = output<string>();
}

import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  Directive,
  TemplateRef,
  computed,
  contentChildren,
  inject,
  input,
  output,
} from '@angular/core';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatPaginator, PageEvent } from '@angular/material/paginator';
import { MatSort, MatSortHeader, Sort, SortDirection } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { TimeComponent } from '../time/time.component';

/** One column of a `pb-data-table`. */
export interface DataColumn<T> {
  /** Column id; also the `pbCell` name of its template, the sort field and the harness's column name. */
  id: string;
  header: string;
  /** The server can sort by this column (`id` is the sort field). */
  sortable?: boolean;
  /** Cell content when there is no `pbCell` template: a text, or with `time`, a time shown by `<pb-time>`. */
  value?: (row: T) => string | number | null | undefined;
  time?: boolean;
  /** CSS class of the column's header and cells: `num` (tabular numbers), `count` (the same, right-aligned), `nowrap` or `mono` (ids, addresses). */
  cellClass?: string;
}

/** Context of a `pbCell` template: `let-row` (or `let-row="row"`). */
export interface DataCellContext<T> {
  $implicit: T;
  row: T;
}

/**
 * A cell template inside `<pb-data-table>`: `<ng-template pbCell="status" [pbCellOf]="rows" let-row>…</ng-template>`.
 * `pbCellOf` (the table's rows) only types `row` in the template.
 */
@Directive({ selector: 'ng-template[pbCell]' })
export class DataCellDirective<T = unknown> {
  readonly name = input.required<string>({ alias: 'pbCell' });
  readonly pbCellOf = input<readonly T[]>([]);
  readonly template = inject<TemplateRef<DataCellContext<T>>>(TemplateRef);

  static ngTemplateContextGuard<T>(_dir: DataCellDirective<T>, ctx: unknown): ctx is DataCellContext<T> {
    return true;
  }
}

/**
 * The console's list table: mat-table + mat-sort + mat-paginator for a server-side page. Presentational: it
 * shows `rows` of one page and emits page, sort, selection and row activation; the page's store does the rest.
 * Columns come as data; a column with a `pbCell` template renders it, else its `value` (or `<pb-time>`).
 * Optional row selection (checkbox column) for bulk actions, and optional row activation (click, Enter).
 */
/** A paged list `pb-data-table` can follow by itself: the rows of one page, the total, and the page and sort shown. */
export interface DataTableSource<T> {
  items(): readonly T[];
  total(): number;
  query(): { pageIndex: number; pageSize: number; sortActive: string; sortDirection: SortDirection };
}

@Component({
  selector: 'pb-data-table',
  imports: [MatTableModule, MatSort, MatSortHeader, MatPaginator, MatCheckbox, NgTemplateOutlet, TimeComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './data-table.component.html',
  styleUrl: './data-table.component.scss',
})
export class DataTableComponent<T> {
  readonly columns = input.required<readonly DataColumn<T>[]>();
  /** The page to show, its total, page and sort, from a list store (the console's paged queries fit); or set each below. */
  readonly source = input<DataTableSource<T> | null>(null);
  readonly rows = input<readonly T[]>([]);
  /** Rows in all pages (the paginator's length). */
  readonly total = input(0);
  readonly pageIndex = input(0);
  readonly pageSize = input(20);
  readonly pageSizeOptions = input<number[]>([10, 20, 50, 100]);
  /** Shows the paginator; off for a short list shown whole (`rows` only). */
  readonly paged = input(true);
  /** Extra CSS classes of a row: `dimmed` shows it as inactive (a disabled account). */
  readonly rowClass = input<(row: T) => string>(() => '');
  readonly sortActive = input('');
  readonly sortDirection = input<SortDirection>('');
  /** What the table lists, for its accessible names ("Events" → "Events pages"). */
  readonly label = input.required<string>();
  readonly rowId = input.required<(row: T) => string>();
  /** A row's name for people: the selection checkbox's label and the row's `data-row-label`. */
  readonly rowLabel = input<(row: T) => string>();
  /** Shows a checkbox column; `selected` holds the ids of the checked rows. */
  readonly selectable = input(false);
  readonly canSelect = input<(row: T) => boolean>(() => true);
  readonly selected = input<ReadonlySet<string>>(new Set());
  /** Rows can be activated (click or Enter), e.g. to open a detail. */
  readonly activatable = input(false);
  /** The id of the row to highlight (the one whose detail is open). */
  readonly activeId = input<string | null>(null);

  readonly pageChange = output<PageEvent>();
  readonly sortChange = output<Sort>();
  readonly selectionChange = output<ReadonlySet<string>>();
  readonly rowActivate = output<T>();

  /** What is shown: the source's when there is one, else the inputs. */
  readonly shownRows = computed(() => this.source()?.items() ?? this.rows());
  readonly shownTotal = computed(() => this.source()?.total() ?? this.total());
  readonly shownPageIndex = computed(() => this.source()?.query().pageIndex ?? this.pageIndex());
  readonly shownPageSize = computed(() => this.source()?.query().pageSize ?? this.pageSize());
  readonly shownSortActive = computed(() => this.source()?.query().sortActive ?? this.sortActive());
  readonly shownSortDirection = computed<SortDirection>(() => this.source()?.query().sortDirection ?? this.sortDirection());

  private readonly cellDefs = contentChildren(DataCellDirective);
  readonly templates = computed(() => new Map(this.cellDefs().map((d) => [d.name(), d.template as TemplateRef<DataCellContext<T>>])));
  readonly columnIds = computed(() => [...(this.selectable() ? ['select'] : []), ...this.columns().map((c) => c.id)]);
  readonly trackRow = (_: number, row: T) => this.rowId()(row);

  private readonly selectableIds = computed(() =>
    this.shownRows()
      .filter((r) => this.canSelect()(r))
      .map((r) => this.rowId()(r)),
  );
  readonly allSelected = computed(() => {
    const ids = this.selectableIds();
    return ids.length > 0 && ids.every((id) => this.selected().has(id));
  });
  readonly someSelected = computed(() => !this.allSelected() && this.selectableIds().some((id) => this.selected().has(id)));

  labelOf(row: T): string {
    return this.rowLabel()?.(row) ?? this.rowId()(row);
  }

  toggle(row: T): void {
    const id = this.rowId()(row);
    const next = new Set(this.selected());
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.selectionChange.emit(next);
  }

  toggleAll(): void {
    const next = new Set(this.selected());
    const ids = this.selectableIds();
    if (this.allSelected()) ids.forEach((id) => next.delete(id));
    else ids.forEach((id) => next.add(id));
    this.selectionChange.emit(next);
  }

  activate(row: T, event: Event): void {
    if (!this.activatable()) return;
    // A click on a control inside the row (button, checkbox, link) is that control's, not the row's.
    const target = event.target as HTMLElement | null;
    if (target?.closest('button, a, input, mat-checkbox') && target !== event.currentTarget) return;
    this.rowActivate.emit(row);
  }
}

import { DataCellDirective, DataTableComponent } from '../data-table/data-table.component';
import { EmptyStateComponent } from '../empty-state/empty-state.component';
import { ListStatusComponent } from '../list-status/list-status.component';
import { PageHeaderComponent } from '../page-header/page-header.component';
import { StatusChipComponent } from '../status-chip/status-chip.component';
import { ListFiltersComponent } from './list-filters.component';

/**
 * What every list page's template uses: header, filters, load status, the table with its cell templates, the
 * empty state and status chips. A page lists `...LIST_PAGE` in its `imports`.
 */
export const LIST_PAGE = [
  PageHeaderComponent,
  ListFiltersComponent,
  ListStatusComponent,
  DataTableComponent,
  DataCellDirective,
  EmptyStateComponent,
  StatusChipComponent,
] as const;

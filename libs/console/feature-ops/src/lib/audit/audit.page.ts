import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { AuditApi, pagedQuery } from '@pulseboard/console/data-access';
import { DataColumn, LIST_PAGE, ListFilter } from '@pulseboard/console/ui';
import { AuditEntry } from '@pulseboard/shared/contracts';

export const AUDIT_FILTERS = ['actor', 'action', 'resourceType', 'resourceId', 'from', 'to'] as const;
export type AuditFilter = (typeof AUDIT_FILTERS)[number];
type AuditTextFilter = Exclude<AuditFilter, 'from' | 'to'>;

const COLUMNS: DataColumn<AuditEntry>[] = [
  { id: 'at', header: 'When', time: true, cellClass: 'num', value: (e) => e.at },
  { id: 'actor', header: 'User' },
  { id: 'action', header: 'Action' },
  { id: 'resource', header: 'Resource' },
  { id: 'status', header: 'Outcome' },
  { id: 'ip', header: 'Address', cellClass: 'mono', value: (e) => e.ip },
  { id: 'requestId', header: 'Request id', cellClass: 'mono', value: (e) => e.requestId },
];

const TEXT_FILTERS: ListFilter<AuditTextFilter>[] = [
  { key: 'actor', label: 'User' },
  { key: 'action', label: 'Action', placeholder: 'counters.decrement' },
  { key: 'resourceType', label: 'Resource type', placeholder: 'counters' },
  { key: 'resourceId', label: 'Resource id' },
];

/** The value of a `datetime-local` input (the browser's local time) as an ISO time, or null when empty or invalid. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** An ISO time as a `datetime-local` input value in the browser's local time. */
export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Who changed what, when, from where, and how it ended: the audit trail, newest first (admins). */
@Component({
  selector: 'pb-audit-page',
  imports: [MatFormFieldModule, MatInputModule, MatButtonModule, ...LIST_PAGE],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './audit.page.html',
  styleUrl: './audit.page.scss',
})
export class AuditPage {
  private readonly api = inject(AuditApi);

  readonly list = pagedQuery<AuditEntry, AuditFilter>({ filterKeys: AUDIT_FILTERS, load: (params) => this.api.list(params) });
  readonly columns = COLUMNS;
  readonly filters = TEXT_FILTERS;
  readonly toLocal = isoToLocalInput;
  readonly id = (e: AuditEntry) => e.id;

  /** A text filter: applied on Enter or when the field is left; empty clears it. */
  setText(key: AuditTextFilter, value: string): void {
    const v = value.trim();
    if ((this.list.query().filters[key] ?? '') !== v) this.list.setFilters({ [key]: v || null });
  }

  setTime(key: 'from' | 'to', value: string): void {
    const iso = localInputToIso(value);
    if ((this.list.query().filters[key] ?? null) !== iso) this.list.setFilters({ [key]: iso });
  }

  clear(): void {
    this.list.setFilters(Object.fromEntries(AUDIT_FILTERS.map((k) => [k, null])));
  }

  filterBy(key: 'actor' | 'action', value: string | undefined): void {
    if (value) this.list.setFilters({ [key]: value });
  }
}

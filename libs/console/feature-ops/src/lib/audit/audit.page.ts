import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatTableModule } from '@angular/material/table';
import { AuditApi, pagedQuery } from '@pulseboard/console/data-access';
import { EmptyStateComponent, ListStatusComponent, PageHeaderComponent, TimeComponent } from '@pulseboard/console/ui';
import { AuditEntry } from '@pulseboard/shared/contracts';

export const AUDIT_FILTERS = ['actor', 'action', 'resourceType', 'resourceId', 'from', 'to'] as const;
export type AuditFilter = (typeof AUDIT_FILTERS)[number];

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
  imports: [
    TimeComponent,
    MatTableModule,
    MatPaginatorModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    PageHeaderComponent,
    ListStatusComponent,
    EmptyStateComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './audit.page.html',
  styleUrl: './audit.page.scss',
})
export class AuditPage {
  private readonly api = inject(AuditApi);

  readonly list = pagedQuery<AuditEntry, AuditFilter>({ filterKeys: AUDIT_FILTERS, load: (params) => this.api.list(params) });
  readonly columns = ['at', 'actor', 'action', 'resource', 'status', 'ip', 'requestId'];
  readonly toLocal = isoToLocalInput;
  readonly trackById = (_: number, e: AuditEntry) => e.id;

  /** A text filter: applied on Enter or when the field is left; empty clears it. */
  setText(key: Exclude<AuditFilter, 'from' | 'to'>, value: string): void {
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

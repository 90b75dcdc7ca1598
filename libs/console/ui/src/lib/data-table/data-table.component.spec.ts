import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { PageEvent } from '@angular/material/paginator';
import { MatSortHarness } from '@angular/material/sort/testing';
import { Sort } from '@angular/material/sort';
import { MatTableHarness } from '@angular/material/table/testing';
import { formatLocalTime } from '../time/time.pipe';
import { DataCellDirective, DataColumn, DataTableComponent, DataTableSource } from './data-table.component';

interface Row {
  id: string;
  name: string;
  status: 'open' | 'done';
  at: string;
}

const ROWS: Row[] = [
  { id: 'a', name: 'Alpha', status: 'open', at: '2026-01-01T10:00:00.000Z' },
  { id: 'b', name: 'Beta', status: 'done', at: '2026-01-01T11:00:00.000Z' },
];

@Component({
  imports: [DataTableComponent, DataCellDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <pb-data-table
      label="Things"
      [columns]="columns"
      [rows]="rows()"
      [total]="45"
      [pageIndex]="1"
      [pageSize]="20"
      sortActive="name"
      sortDirection="asc"
      [rowId]="id"
      [rowLabel]="name"
      [selectable]="true"
      [canSelect]="isOpen"
      [selected]="selected()"
      [activatable]="true"
      (pageChange)="pages.push($event)"
      (sortChange)="sorts.push($event)"
      (selectionChange)="selected.set($event)"
      (rowActivate)="activated.push($event.id)"
    >
      <ng-template pbCell="status" [pbCellOf]="rows()" let-row
        ><b class="custom">{{ row.status.toUpperCase() }}</b></ng-template
      >
      <p class="below">projected</p>
    </pb-data-table>
  `,
})
class Host {
  readonly columns: DataColumn<Row>[] = [
    { id: 'name', header: 'Name', sortable: true, value: (r) => r.name },
    { id: 'status', header: 'Status' },
    { id: 'at', header: 'At', sortable: true, time: true, value: (r) => r.at },
  ];
  readonly rows = signal(ROWS);
  readonly selected = signal<ReadonlySet<string>>(new Set());
  readonly pages: PageEvent[] = [];
  readonly sorts: Sort[] = [];
  readonly activated: string[] = [];
  readonly id = (r: Row) => r.id;
  readonly name = (r: Row) => r.name;
  readonly isOpen = (r: Row) => r.status === 'open';
}

async function setup() {
  const fixture = TestBed.createComponent(Host);
  await fixture.whenStable();
  const loader = TestbedHarnessEnvironment.loader(fixture);
  return { fixture, host: fixture.componentInstance, loader, el: fixture.nativeElement as HTMLElement };
}

describe('DataTableComponent', () => {
  it('renders the columns from their definitions: values, cell templates and times', async () => {
    const { loader, el } = await setup();
    const table = await loader.getHarness(MatTableHarness);
    expect(await (await table.getHeaderRows())[0].getCellTextByColumnName()).toEqual({
      select: '',
      name: 'Name',
      status: 'Status',
      at: 'At',
    });
    const rows = await table.getRows();
    expect(await Promise.all(rows.map((r) => r.getCellTextByColumnName()))).toEqual([
      { select: '', name: 'Alpha', status: 'OPEN', at: formatLocalTime(ROWS[0].at) },
      { select: '', name: 'Beta', status: 'DONE', at: formatLocalTime(ROWS[1].at) },
    ]);
    expect(el.querySelector('tr[data-row-id="a"]')?.getAttribute('data-row-label')).toBe('Alpha');
    expect(el.querySelector('time')?.getAttribute('title')).toBe(ROWS[0].at);
    expect(el.querySelector('.below')?.textContent).toBe('projected');
  });

  it('shows the server-side page and emits page changes', async () => {
    const { loader, host } = await setup();
    const paginator = await loader.getHarness(MatPaginatorHarness);
    expect(await paginator.getRangeLabel()).toBe('21 – 40 of 45');
    await paginator.goToNextPage();
    expect(host.pages.map((p) => [p.pageIndex, p.pageSize])).toEqual([[2, 20]]);
    await paginator.setPageSize(50);
    expect(host.pages.at(-1)?.pageSize).toBe(50);
  });

  it('marks the current sort and emits sort changes of sortable columns only', async () => {
    const { loader, host } = await setup();
    const sort = await loader.getHarness(MatSortHarness);
    const headers = await sort.getSortHeaders();
    expect(await Promise.all(headers.map((h) => h.getLabel()))).toEqual(['Name', 'At']);
    expect(await (await sort.getActiveHeader())?.getLabel()).toBe('Name');
    await headers[1].click();
    expect(host.sorts).toEqual([{ active: 'at', direction: 'asc' }]);
  });

  it('selects rows that may be selected, one by one or all on the page', async () => {
    const { loader, host } = await setup();
    const beta = await loader.getHarness(MatCheckboxHarness.with({ ancestor: 'tr[data-row-id="b"]' }));
    expect(await beta.isDisabled()).toBe(true);
    expect(await beta.getAriaLabel()).toBe('Select Beta');
    const alpha = await loader.getHarness(MatCheckboxHarness.with({ ancestor: 'tr[data-row-id="a"]' }));
    await alpha.check();
    expect([...host.selected()]).toEqual(['a']);
    await alpha.uncheck();
    expect(host.selected().size).toBe(0);

    const all = await loader.getHarness(MatCheckboxHarness.with({ ancestor: 'th' }));
    expect(await all.getAriaLabel()).toBe('Select all things on this page');
    await all.check();
    expect([...host.selected()]).toEqual(['a']);
    expect(await all.isChecked()).toBe(true);
    await all.uncheck();
    expect(host.selected().size).toBe(0);
  });

  it('activates a row by click or Enter, but not through its checkbox', async () => {
    const { fixture, host, el, loader } = await setup();
    const row = el.querySelector('tr[data-row-id="b"]') as HTMLElement;
    expect(row.getAttribute('tabindex')).toBe('0');
    row.click();
    row.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await fixture.whenStable();
    expect(host.activated).toEqual(['b', 'b']);
    await (await loader.getHarness(MatCheckboxHarness.with({ ancestor: 'tr[data-row-id="a"]' }))).check();
    expect(host.activated).toEqual(['b', 'b']);
  });
});

@Component({
  imports: [DataTableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<pb-data-table label="Things" [columns]="columns" [source]="source" [rowId]="id" />`,
})
class SourceHost {
  readonly columns: DataColumn<Row>[] = [{ id: 'name', header: 'Name', sortable: true, value: (r) => r.name }];
  readonly items = signal(ROWS);
  readonly source: DataTableSource<Row> = {
    items: () => this.items(),
    total: () => 61,
    query: () => ({ pageIndex: 2, pageSize: 10, sortActive: 'name', sortDirection: 'desc' }),
  };
  readonly id = (r: Row) => r.id;
}

describe('DataTableComponent with a source', () => {
  it('follows a list store: its rows, total, page and sort, and its later rows', async () => {
    const fixture = TestBed.createComponent(SourceHost);
    await fixture.whenStable();
    const loader = TestbedHarnessEnvironment.loader(fixture);
    const table = await loader.getHarness(MatTableHarness);
    expect(await Promise.all((await table.getRows()).map((r) => r.getCellTextByColumnName()))).toEqual([
      { name: 'Alpha' },
      { name: 'Beta' },
    ]);
    expect(await (await loader.getHarness(MatPaginatorHarness)).getRangeLabel()).toBe('21 – 30 of 61');
    const sort = await loader.getHarness(MatSortHarness);
    expect(await (await sort.getActiveHeader())?.getSortDirection()).toBe('desc');
    fixture.componentInstance.items.set([ROWS[1]]);
    await fixture.whenStable();
    expect((await table.getRows()).length).toBe(1);
  });
});

@Component({
  imports: [DataTableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<pb-data-table label="Short" [columns]="columns" [rows]="rows" [paged]="false" [rowId]="id" [rowClass]="dim" />`,
})
class WholeListHost {
  readonly columns: DataColumn<Row>[] = [
    { id: 'name', header: 'Name', value: (r) => r.name },
    { id: 'count', header: 'Count', cellClass: 'count', value: (r) => r.name.length },
  ];
  readonly rows = ROWS;
  readonly id = (r: Row) => r.id;
  readonly dim = (r: Row) => (r.status === 'done' ? 'dimmed' : '');
}

describe('DataTableComponent showing a whole short list', () => {
  it('has no paginator, marks the rows rowClass names, and gives a column class to its header too', async () => {
    const fixture = TestBed.createComponent(WholeListHost);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(await TestbedHarnessEnvironment.loader(fixture).getAllHarnesses(MatPaginatorHarness)).toEqual([]);
    const rows = Array.from(el.querySelectorAll('tr[data-row-id]'));
    expect(rows.map((r) => [r.getAttribute('data-row-id'), r.classList.contains('dimmed')])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    expect(el.querySelector('th.mat-column-count')?.classList).toContain('count');
    expect(Array.from(el.querySelectorAll('td.mat-column-count')).map((td) => td.classList.contains('count'))).toEqual([true, true]);
  });
});

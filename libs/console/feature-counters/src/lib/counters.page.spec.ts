import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { NEVER, of } from 'rxjs';
import { AuthService, CountersApi, SocketService } from '@pulseboard/console/data-access';
import { provideConsoleIcons } from '@pulseboard/console/ui';
import { Counter, Role } from '@pulseboard/shared/contracts';
import { CountersPage } from './counters.page';

const timer: Counter = {
  id: 't',
  name: 'timer',
  value: 40,
  initial: 0,
  min: 0,
  max: 100,
  step: 1,
  intervalMs: 1000,
  status: 'running',
  version: 2,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:40.000Z',
};

async function render(role: Role, rows: Counter[] = [timer]) {
  TestBed.configureTestingModule({
    providers: [
      provideRouter([{ path: 'counters', component: CountersPage }]),
      provideConsoleIcons(),
      {
        provide: AuthService,
        useValue: { user: signal({ id: 'u', username: 'u', role }), hasRole: (r: Role) => role === 'admin' || role === r },
      },
      { provide: SocketService, useValue: { status: signal('connected'), subscribe: () => of({ ok: true, replay: {} }), on: () => NEVER } },
      { provide: CountersApi, useValue: { list: () => of({ items: rows, total: rows.length, page: 1, pageSize: 20, nextCursor: null }) } },
    ],
  });
  const harness = await RouterTestingHarness.create();
  await harness.navigateByUrl('/counters', CountersPage);
  harness.fixture.detectChanges();
  const table = await TestbedHarnessEnvironment.loader(harness.fixture).getHarness(MatTableHarness);
  return { table, el: harness.routeNativeElement as HTMLElement };
}

describe('CountersPage', () => {
  it('shows the live value, its progress towards max and the status, with the actions of a running counter for an operator', async () => {
    const { table, el } = await render('operator');
    const [row] = await table.getRows();
    const cells = await row.getCellTextByColumnName();
    expect(cells['name']).toBe('timer');
    expect(cells['value']).toContain('40');
    expect(cells['status']).toMatch(/running/i);
    expect(el.querySelector('mat-progress-bar[aria-label="Progress of timer"]')?.getAttribute('aria-valuenow')).toBe('40');
    const buttons = [...el.querySelectorAll('span.actions button')].map((b) => b.textContent?.trim());
    expect(buttons).toEqual(['Pause', 'Cancel', 'Reset', 'Delete']);
    expect(cells['kind']).toBe('Timer');
    expect(el.querySelector('[data-testid="counter-caption"]')?.textContent).toBe('up to 100');
    expect(el.textContent).toContain('New counter');
  });

  it('gives a stock sell, restock and reset, and no tick or start', async () => {
    const stock: Counter = { ...timer, id: 's', name: 'cameras', value: 990, initial: 1000, min: 0, max: null, status: 'idle' };
    const { table, el } = await render('operator', [stock]);
    const [row] = await table.getRows();
    const cells = await row.getCellTextByColumnName();
    expect(cells['kind']).toBe('Stock');
    expect(cells['schedule']).toBe('—');
    const buttons = [...el.querySelectorAll('span.actions button')].map((b) => b.textContent?.trim());
    expect(buttons).toEqual(['Sell', 'Restock +100', 'Reset', 'Delete']);
    expect(el.querySelector('mat-progress-bar[aria-label="Stock left of cameras"]')?.getAttribute('aria-valuenow')).toBe('99');
  });

  it('shows a viewer no action buttons', async () => {
    const { table, el } = await render('viewer');
    expect(Object.keys(await (await table.getRows())[0].getCellTextByColumnName())).not.toContain('actions');
    expect(el.querySelectorAll('span.actions button')).toHaveLength(0);
    expect(el.textContent).not.toContain('New counter');
  });
});

import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideConsoleIcons } from '@pulseboard/console/ui';
import { AuditEntry, Page } from '@pulseboard/shared/contracts';
import { AuditPage, isoToLocalInput, localInputToIso } from './audit.page';

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  id: 'a1',
  at: '2026-01-01T10:00:00.000Z',
  actor: { id: 'u1', username: 'ada' },
  action: 'counters.decrement',
  resourceType: 'counters',
  resourceId: 'c1',
  status: 409,
  ip: '127.0.0.1',
  requestId: '42',
  method: 'POST',
  path: '/api/counters/c1/decrement',
  ...over,
});
const page = (items: AuditEntry[], total = items.length, p = 1): Page<AuditEntry> => ({
  items,
  total,
  page: p,
  pageSize: 20,
  nextCursor: null,
});

async function open(url: string) {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      provideConsoleIcons(),
      provideRouter([{ path: 'audit', component: AuditPage }]),
    ],
  });
  const harness = await RouterTestingHarness.create();
  await harness.navigateByUrl(url, AuditPage);
  const http = TestBed.inject(HttpTestingController);
  const loader = TestbedHarnessEnvironment.loader(harness.fixture);
  return { harness, http, loader, router: TestBed.inject(Router), el: harness.routeNativeElement as HTMLElement };
}

describe('AuditPage', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('loads the page the URL describes and shows who did what, the outcome, address and request id', async () => {
    const { http, harness, loader } = await open('/audit?actor=ada&action=counters.decrement');
    http
      .expectOne('/api/audit?page=1&pageSize=20&actor=ada&action=counters.decrement')
      .flush(
        page([entry(), entry({ id: 'a2', actor: null, action: 'auth.login', resourceType: 'auth', resourceId: 'mallory', status: 401 })]),
      );
    await harness.fixture.whenStable();
    const cells = await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName();
    expect(cells['actor'].text).toEqual(['ada', 'anonymous']);
    expect(cells['action'].text).toEqual(['counters.decrement', 'auth.login']);
    expect(cells['resource'].text).toEqual(['counters c1', 'auth mallory']);
    expect(cells['status'].text).toEqual(['409', '401']);
    expect(cells['ip'].text).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(cells['requestId'].text).toEqual(['42', '42']);
    expect(await (await loader.getHarness(MatInputHarness.with({ selector: '[name=actor]' }))).getValue()).toBe('ada');
  });

  it('filters by a typed value on Enter, back on the first page, with the filter in the URL', async () => {
    const { http, harness, loader, router } = await open('/audit?page=3');
    http.expectOne('/api/audit?page=3&pageSize=20').flush(page([entry()], 60, 3));
    await harness.fixture.whenStable();
    const input = await loader.getHarness(MatInputHarness.with({ selector: '[name=resourceType]' }));
    await input.setValue('queues');
    // A browser fires 'change' when Enter is pressed in the field or the field is left.
    await (await input.host()).dispatchEvent('change');
    await harness.fixture.whenStable();
    expect(router.url).toBe('/audit?resourceType=queues');
    http.expectOne('/api/audit?page=1&pageSize=20&resourceType=queues').flush(page([]));
    await harness.fixture.whenStable();
    expect(harness.routeNativeElement?.querySelector('pb-empty-state')?.textContent).toContain('No audit entries');
  });

  it("pages through the server's pages", async () => {
    const { http, harness, loader } = await open('/audit');
    http.expectOne('/api/audit?page=1&pageSize=20').flush(page([entry()], 45));
    await harness.fixture.whenStable();
    const paginator = await loader.getHarness(MatPaginatorHarness);
    expect(await paginator.getRangeLabel()).toBe('1 – 20 of 45');
    await paginator.goToNextPage();
    await harness.fixture.whenStable();
    http.expectOne('/api/audit?page=2&pageSize=20').flush(page([entry({ id: 'b' })], 45, 2));
  });

  it('filters by a user or an action when it is clicked, and clears every filter', async () => {
    const { http, harness, el, router } = await open('/audit?resourceId=c1');
    http.expectOne('/api/audit?page=1&pageSize=20&resourceId=c1').flush(page([entry()]));
    await harness.fixture.whenStable();
    (el.querySelector('td.mat-column-action button') as HTMLButtonElement).click();
    await harness.fixture.whenStable();
    http.expectOne('/api/audit?page=1&pageSize=20&action=counters.decrement&resourceId=c1').flush(page([entry()]));
    await harness.fixture.whenStable();
    const clear = Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Clear filters') as HTMLButtonElement;
    clear.click();
    await harness.fixture.whenStable();
    expect(router.url).toBe('/audit');
    http.expectOne('/api/audit?page=1&pageSize=20').flush(page([]));
  });

  it('sends a time filter as an ISO time', async () => {
    const { http, harness, loader } = await open('/audit');
    http.expectOne('/api/audit?page=1&pageSize=20').flush(page([]));
    const from = await loader.getHarness(MatInputHarness.with({ selector: '[name=from]' }));
    await from.setValue('2026-01-02T03:04');
    await (await from.host()).dispatchEvent('change');
    await harness.fixture.whenStable();
    const iso = new Date('2026-01-02T03:04').toISOString();
    http.expectOne(`/api/audit?page=1&pageSize=20&from=${iso}`).flush(page([]));
  });
});

describe('datetime-local conversion', () => {
  it('round-trips a local time and ignores empty or invalid values', () => {
    const iso = localInputToIso('2026-05-06T07:08') as string;
    expect(isoToLocalInput(iso)).toBe('2026-05-06T07:08');
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('nonsense')).toBeNull();
    expect(isoToLocalInput('nonsense')).toBe('');
  });
});

import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { FakeSocket, pageOf, providePageTesting } from '@pulseboard/console/data-access/testing';
import { provideConsoleIcons } from '@pulseboard/console/ui';
import { PulseEvent, Role, SimulatorState } from '@pulseboard/shared/contracts';
import { EventsPage } from './events.page';

const event = (id: string, over: Partial<PulseEvent> = {}): PulseEvent => ({
  id,
  type: 'deploy',
  source: 'ci',
  title: `Deploy ${id}`,
  severity: 'error',
  payload: {},
  status: 'open',
  occurredAt: '2026-01-01T10:00:00.000Z',
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
  completedAt: null,
  completedBy: null,
  version: 1,
  ...over,
});
const page = (items: PulseEvent[]) => pageOf(items);
const STOPPED: SimulatorState = { running: false, ratePerSec: 1, updateRatio: 0.2, generated: 0 };

async function open(url: string, role: Role = 'operator') {
  const socket = new FakeSocket();
  TestBed.configureTestingModule({
    providers: [
      providePageTesting(socket, role),
      provideConsoleIcons(),
      provideRouter([{ path: 'events', component: EventsPage }]),
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
    ],
  });
  const harness = await RouterTestingHarness.create();
  await harness.navigateByUrl(url, EventsPage);
  const http = TestBed.inject(HttpTestingController);
  http.expectOne('/api/simulator').flush(STOPPED);
  const list = (): TestRequest => http.expectOne((r) => r.url === '/api/events');
  return { socket, http, harness, list, el: harness.routeNativeElement as HTMLElement };
}

describe('EventsPage', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('loads the page its URL describes, shows severity and status, and follows the events topic', async () => {
    const { socket, harness, list, el } = await open('/events?status=open&severity=error');
    const req = list();
    expect(req.request.params.get('status')).toBe('open');
    expect(req.request.params.get('severity')).toBe('error');
    expect(req.request.params.get('sort')).toBe('-occurredAt');
    req.flush(page([event('e1'), event('e2')]));
    await harness.fixture.whenStable();
    expect(socket.subscribedTopics).toEqual([['events']]);
    expect(Array.from(el.querySelectorAll('tr[data-row-id]')).map((r) => r.getAttribute('data-row-id'))).toEqual(['e1', 'e2']);
    expect(el.querySelector('[data-testid="simulator-state"]')?.textContent).toBe('stopped');
  });

  it('puts a new event on top of the unfiltered first page', async () => {
    const { socket, harness, list, el } = await open('/events');
    list().flush(page([event('e1')]));
    await harness.fixture.whenStable();
    socket.push('event.created', event('e9', { occurredAt: '2026-01-01T11:00:00.000Z' }));
    await harness.fixture.whenStable();
    expect(Array.from(el.querySelectorAll('tr[data-row-id]')).map((r) => r.getAttribute('data-row-id'))).toEqual(['e9', 'e1']);
  });

  it('filters by title prefix through the URL and the API, and counts matching new events instead of moving rows', async () => {
    const { socket, harness, list, el } = await open('/events');
    list().flush(page([event('e1')]));
    await harness.fixture.whenStable();
    const search = el.querySelector('input[aria-label="Search titles"]') as HTMLInputElement;
    search.value = 'depl';
    search.dispatchEvent(new Event('change'));
    await harness.fixture.whenStable();
    const req = list();
    expect(req.request.params.get('q')).toBe('depl');
    req.flush(page([event('e1')]));
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toContain('q=depl');
    socket.push('event.created', event('e5', { title: 'Deploy later' })); // matches: counted
    socket.push('event.created', event('e6', { title: 'Backup done' })); // does not match: ignored
    await harness.fixture.whenStable();
    expect(el.querySelector('[data-testid="new-events"]')?.textContent?.trim()).toBe('1 new event');
  });

  it('completes the selected open events and starts the simulator at the chosen rate (operators)', async () => {
    const { http, harness, list, el } = await open('/events');
    list().flush(page([event('e1'), event('e2', { status: 'completed' })]));
    await harness.fixture.whenStable();
    (el.querySelector('tr[data-row-id="e1"] input[type="checkbox"]') as HTMLInputElement).click();
    await harness.fixture.whenStable();
    (el.querySelector('[data-testid="complete-selected"]') as HTMLButtonElement).click();
    const complete = http.expectOne('/api/events/e1/complete');
    expect(complete.request.method).toBe('POST');
    complete.flush(event('e1', { status: 'completed', version: 2 }));
    await harness.fixture.whenStable();
    const start = Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Start simulator') as HTMLButtonElement;
    start.click();
    const started = http.expectOne('/api/simulator/start');
    expect(started.request.body).toMatchObject({ ratePerSec: 10 });
    started.flush({ ...STOPPED, running: true, ratePerSec: 10 });
    await harness.fixture.whenStable();
    expect(el.querySelector('[data-testid="simulator-state"]')?.textContent).toBe('running at 10/s');
  });

  it('offers no actions to a viewer', async () => {
    const { harness, list, el } = await open('/events', 'viewer');
    list().flush(page([event('e1')]));
    await harness.fixture.whenStable();
    expect(el.querySelector('tr[data-row-id="e1"] input[type="checkbox"]')).toBeNull();
    expect(Array.from(el.querySelectorAll('button')).some((b) => b.textContent?.trim() === 'Start simulator')).toBe(false);
  });
});

import { HttpErrorResponse } from '@angular/common/http';
import { Component, inject, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { NEVER, Observable, Subject, of, throwError } from 'rxjs';
import { EventsApi, SocketService } from '@pulseboard/console/data-access';
import { Page, PulseEvent } from '@pulseboard/shared/contracts';
import { EventsStore } from './events.store';

let seq = 0;
const event = (over: Partial<PulseEvent> = {}): PulseEvent => ({
  id: `e${++seq}`,
  type: 'deploy',
  source: 'ci',
  title: `Event ${seq}`,
  severity: 'info',
  payload: { n: seq },
  status: 'open',
  occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  completedAt: null,
  completedBy: null,
  version: 1,
  ...over,
});

@Component({ template: '', providers: [EventsStore] })
class Host {
  readonly store = inject(EventsStore);
}

describe('EventsStore', () => {
  let created: Subject<PulseEvent>;
  let lists: Subject<Page<PulseEvent>>[];
  let complete: jest.Mock;
  let snack: jest.Mock;
  let harness: RouterTestingHarness;

  async function open(url = '/events'): Promise<EventsStore> {
    created = new Subject();
    lists = [];
    complete = jest.fn();
    snack = jest.fn();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'events', component: Host }]),
        {
          provide: SocketService,
          useValue: {
            status: signal('connected'),
            subscribe: () => of({ ok: true, replay: {} }),
            on: (name: string) => (name === 'event.created' ? created : NEVER) as Observable<unknown>,
          },
        },
        {
          provide: EventsApi,
          useValue: {
            list: () => {
              const s = new Subject<Page<PulseEvent>>();
              lists.push(s);
              return s;
            },
            complete,
            simulator: () => NEVER,
          },
        },
        { provide: MatSnackBar, useValue: { open: snack } },
      ],
    });
    harness = await RouterTestingHarness.create();
    return (await harness.navigateByUrl(url, Host)).store;
  }

  const answer = (items: PulseEvent[], total: number, page = 1) =>
    lists[lists.length - 1].next({ items, total, page, pageSize: 20, nextCursor: null });

  it('on page 2, a new event leaves the rows alone, grows the total and offers "1 new event"', async () => {
    const store = await open('/events?page=2');
    const rows = [event(), event()];
    answer(rows, 22, 2);

    created.next(event());
    expect(store.list.items()).toEqual(rows);
    expect(store.list.total()).toBe(23);
    expect(store.pendingNew()).toBe(1);

    // The same push again (e.g. after a reconnect) is not a second new event.
    const again = event();
    created.next(again);
    created.next(again);
    expect(store.list.total()).toBe(24);
    expect(store.pendingNew()).toBe(2);
  });

  it('leads from "N new events" to the first page, newest first', async () => {
    const store = await open('/events?page=3&sort=title');
    answer([event()], 41, 3);
    created.next(event());
    store.showNew();
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/events');
    expect(store.pendingNew()).toBe(0);
  });

  it('does not count an event pushed while the first page loads twice', async () => {
    const store = await open('/events');
    const early = event();
    // Pushed while the request is in flight: the answer already holds it.
    created.next(early);
    answer([early], 1);
    expect(store.list.items()).toEqual([early]);
    expect(store.list.total()).toBe(1);

    // And its push arriving after the answer changes nothing either.
    created.next(early);
    expect(store.list.total()).toBe(1);
    expect(store.pendingNew()).toBe(0);
  });

  it('does not count an event the answer already holds when its push comes after it (filtered first page)', async () => {
    const store = await open('/events?status=open');
    const early = event();
    // The page was read after the event was stored but before its push arrived.
    answer([early], 1);
    created.next(early);
    expect(store.list.items()).toEqual([early]);
    expect(store.list.total()).toBe(1);
    expect(store.pendingNew()).toBe(0);
  });

  it('puts a new event on top of the first page with the default sort and no filter', async () => {
    const store = await open('/events');
    const old = event();
    answer([old], 1);
    const fresh = event();
    created.next(fresh);
    expect(store.list.items().map((e) => e.id)).toEqual([fresh.id, old.id]);
    expect(store.list.total()).toBe(2);
    expect(store.pendingNew()).toBe(0);
  });

  it('counts only new events that match the filters', async () => {
    const store = await open('/events?severity=error');
    answer([], 0);
    created.next(event({ severity: 'info' }));
    created.next(event({ severity: 'error' }));
    expect(store.pendingNew()).toBe(1);
    expect(store.list.total()).toBe(1);
  });

  it('completes the checked open events with one request each and reports the failures', async () => {
    const store = await open('/events');
    const [a, b, c] = [event(), event(), event()];
    answer([a, b, c], 3);
    complete.mockImplementation((id: string) =>
      id === b.id
        ? throwError(
            () =>
              new HttpErrorResponse({
                status: 409,
                error: { statusCode: 409, message: `Event ${id} is already completed`, error: 'Conflict' },
              }),
          )
        : of({ ...[a, b, c].find((e) => e.id === id), status: 'completed', version: 2 }),
    );
    store.select(new Set([a.id, b.id, c.id]));
    expect(store.selectedOpen()).toHaveLength(3);

    store.completeSelected();

    expect(complete.mock.calls).toEqual([
      [a.id, 1],
      [b.id, 1],
      [c.id, 1],
    ]);
    expect(store.list.items().find((e) => e.id === a.id)?.status).toBe('completed');
    expect(store.list.items().find((e) => e.id === c.id)?.status).toBe('completed');
    expect(snack).toHaveBeenCalledWith(
      `Completed 2 of 3 events; 1 failed: Event ${b.id} is already completed.`,
      'Dismiss',
      expect.anything(),
    );
    // The failed one stays checked; the page reloads to show its current state.
    expect([...store.selected()]).toEqual([b.id]);
    expect(lists).toHaveLength(2);
    expect(store.actions.busy().size).toBe(0);
  });

  it('says how many were completed when all succeed', async () => {
    const store = await open('/events');
    const [a, b] = [event(), event({ status: 'completed' })];
    answer([a, b], 2);
    complete.mockImplementation((id: string) => of({ ...a, id, status: 'completed', version: 2 }));
    store.select(new Set([a.id, b.id]));
    store.completeSelected();
    // Only the open one is sent.
    expect(complete).toHaveBeenCalledTimes(1);
    expect(snack).toHaveBeenCalledWith('Completed 1 event.', 'Dismiss', expect.anything());
    expect(store.selected().size).toBe(0);
  });
});

import { HttpErrorResponse } from '@angular/common/http';
import { Component, inject, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatSnackBar } from '@angular/material/snack-bar';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Observable, of, Subject } from 'rxjs';
import { CountersApi, SocketService } from '@pulseboard/console/data-access';
import { counterFixture } from '@pulseboard/console/data-access/testing';
import { Counter, Page } from '@pulseboard/shared/contracts';
import { CountersStore } from './counters.store';

const counter = (over: Partial<Counter> = {}) => counterFixture({ id: 'a', name: 'A', max: 100, ...over });

@Component({ template: '', providers: [CountersStore] })
class Host {
  readonly store = inject(CountersStore);
}

describe('CountersStore', () => {
  let updated: Subject<Counter>;
  let deleted: Subject<{ id: string }>;
  let lists: Subject<Page<Counter>>[];
  let subscribedTopics: string[][];
  let act: jest.Mock;
  let snack: jest.Mock;

  async function open(url = '/counters'): Promise<CountersStore> {
    updated = new Subject();
    deleted = new Subject();
    lists = [];
    subscribedTopics = [];
    act = jest.fn();
    snack = jest.fn();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'counters', component: Host }]),
        {
          provide: SocketService,
          useValue: {
            status: signal('connected'),
            subscribe: (topics: string[]) => {
              subscribedTopics.push(topics);
              return of({ ok: true, replay: {} });
            },
            on: (event: string) => (event === 'counter.updated' ? updated : deleted) as Observable<unknown>,
          },
        },
        {
          provide: CountersApi,
          useValue: {
            list: () => {
              const s = new Subject<Page<Counter>>();
              lists.push(s);
              return s;
            },
            act,
            remove: jest.fn(),
            create: jest.fn(),
          },
        },
        { provide: MatSnackBar, useValue: { open: snack } },
      ],
    });
    const harness = await RouterTestingHarness.create();
    const host = await harness.navigateByUrl(url, Host);
    return host.store;
  }

  const answer = (items: Counter[], total = items.length) =>
    lists[lists.length - 1].next({ items, total, page: 1, pageSize: 20, nextCursor: null });

  it('subscribes to the counters topic and loads the page from the URL', async () => {
    const store = await open('/counters?page=2&status=running');
    expect(subscribedTopics).toEqual([['counters']]);
    expect(lists).toHaveLength(1);
    expect(store.list.query()).toMatchObject({ pageIndex: 1, filters: { status: 'running' } });
  });

  it('patches a row in place from a pushed tick, and drops a stale version', async () => {
    const store = await open();
    answer([counter({ id: 'a', status: 'running', version: 2, value: 3 }), counter({ id: 'b', name: 'B' })], 30);
    updated.next(counter({ id: 'a', status: 'running', version: 2, value: 4, updatedAt: '2026-01-01T00:00:04.000Z' }));
    expect(store.list.items()[0].value).toBe(4);
    updated.next(counter({ id: 'a', status: 'running', version: 1, value: 1 })); // older than what is on screen
    expect(store.list.items()[0].value).toBe(4);
    updated.next(counter({ id: 'a', status: 'paused', version: 3, value: 4 }));
    expect(store.list.items()[0]).toMatchObject({ status: 'paused', version: 3 });
    expect(store.list.total()).toBe(30);
    expect(lists).toHaveLength(1); // never reloads
  });

  it('shows a counter created elsewhere on the first page and counts it; ignores ticks of rows on other pages', async () => {
    const store = await open();
    answer([counter({ id: 'a' })]);
    updated.next(counter({ id: 'new', name: 'New', version: 1 }));
    expect(store.list.items().map((c) => c.id)).toEqual(['new', 'a']);
    expect(store.list.total()).toBe(2);
    updated.next(counter({ id: 'elsewhere', status: 'running', version: 4 }));
    expect(store.list.items().map((c) => c.id)).toEqual(['new', 'a']);
    expect(store.list.total()).toBe(2);
  });

  it('removes a deleted counter and lowers the total', async () => {
    const store = await open();
    answer([counter({ id: 'a' }), counter({ id: 'b' })], 2);
    deleted.next({ id: 'a' });
    expect(store.list.items().map((c) => c.id)).toEqual(['b']);
    expect(store.list.total()).toBe(1);
  });

  it("applies an action's answer and shows a 409 in a snackbar without changing the row", async () => {
    const store = await open();
    answer([counter({ id: 'a', initial: 0, min: 0, value: 0 })]);
    const reply = new Subject<Counter>();
    act.mockReturnValue(reply);
    store.act(store.list.items()[0], 'decrement', 1);
    expect(act).toHaveBeenCalledWith('a', 'decrement', 1);
    expect(store.actions.busy().has('a')).toBe(true);
    reply.error(
      new HttpErrorResponse({
        status: 409,
        error: { statusCode: 409, message: "Counter 'A' would go below its minimum 0; value is 0", error: 'Conflict' },
      }),
    );
    expect(snack).toHaveBeenCalledWith("Counter 'A' would go below its minimum 0; value is 0.", 'Dismiss', { duration: 6000 });
    expect(store.actions.busy().has('a')).toBe(false);
    expect(store.list.items()[0]).toMatchObject({ value: 0, version: 1 });

    act.mockReturnValue(of(counter({ id: 'a', value: 1, version: 2 })));
    store.act(store.list.items()[0], 'increment', 1);
    expect(store.list.items()[0]).toMatchObject({ value: 1, version: 2 });
  });
});

import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Subject } from 'rxjs';
import { Page } from '@pulseboard/shared/contracts';
import { isNewer, pagedQuery } from './paged-query';

interface Row {
  id: string;
  name: string;
  version: number;
}

const page = (items: Row[], total = items.length, pageSize = 20): Page<Row> => ({ items, total, page: 1, pageSize, nextCursor: null });

let calls: { params: string; answer: Subject<Page<Row>> }[] = [];

@Component({ template: '' })
class ListPage {
  readonly list = pagedQuery<Row, 'status'>({
    filterKeys: ['status'],
    defaultSort: { active: 'createdAt', direction: 'desc' },
    load: (params) => {
      const answer = new Subject<Page<Row>>();
      calls.push({ params: params.toString(), answer });
      return answer;
    },
  });
}

async function open(url: string) {
  calls = [];
  TestBed.configureTestingModule({ providers: [provideRouter([{ path: 'list', component: ListPage }])] });
  const harness = await RouterTestingHarness.create();
  const component = await harness.navigateByUrl(url, ListPage);
  return { list: component.list, router: TestBed.inject(Router), harness };
}

/** Waits until the navigation started by the store has finished. */
const settle = (harness: RouterTestingHarness) => harness.fixture.whenStable();

describe('pagedQuery', () => {
  it('loads the page described by the URL', async () => {
    const { list } = await open('/list?page=2&sort=name&status=failed');
    expect(calls.map((c) => c.params)).toEqual(['page=2&pageSize=20&sort=name&status=failed']);
    expect(list.loading()).toBe(true);
    expect(list.empty()).toBe(false);
    expect(list.query()).toEqual({ pageIndex: 1, pageSize: 20, sortActive: 'name', sortDirection: 'asc', filters: { status: 'failed' } });

    calls[0].answer.next(page([{ id: 'a', name: 'A', version: 1 }], 21));
    expect(list.loading()).toBe(false);
    expect(list.items()).toHaveLength(1);
    expect(list.total()).toBe(21);
    expect(list.empty()).toBe(false);
  });

  it('is empty once a page without rows has loaded, and not while loading or failed', async () => {
    const { list } = await open('/list');
    expect(list.empty()).toBe(false);
    calls[0].answer.next(page([]));
    expect(list.empty()).toBe(true);
    list.reload();
    calls.at(-1)?.answer.error(new Error('down'));
    expect(list.error()).not.toBeNull();
    expect(list.empty()).toBe(false);
  });

  it('puts a page change in the URL and loads it', async () => {
    const { list, router, harness } = await open('/list');
    list.setPage({ pageIndex: 2, pageSize: 50 });
    await settle(harness);
    expect(router.url).toBe('/list?page=3&pageSize=50');
    expect(calls.at(-1)?.params).toBe('page=3&pageSize=50&sort=-createdAt');
  });

  it('goes back to the first page when the sort changes, and drops the answer of the old page', async () => {
    const { list, router, harness } = await open('/list?page=4');
    list.setSort({ active: 'name', direction: 'asc' });
    await settle(harness);
    expect(router.url).toBe('/list?sort=name');
    expect(calls.map((c) => c.params)).toEqual(['page=4&pageSize=20&sort=-createdAt', 'page=1&pageSize=20&sort=name']);

    calls[1].answer.next(page([{ id: 'new', name: 'N', version: 1 }]));
    calls[0].answer.next(page([{ id: 'stale', name: 'S', version: 1 }]));
    expect(list.items().map((r) => r.id)).toEqual(['new']);
  });

  it('goes back to the first page when a filter changes, and clears a filter with null', async () => {
    const { list, router, harness } = await open('/list?page=3&status=failed');
    list.setFilters({ status: 'active' });
    await settle(harness);
    expect(router.url).toBe('/list?status=active');
    list.setFilters({ status: null });
    await settle(harness);
    expect(router.url).toBe('/list');
    expect(calls.at(-1)?.params).toBe('page=1&pageSize=20&sort=-createdAt');
  });

  it('reloads the current page on demand', async () => {
    const { list } = await open('/list?page=2');
    list.reload();
    expect(calls.map((c) => c.params)).toEqual(['page=2&pageSize=20&sort=-createdAt', 'page=2&pageSize=20&sort=-createdAt']);
  });

  it('patches rows with newer versions only, and keeps the page', async () => {
    const { list } = await open('/list?page=2');
    calls[0].answer.next(
      page(
        [
          { id: 'a', name: 'A', version: 2 },
          { id: 'b', name: 'B', version: 1 },
        ],
        30,
      ),
    );

    expect(list.patch({ id: 'a', name: 'A old', version: 1 })).toBe(true);
    expect(list.items()[0].name).toBe('A');
    expect(list.patch({ id: 'a', name: 'A new', version: 3 })).toBe(true);
    expect(list.items()[0].name).toBe('A new');
    expect(list.patch({ id: 'zzz', name: 'elsewhere', version: 1 })).toBe(false);
    expect(list.query().pageIndex).toBe(1);
    expect(calls).toHaveLength(1);
  });

  it('counts inserted and removed items, showing new ones only on the first page', async () => {
    const { list } = await open('/list');
    calls[0].answer.next(
      page(
        [
          { id: 'a', name: 'A', version: 1 },
          { id: 'b', name: 'B', version: 1 },
        ],
        2,
        2,
      ),
    );

    list.insert({ id: 'c', name: 'C', version: 1 });
    expect(list.items().map((r) => r.id)).toEqual(['c', 'a']);
    expect(list.total()).toBe(3);

    list.remove('a');
    expect(list.items().map((r) => r.id)).toEqual(['c']);
    expect(list.total()).toBe(2);
    list.remove('not-on-screen');
    expect(list.total()).toBe(2);
  });
});

describe('isNewer', () => {
  it('compares versions, else update times', () => {
    expect(isNewer({ id: '1', version: 2 }, { id: '1', version: 3 })).toBe(false);
    expect(isNewer({ id: '1', version: 3 }, { id: '1', version: 3 })).toBe(true);
    expect(isNewer({ id: '1', updatedAt: '2024-01-01T00:00:01Z' }, { id: '1', updatedAt: '2024-01-01T00:00:00Z' })).toBe(true);
    expect(isNewer({ id: '1', updatedAt: '2024-01-01T00:00:00Z' }, { id: '1', updatedAt: '2024-01-01T00:00:01Z' })).toBe(false);
  });
});

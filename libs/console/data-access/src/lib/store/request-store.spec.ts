import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { Observable, Subject, of, throwError } from 'rxjs';
import { RequestStore, requestStore } from './request-store';

describe('RequestStore', () => {
  it('loads at once and exposes loading, then data', () => {
    const answer = new Subject<number>();
    const store = TestBed.runInInjectionContext(() => requestStore(() => answer));
    expect(store.loading()).toBe(true);
    expect(store.data()).toBeUndefined();

    answer.next(42);
    expect(store.loading()).toBe(false);
    expect(store.data()).toBe(42);
    expect(store.hasData()).toBe(true);
    expect(store.error()).toBeNull();
  });

  it('turns a failure into a human message and keeps the previous data', () => {
    let fail = false;
    const store = TestBed.runInInjectionContext(() =>
      requestStore<number>(() =>
        fail
          ? throwError(() => new HttpErrorResponse({ status: 503, error: { statusCode: 503, message: 'Redis is down', error: 'x' } }))
          : of(1),
      ),
    );
    expect(store.data()).toBe(1);

    fail = true;
    store.reload();
    expect(store.error()).toBe('Redis is down.');
    expect(store.data()).toBe(1);
    expect(store.loading()).toBe(false);

    fail = false;
    store.reload();
    expect(store.error()).toBeNull();
  });

  it('drops the answer of a request overtaken by a newer one', () => {
    const slow = new Subject<string>();
    const fast = new Subject<string>();
    const store = TestBed.runInInjectionContext(() => new RequestStore<string>());
    store.run(slow);
    store.run(fast);
    fast.next('new');
    slow.next('stale');
    expect(store.data()).toBe('new');
  });

  it('updates the data locally, but not before a first answer', () => {
    const store = TestBed.runInInjectionContext(() => new RequestStore<number[]>());
    store.update((list) => [...list, 1]);
    expect(store.data()).toBeUndefined();
    store.run(of([0]));
    store.update((list) => [...list, 1]);
    expect(store.data()).toEqual([0, 1]);
  });

  it('stops with its owner', () => {
    let subscribed = 0;
    const source = new Observable<number>(() => {
      subscribed++;
    });
    const store = TestBed.runInInjectionContext(() => new RequestStore<number>(() => source));
    TestBed.resetTestingModule();
    store.reload();
    expect(subscribed).toBe(0);
  });
});

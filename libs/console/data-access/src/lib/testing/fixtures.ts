// For specs only: contract-shaped values with overridable fields, and a signed-in user.
import { signal } from '@angular/core';
import { roleAtLeast, type Counter, type Page, type Role } from '@pulseboard/shared/contracts';

/** One page holding `items` (page 1 of 20 unless given). */
export function pageOf<T>(items: T[], total = items.length, page = 1, pageSize = 20): Page<T> {
  return { items, total, page, pageSize, nextCursor: null };
}

/** An idle, unbounded counter at 0 ticking +1 every second, with `over` on top. */
export function counterFixture(over: Partial<Counter> = {}): Counter {
  return {
    id: 'c',
    name: 'c',
    value: 0,
    initial: 0,
    min: null,
    max: null,
    step: 1,
    intervalMs: 1000,
    status: 'idle',
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

/** An AuthService stand-in signed in with `role`: `{ provide: AuthService, useValue: fakeAuth('viewer') }`. */
export function fakeAuth(role: Role = 'operator', username = 'op') {
  return { user: signal({ id: 'u', username, role }), hasRole: (required: Role) => roleAtLeast(role, required) };
}

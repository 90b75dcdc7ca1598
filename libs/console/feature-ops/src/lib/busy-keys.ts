import { Signal, signal } from '@angular/core';

/** Keys (rows, or a page-wide action) with a request in flight; their buttons are disabled meanwhile. */
export class BusyKeys {
  private readonly keys = signal<ReadonlySet<string>>(new Set());
  readonly all: Signal<ReadonlySet<string>> = this.keys.asReadonly();

  has(key: string): boolean {
    return this.keys().has(key);
  }

  set(key: string, busy: boolean): void {
    this.keys.update((s) => {
      const next = new Set(s);
      if (busy) next.add(key);
      else next.delete(key);
      return next;
    });
  }
}

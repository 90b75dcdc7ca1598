// Group commit for writes that arrive concurrently (SQLite's one connection: per-statement overhead and the commit's
// fsync dominate; PostgreSQL: one round trip and one commit instead of many).

/**
 * Group commit: calls made while a statement is running are written together by the next one, so under load there
 * is one statement per batch instead of one per item, and when idle a call waits only for the current turn of the
 * event loop. An id appears at most once per batch (a replay waits for the next batch, as it would have waited its
 * turn). `write` must be atomic (one statement, or one transaction): when a batch of several fails, each item is
 * written alone, so only the items that fail by themselves are rejected.
 */
export class WriteBatcher<T extends { id: string }, R> {
  private queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private running = false;

  constructor(
    /** Writes the items; gives each its result in order (nothing, when R is void). */
    private readonly write: (items: T[]) => Promise<R[] | void>,
    /** At most this many items per write (keep rows × columns under the driver's parameter limit). */
    private readonly max: number,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch: typeof this.queue = [];
      const rest: typeof this.queue = [];
      const keys = new Set<string>();
      for (const entry of this.queue) {
        const key = entry.item.id;
        if (batch.length < this.max && !keys.has(key)) {
          keys.add(key);
          batch.push(entry);
        } else {
          rest.push(entry);
        }
      }
      this.queue = rest;
      try {
        const results = await this.write(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(results?.[i] as R));
      } catch (e) {
        if (batch.length === 1) batch[0].reject(e);
        // One statement is atomic: nothing of the batch was written. Each item is tried alone, so an item the
        // database refuses (a value PostgreSQL cannot store) fails by itself, not every caller grouped with it.
        else for (const b of batch) await this.write([b.item]).then((r) => b.resolve(r?.[0] as R), b.reject);
      }
    }
    this.running = false;
  }
}

import { WriteBatcher } from './write-batcher';

type Item = { id: string; n: number };

/** A write that holds its first call until released, recording every batch. */
function recorder(fail?: (items: Item[]) => boolean) {
  const batches: string[][] = [];
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const write = async (items: Item[]) => {
    batches.push(items.map((i) => i.id));
    if (batches.length === 1) await held;
    if (fail?.(items)) throw new Error('write failed');
    return items.map((i) => i.n * 10);
  };
  return { batches, release, write };
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 1000 && !cond(); i++) await new Promise((r) => setImmediate(r));
  expect(cond()).toBe(true);
};

describe('WriteBatcher', () => {
  it('writes what arrives while a write runs as the next batch, each caller getting its own result', async () => {
    const r = recorder();
    const b = new WriteBatcher<Item, number>(r.write, 100);
    const first = b.add({ id: 'a', n: 1 });
    await until(() => r.batches.length === 1);
    const rest = ['b', 'c', 'd'].map((id, i) => b.add({ id, n: i + 2 }));
    r.release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(r.batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('keeps batches at most `max` long and an id at most once per batch', async () => {
    const r = recorder();
    const b = new WriteBatcher<Item, number>(r.write, 2);
    const first = b.add({ id: 'a', n: 1 });
    await until(() => r.batches.length === 1);
    const rest = [b.add({ id: 'x', n: 2 }), b.add({ id: 'x', n: 3 }), b.add({ id: 'y', n: 4 }), b.add({ id: 'z', n: 5 })];
    r.release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40, 50]);
    expect(r.batches).toEqual([['a'], ['x', 'y'], ['x', 'z']]);
  });

  it('retries a failed batch item by item, so only the item that fails by itself is rejected', async () => {
    const r = recorder((items) => items.some((i) => i.id === 'bad'));
    const b = new WriteBatcher<Item, number>(r.write, 2);
    const first = b.add({ id: 'a', n: 1 });
    await until(() => r.batches.length === 1);
    const bad = b.add({ id: 'bad', n: 2 });
    const good = b.add({ id: 'b', n: 3 });
    const next = b.add({ id: 'c', n: 4 });
    r.release();
    await expect(first).resolves.toBe(10);
    await expect(bad).rejects.toThrow('write failed');
    await expect(good).resolves.toBe(30);
    await expect(next).resolves.toBe(40);
    expect(r.batches).toEqual([['a'], ['bad', 'b'], ['bad'], ['b'], ['c']]);
  });

  it('rejects a lone item whose write fails, once', async () => {
    const writes: string[][] = [];
    const b = new WriteBatcher<Item, number>(async (items) => {
      writes.push(items.map((i) => i.id));
      throw new Error('down');
    }, 10);
    await expect(b.add({ id: 'a', n: 1 })).rejects.toThrow('down');
    expect(writes).toEqual([['a']]);
  });

  it('writes a lone call on the next turn, without waiting for company', async () => {
    const writes: Item[][] = [];
    const b = new WriteBatcher<Item, number>(async (items) => (writes.push(items), items.map((i) => i.n)), 10);
    await expect(b.add({ id: 'a', n: 7 })).resolves.toBe(7);
    expect(writes).toHaveLength(1);
  });
});

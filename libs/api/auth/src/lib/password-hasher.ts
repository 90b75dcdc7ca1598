import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export const BCRYPT_ROUNDS = 10;

/** A bcrypt hash of nothing anyone uses: unknown usernames are compared against it so timing reveals nothing. */
export const DUMMY_HASH = '$2b$10$eZGS6YQs90Bk.dn8YUpJrunWMcUyimaXot0lamRZUvrG9Rw0jBEYC';

// bcryptjs is pure JS: a cost-10 compare is ~50 ms of CPU, and its "async" API runs it in chunks of up to 100 ms on
// the event loop, which stalled every other request for that long. Here it runs in worker threads instead.
// Evaluated source (not a file) so the webpack bundle needs no second entry; bcryptjs is resolved from the entry
// script's node_modules (node_modules stay external in the bundle), else from the working directory.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let bcrypt;
try { bcrypt = require('node:module').createRequire(workerData.base)('bcryptjs'); } catch { bcrypt = require('bcryptjs'); }
parentPort.on('message', (m) => {
  try {
    const result = m.op === 'hash' ? bcrypt.hashSync(m.password, m.rounds) : bcrypt.compareSync(m.password, m.hash);
    parentPort.postMessage({ id: m.id, result });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String((e && e.message) || e) });
  }
});
`;

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

interface PoolWorker {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** bcrypt hash and compare off the event loop, in a small pool of worker threads started on first use. */
@Injectable()
export class PasswordHasher implements OnApplicationShutdown {
  /**
   * One thread per core but one (the event loop's), at least 2, at most 4. Two on a 2-core machine: with one, 20
   * logins/s queued up (login p50 ~0.9 s); with two, p50 ~70 ms while other requests' p99 stayed ~25 ms
   * (bench/login-latency.bench.mjs, bench/RESULTS.md).
   */
  readonly poolSize = Math.min(4, Math.max(2, availableParallelism() - 1));
  private readonly pool: PoolWorker[] = [];
  private nextId = 1;
  private closed = false;

  hash(password: string): Promise<string> {
    return this.run({ op: 'hash', password, rounds: BCRYPT_ROUNDS }) as Promise<string>;
  }

  compare(password: string, hash: string): Promise<boolean> {
    return this.run({ op: 'compare', password, hash }) as Promise<boolean>;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await Promise.all(this.pool.splice(0).map((p) => p.worker.terminate()));
  }

  private run(msg: Record<string, unknown>): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('password hasher is shut down'));
    const p = this.pick();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      p.pending.set(id, { resolve, reject });
      p.worker.postMessage({ ...msg, id });
    });
  }

  /** The least busy worker, starting another while the pool is not full and all are busy. */
  private pick(): PoolWorker {
    let best = this.pool[0];
    for (const p of this.pool) if (p.pending.size < best.pending.size) best = p;
    if (best && (best.pending.size === 0 || this.pool.length >= this.poolSize)) return best;
    return this.start();
  }

  private start(): PoolWorker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { base: process.argv[1] ?? `${process.cwd()}/` } });
    worker.unref();
    const p: PoolWorker = { worker, pending: new Map() };
    worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const job = p.pending.get(m.id);
      if (!job) return;
      p.pending.delete(m.id);
      if (m.error !== undefined) job.reject(new Error(m.error));
      else job.resolve(m.result);
    });
    const fail = (e: Error) => {
      const i = this.pool.indexOf(p);
      if (i >= 0) this.pool.splice(i, 1);
      for (const job of p.pending.values()) job.reject(e);
      p.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`password worker exited with code ${code}`)));
    this.pool.push(p);
    return p;
  }
}

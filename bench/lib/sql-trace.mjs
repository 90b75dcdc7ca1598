// Reads the per-statement SQL timings that bench/lib/sql-trace-preload.cjs collects inside the API (SIGWINCH dumps them).
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { sleep, summary } from './common.mjs';

// -------- SQL trace access -------------------------------------------------------------------------------------
/**
 * Sends SIGWINCH once to `child`, whose preloads (sql-trace, loop-delay) each write a JSON file on it and reset, and
 * gives what each of `paths` holds (null when one was not written within 2 s). Old files go first, so what is read
 * is always from this signal.
 */
export async function signalDump(child, paths) {
  for (const p of paths) if (existsSync(p)) unlinkSync(p);
  child.kill('SIGWINCH');
  const read = (p) => {
    try {
      return JSON.parse(readFileSync(p, 'utf8'));
    } catch {
      return undefined; // not written yet, or still being written
    }
  };
  const out = paths.map(() => undefined);
  for (let i = 0; i < 100 && out.some((x) => x === undefined); i++) {
    await sleep(20);
    paths.forEach((p, k) => (out[k] ??= read(p)));
  }
  return out.map((x) => x ?? null);
}

export async function sqlTrace(api, tracePath) {
  const [trace] = await signalDump(api, [tracePath]);
  return trace ?? [];
}
export function traceRows(trace) {
  return trace.map((s) => ({ ...s, sum: summary(s.samples) })).sort((a, b) => b.totalMs - a.totalMs);
}

// Reads the per-statement SQL timings that bench/lib/sql-trace-preload.cjs collects inside the API (SIGWINCH dumps them).
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { sleep, summary } from './common.mjs';

// -------- SQL trace access -------------------------------------------------------------------------------------
export async function sqlTrace(api, tracePath) {
  if (existsSync(tracePath)) unlinkSync(tracePath);
  api.kill('SIGWINCH');
  for (let i = 0; i < 100; i++) {
    await sleep(20);
    if (existsSync(tracePath)) {
      try {
        return JSON.parse(readFileSync(tracePath, 'utf8'));
      } catch {
        /* still being written */
      }
    }
  }
  return [];
}
export function traceRows(trace) {
  return trace.map((s) => ({ ...s, sum: summary(s.samples) })).sort((a, b) => b.totalMs - a.totalMs);
}

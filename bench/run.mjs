#!/usr/bin/env node
// `npm run bench`: every bench/*.bench.mjs in turn, with this command's arguments (e.g. `npm run bench -- --smoke`).
// Exits non-zero when any bench fails its exactness checks.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .sort();
const failed = [];
for (const b of benches) {
  process.stdout.write(`\n=== ${b} ${process.argv.slice(2).join(' ')}\n`);
  const r = spawnSync(process.execPath, [join(dir, b), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) failed.push(b);
}
process.stdout.write(
  `\n${benches.length - failed.length} passed, ${failed.length} failed${failed.length ? `: ${failed.join(', ')}` : ''}\n`,
);
process.exit(failed.length ? 1 : 0);

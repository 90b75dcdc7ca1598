// PostgreSQL suites: on a machine without PostgreSQL, `npm test` skips them with one line saying how to run them
// (never silently, and counted as skipped); under CI=true they always run, so a missing PostgreSQL fails CI.
import { spawnSync } from 'node:child_process';
import { TEST_PG_URL } from './test-app';

let reachable: boolean | undefined;

/** Whether PostgreSQL at TEST_PG_URL accepts a TCP connection (asked once per test file, synchronously). */
export function postgresReachable(): boolean {
  if (reachable === undefined) {
    const u = new URL(TEST_PG_URL);
    const probe = `const s=require('net').connect(${Number(u.port || 5432)},${JSON.stringify(u.hostname)});s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));setTimeout(()=>process.exit(1),1500)`;
    reachable = spawnSync(process.execPath, ['-e', probe], { timeout: 3000 }).status === 0;
  }
  return reachable;
}

/** `describe` for a suite that needs PostgreSQL. */
export function describePostgres(name: string, fn: () => void): void {
  if (process.env['CI'] === 'true' || postgresReachable()) {
    describe(name, fn);
    return;
  }
  const u = new URL(TEST_PG_URL);
  process.stderr.write(
    `PostgreSQL is not reachable at ${u.host}: skipping "${name}". Start PostgreSQL (or set TEST_PG_URL) to run it; CI=true always runs it.\n`,
  );
  // The suite shows as skipped in jest's summary and in .ci/run's last line.
  const skipped = describe.skip;
  skipped(name, fn);
}

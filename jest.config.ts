import type { Config } from 'jest';
import { getJestProjectsAsync } from '@nx/jest';

// One jest run over every project, so `npm test` prints a single summary with real counts.
export default async (): Promise<Config> => ({
  projects: await getJestProjectsAsync(),
  // A global option (ignored in project configs): the integration helpers (waitFor, waitForStatus, nextSocketEvent)
  // wait up to 10-15 s for a condition; jest's default 5 s would cut them short and report a timeout instead.
  testTimeout: 30_000,
});

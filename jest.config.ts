import type { Config } from 'jest';
import { getJestProjectsAsync } from '@nx/jest';

// One jest run over every project, so `npm test` prints a single summary with real counts.
export default async (): Promise<Config> => ({
  projects: await getJestProjectsAsync(),
});

import { defineConfig, devices } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { E2E_ADMIN, E2E_BASE_URL, E2E_PORT } from './src/e2e-env';

/**
 * Browser tests of the built console, served by the built API (`node dist/apps/api/main.js`) on its own port
 * with a fresh SQLite file. `tools/e2e.mjs` builds both first.
 */
const workspaceRoot = resolve(__dirname, '../..');
const baseURL = E2E_BASE_URL;

// Workers load this file too; only the main process starts the server, so reuse its file name.
process.env['PB_E2E_SQLITE_PATH'] ??= join(workspaceRoot, 'tmp/e2e', `pulseboard-${Date.now()}-${process.pid}.sqlite`);
mkdirSync(join(workspaceRoot, 'tmp/e2e'), { recursive: true });
// Its own Bull queues: another run's API on the same Redis must not take (or pause) this run's jobs.
process.env['PB_E2E_QUEUE_PREFIX'] ??= `pbe2e-${Date.now()}-${process.pid}`;

export default defineConfig({
  testDir: './src',
  testMatch: '**/*.e2e.ts',
  globalTeardown: './src/global-teardown.ts',
  outputDir: join(workspaceRoot, 'dist/e2e/test-results'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env['CI'],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: join(workspaceRoot, 'dist/e2e/results.json') }]],
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    // Charts and the live dot then render without animation, so screenshots need no waiting.
    reducedMotion: 'reduce',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } } }],
  webServer: {
    command: 'node dist/apps/api/main.js',
    cwd: workspaceRoot,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    // The API's request log would bury the test report; its errors still show.
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(E2E_PORT),
      SQLITE_PATH: process.env['PB_E2E_SQLITE_PATH'],
      QUEUE_PREFIX: process.env['PB_E2E_QUEUE_PREFIX'],
      ADMIN_USERNAME: E2E_ADMIN.username,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      // The API requires at least 16 characters.
      JWT_SECRET: 'e2e-secret-for-browser-tests',
      // Each spec file sends its own X-Forwarded-For (test.use in the file), so the per-address login limit counts
      // files apart instead of throttling the whole suite.
      TRUST_PROXY: 'loopback',
      // A block every second, so the events e2e sees the simulated chain quickly.
      FEED_BLOCKS_SIM_INTERVAL_MS: '1000',
    },
  },
});

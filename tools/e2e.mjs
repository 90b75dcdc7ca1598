#!/usr/bin/env node
// Builds the console (production) and the API, then runs the Playwright browser tests against them.
// Exits with Playwright's exit code (or the failing build's).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const extraArgs = process.argv.slice(2);

function run(label, command, args) {
  console.log(`\n▶ ${label}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.error) {
    console.error(`✖ ${label}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

if (!existsSync('/usr/bin/chromium')) {
  console.error('✖ Chromium is expected at /usr/bin/chromium (apt-get install chromium).');
  process.exit(1);
}

for (const [label, args] of [
  ['build console', ['nx', 'build', 'console', '--configuration=production']],
  ['build api', ['nx', 'build', 'api']],
]) {
  const code = run(label, 'npx', args);
  if (code !== 0) process.exit(code);
}

process.exit(run('playwright', 'npx', ['playwright', 'test', '-c', 'apps/console-e2e/playwright.config.ts', ...extraArgs]));

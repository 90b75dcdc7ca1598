#!/usr/bin/env node
// `nx serve api` / `nx serve worker`: a development build that rebuilds on every change (webpack --watch) and a
// process restarted on every rebuild (node --watch-path), with source maps. Ctrl-C stops both.
//
//   node tools/dev-serve.mjs api|worker
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const app = process.argv[2];
if (!['api', 'worker'].includes(app)) {
  console.error('usage: node tools/dev-serve.mjs api|worker');
  process.exit(2);
}
const out = join('dist/apps', app);
const main = join(out, 'main.js');
const children = [];
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

rmSync(main, { force: true });
const build = spawn('npx', ['webpack-cli', 'build', '--config', `apps/${app}/webpack.config.js`, '--node-env=development', '--watch'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, NX_DAEMON: 'false' },
});
children.push(build);
let started = false;
build.stdout.on('data', (d) => {
  process.stdout.write(d);
  if (!started && /compiled/i.test(d.toString()) && existsSync(main)) {
    started = true;
    const run = spawn(process.execPath, ['--enable-source-maps', `--watch-path=${out}`, main], {
      stdio: 'inherit',
      env: { NODE_ENV: 'development', ...process.env },
    });
    children.push(run);
    run.on(
      'exit',
      (code) => code && code !== 0 && console.error(`[dev-serve] ${app} exited with ${code}; it restarts on the next rebuild`),
    );
  }
});
build.on('exit', (code) => {
  stop();
  process.exit(code ?? 0);
});

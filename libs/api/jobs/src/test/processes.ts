// Child processes for the resilience tests: a private redis-server and apps/worker run from source.
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from '@pulseboard/api/testing';

const ROOT = join(__dirname, '../../../../..');

export interface Child {
  proc: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
}

const children = new Set<ChildProcess>();

/** Kills every child this file started that is still running (for afterAll, also after a failed start). */
export function killAll(): void {
  for (const p of children) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
}

function track(proc: ChildProcess): Child {
  children.add(proc);
  proc.once('exit', () => children.delete(proc));
  let out = '';
  proc.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | string>((r) => proc.once('exit', (code, signal) => r(code ?? signal ?? -1)));
  return { proc, output: () => out, exited };
}

export async function startRedis(port: number): Promise<Child> {
  const c = track(
    spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
  await waitFor(() => /Ready to accept connections/.test(c.output()), { what: 'redis-server to start' });
  return c;
}

/** apps/worker/src/main.ts through ts-node (transpile only), with `env` on top of this process's environment. */
export async function startWorker(env: Record<string, string>): Promise<Child> {
  const c = track(
    spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(ROOT, 'apps/worker/src/main.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'apps/worker/tsconfig.app.json'), ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    ),
  );
  await waitFor(
    () => {
      if (c.proc.exitCode !== null) throw new Error(`worker exited: ${c.output()}`);
      return /Pulseboard worker ready/.test(c.output());
    },
    { what: 'the worker to start', timeoutMs: 60_000, intervalMs: 100 },
  );
  return c;
}

export async function stop(c: Child | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | string | undefined> {
  if (!c || c.proc.exitCode !== null || c.proc.signalCode !== null) return undefined;
  c.proc.kill(signal);
  return c.exited;
}

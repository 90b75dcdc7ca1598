// SIGTERM with work open: the API ends its event streams, tells its sockets "server restarting", and exits within
// SHUTDOWN_TIMEOUT_MS; a worker finishes the job it is running before it exits.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, test } from 'node:test';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { deploymentEnv, http as call, killAll, login, startApi, startWorker, tempDir, waitFor } from './lib.mjs';

const tmp = tempDir();
after(() => {
  killAll();
  tmp.remove();
});

test(
  'the API on SIGTERM: SSE streams end with a shutdown event, sockets hear "server restarting", exit 0 in time',
  { timeout: 60_000 },
  async (t) => {
    const api = await startApi(deploymentEnv({ SQLITE_PATH: join(tmp.dir, 'api.sqlite'), SHUTDOWN_TIMEOUT_MS: '5000' }));
    const token = await login(api.url);
    const job = (
      await call(api.url, 'POST', '/api/jobs', { token, body: { type: 'demo.simulate', payload: { durationMs: 0 }, delayMs: 600_000 } })
    ).json;

    let sse = '';
    const sseEnded = new Promise((resolve) => {
      http.get(`${api.url}/api/jobs/${job.id}/stream`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.on('data', (c) => (sse += c));
        res.on('end', resolve);
        res.on('error', resolve);
      });
    });
    const socket = io(api.url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false });
    const ended = new Promise((resolve) => socket.on('session.ended', resolve));
    const disconnected = new Promise((resolve) => socket.on('disconnect', resolve));
    await new Promise((resolve, reject) => (socket.once('connect', resolve), socket.once('connect_error', reject)));
    await waitFor(() => sse.includes('event: job'), 'the stream to start', 10_000);

    const started = Date.now();
    api.proc.kill('SIGTERM');
    assert.deepEqual(await ended, { reason: 'server-restarting' });
    // The server closes the connection right after the event: the client sees it as a server or transport close.
    assert.match(await disconnected, /^(io server disconnect|transport close)$/);
    await sseEnded;
    assert.match(sse, /event: shutdown\ndata: \{"reason":"server restarting"\}/);
    const code = await api.exited;
    const ms = Date.now() - started;
    t.diagnostic(`exited with ${code} after ${ms} ms`);
    // Nest's shutdown hooks end by re-raising the signal: a clean exit is 0 or SIGTERM, never an error code.
    assert.ok(code === 0 || code === 'SIGTERM', `a clean exit (got ${code})`);
    assert.ok(ms < 5000, `within SHUTDOWN_TIMEOUT_MS (took ${ms} ms)`);
    socket.close();
  },
);

test('a worker on SIGTERM finishes the job it is running, hands back what is left, and exits 0', { timeout: 90_000 }, async (t) => {
  const env = deploymentEnv({ SQLITE_PATH: join(tmp.dir, 'worker.sqlite'), QUEUE_PROCESSORS: 'off', SHUTDOWN_TIMEOUT_MS: '20000' });
  const api = await startApi(env);
  const worker = await startWorker(env);
  const token = await login(api.url);
  const job = (await call(api.url, 'POST', '/api/jobs', { token, body: { type: 'demo.simulate', payload: { durationMs: 2000 } } })).json;
  await waitFor(
    async () => (await call(api.url, 'GET', `/api/jobs/${job.id}`, { token })).json.status === 'active',
    'the job to run',
    30_000,
  );
  worker.proc.kill('SIGTERM');
  const code = await worker.exited;
  assert.equal(code, 0);
  // The handler's run finished before the exit; its result waits in the results queue for the next worker, which
  // completes the job without running the handler again.
  const next = await startWorker(env);
  const done = await waitFor(
    async () => {
      const j = (await call(api.url, 'GET', `/api/jobs/${job.id}`, { token })).json;
      return j.status === 'completed' ? j : null;
    },
    'the job to complete',
    30_000,
  );
  t.diagnostic(`worker exited with ${code}; the next worker completed the job (attempts ${done.attempts}, history ${done.history.length})`);
  assert.equal(done.attempts, 1, 'the handler ran once');
  assert.equal(done.history.length, 1);
  await next.kill('SIGTERM');
  await api.kill('SIGTERM');
});

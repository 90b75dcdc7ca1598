import fastify from 'fastify';
import pino from 'pino';
import { createRootLogger, PulseboardLogger } from './logger';
import { FinishedRequest, installRequestLog, RequestHooks, requestIdOf } from './request-log';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = createRootLogger(level, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { lines, logger };
}

/** A real Fastify app with the request log, a route answering `status`, and the app's id rule. */
async function run(level: string, status: number, url = '/api/things', requestHeaders: Record<string, string> = {}) {
  const { lines, logger } = capture(level);
  const app = fastify({ genReqId: (raw) => requestIdOf(raw.headers) });
  const finished: FinishedRequest[] = [];
  const hooks = new RequestHooks();
  hooks.onFinished((r) => finished.push(r));
  installRequestLog(app, logger, (u) => u === '/api/health', hooks);
  app.get('/*', (_req, reply) => reply.code(status).send({ ok: true }));
  const res = await app.inject({ method: 'GET', url, headers: requestHeaders });
  await app.close();
  return { lines, finished, id: res.headers['x-request-id'] as string };
}

describe('installRequestLog', () => {
  it('logs a finished request at info with its id, method, url, status and time', async () => {
    const { lines, id, finished } = await run('info', 200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      reqId: id,
      method: 'GET',
      url: '/api/things',
      statusCode: 200,
    });
    expect(typeof lines[0]['responseTimeMs']).toBe('number');
    expect(finished).toEqual([expect.objectContaining({ id, method: 'GET', url: '/api/things', route: '/*', statusCode: 200 })]);
  });

  it('gives a request a UUID (unique across instances) unless the client sends a well-formed X-Request-Id', async () => {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const a = (await run('info', 200)).id;
    const b = (await run('info', 200)).id;
    expect(a).toMatch(UUID);
    expect(b).not.toBe(a);
    expect((await run('info', 200, '/x', { 'x-request-id': 'trace-42:abc' })).id).toBe('trace-42:abc');
    const bad = await run('info', 200, '/x', { 'x-request-id': 'no spaces or "quotes" allowed' });
    expect(bad.id).toMatch(UUID);
    expect(bad.lines[0]['reqId']).toBe(bad.id);
  });

  it('uses warn for 4xx and error for 5xx, and skips what the level filters out', async () => {
    expect((await run('warn', 200)).lines).toHaveLength(0);
    expect((await run('warn', 404)).lines[0]).toMatchObject({ level: 40 });
    expect((await run('warn', 503)).lines[0]).toMatchObject({ level: 50 });
    expect((await run('silent', 500)).lines).toHaveLength(0);
  });

  it('skips ignored paths (the listeners still hear of them)', async () => {
    const r = await run('info', 200, '/api/health');
    expect(r.lines).toHaveLength(0);
    expect(r.finished).toHaveLength(1);
  });

  it('tags every line logged while the handler runs, including after awaits, with its id', async () => {
    const { lines, logger } = capture('info');
    const nest = new PulseboardLogger(logger);
    const app = fastify({ genReqId: (raw) => requestIdOf(raw.headers) });
    installRequestLog(app, logger, () => true);
    app.post('/x', async (req) => {
      await new Promise((r) => setTimeout(r, 5));
      nest.log('inside the request', 'Things');
      return { got: req.body };
    });
    // A body is parsed between the first hook and the handler (a stream read): the id must survive it.
    const res = await app.inject({ method: 'POST', url: '/x', payload: { a: 1 } });
    await app.close();
    nest.log('outside any request', 'Things');
    expect(res.json()).toEqual({ got: { a: 1 } });
    expect(lines[0]).toMatchObject({ msg: 'inside the request', context: 'Things', reqId: res.headers['x-request-id'] });
    expect(lines[1]).toMatchObject({ msg: 'outside any request' });
    expect(lines[1]).not.toHaveProperty('reqId');
  });
});

describe('PulseboardLogger', () => {
  function logger(level = 'trace') {
    const lines: Record<string, unknown>[] = [];
    const l = new PulseboardLogger(pino({ level }, { write: (s: string) => void lines.push(JSON.parse(s)) }));
    return { lines, l };
  }

  it('maps Nest levels to pino levels and keeps the context', () => {
    const { lines, l } = logger();
    l.log('a', 'Ctx');
    l.warn('b', 'Ctx');
    l.debug('c');
    l.verbose('d', 'Ctx');
    l.fatal('e', 'Ctx');
    expect(lines.map((x) => [x['level'], x['msg'], x['context']])).toEqual([
      [30, 'a', 'Ctx'],
      [40, 'b', 'Ctx'],
      [20, 'c', undefined],
      [10, 'd', 'Ctx'],
      [60, 'e', 'Ctx'],
    ]);
  });

  it('puts an error stack in `stack`, an Error object in `err`, and an object message into the line', () => {
    const { lines, l } = logger();
    l.error('failed', 'Error: x\n    at y (z.js:1:1)', 'Ctx');
    l.error('no stack', undefined, 'Ctx');
    l.error(new Error('boom'), 'Ctx');
    l.log({ msg: 'structured', count: 3 }, 'Ctx');
    expect(lines[0]).toMatchObject({ level: 50, msg: 'failed', context: 'Ctx', stack: 'Error: x\n    at y (z.js:1:1)' });
    expect(lines[1]).toMatchObject({ msg: 'no stack', context: 'Ctx' });
    expect(lines[1]).not.toHaveProperty('stack');
    expect(lines[2]).toMatchObject({ msg: 'boom', context: 'Ctx', err: { message: 'boom' } });
    expect(lines[3]).toMatchObject({ msg: 'structured', count: 3, context: 'Ctx' });
  });

  it('builds nothing for a level that is off', () => {
    const { lines, l } = logger('warn');
    l.log('quiet');
    l.debug('quiet');
    l.warn('loud');
    expect(lines.map((x) => x['msg'])).toEqual(['loud']);
  });

  it('never writes passwords or authorization headers', () => {
    const lines: string[] = [];
    const root = createRootLogger('info', { write: (s: string) => void lines.push(s) });
    root.info({ password: 'hunter2', body: { password: 'hunter3' }, headers: { authorization: 'Bearer abc', cookie: 'sid=1' } }, 'x');
    expect(lines.join('')).not.toMatch(/hunter2|hunter3|Bearer abc|sid=1/);
  });
});

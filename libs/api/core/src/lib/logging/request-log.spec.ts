import { EventEmitter } from 'node:events';
import type { NextFunction, Response } from 'express';
import pino from 'pino';
import { createRootLogger, PulseboardLogger } from './logger';
import { RequestWithId, requestLog } from './request-log';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = createRootLogger(level, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { lines, logger };
}

function fakeRes(status: number) {
  const headers: Record<string, string> = {};
  const res = Object.assign(new EventEmitter(), {
    statusCode: status,
    setHeader: (k: string, v: string) => (headers[k.toLowerCase()] = v),
  }) as unknown as Response;
  return { res, headers };
}

function run(level: string, status: number, url = '/api/things', requestHeaders: Record<string, string> = {}) {
  const { lines, logger } = capture(level);
  const { res, headers } = fakeRes(status);
  const req = { method: 'GET', originalUrl: url, headers: requestHeaders } as unknown as RequestWithId;
  const next = jest.fn() as NextFunction;
  requestLog(logger, (u) => u === '/api/health')(req, res, next);
  (res as unknown as EventEmitter).emit('finish');
  return { lines, next, req, headers };
}

describe('requestLog', () => {
  it('logs a finished request at info with its id, method, url, status and time', () => {
    const { lines, next, req, headers } = run('info', 200);
    expect(next).toHaveBeenCalled();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      reqId: req.id,
      method: 'GET',
      url: '/api/things',
      statusCode: 200,
    });
    expect(typeof lines[0]['responseTimeMs']).toBe('number');
    expect(headers['x-request-id']).toBe(String(req.id));
  });

  it('gives a request a UUID (unique across instances) unless the client sends a well-formed X-Request-Id', () => {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const a = run('info', 200).req.id as string;
    const b = run('info', 200).req.id as string;
    expect(a).toMatch(UUID);
    expect(b).not.toBe(a);
    expect(run('info', 200, '/x', { 'x-request-id': 'trace-42:abc' }).req.id).toBe('trace-42:abc');
    const bad = run('info', 200, '/x', { 'x-request-id': 'no spaces or "quotes" allowed\n' });
    expect(bad.req.id).toMatch(UUID);
    expect(bad.headers['x-request-id']).toBe(bad.req.id);
  });

  it('uses warn for 4xx and error for 5xx, and skips what the level filters out', () => {
    expect(run('warn', 200).lines).toHaveLength(0);
    expect(run('warn', 404).lines[0]).toMatchObject({ level: 40 });
    expect(run('warn', 503).lines[0]).toMatchObject({ level: 50 });
    expect(run('silent', 500).lines).toHaveLength(0);
  });

  it('skips ignored paths', () => {
    expect(run('info', 200, '/api/health').lines).toHaveLength(0);
  });

  it('tags every line logged while the request runs, including after awaits, with its id', async () => {
    const { lines, logger } = capture('info');
    const nest = new PulseboardLogger(logger);
    const { res } = fakeRes(200);
    const req = { method: 'GET', originalUrl: '/api/x', headers: {} } as unknown as RequestWithId;
    let done!: Promise<void>;
    requestLog(logger)(req, res, () => {
      done = (async () => {
        await new Promise((r) => setTimeout(r, 5));
        nest.log('inside the request', 'Things');
      })();
    });
    await done;
    nest.log('outside any request', 'Things');
    expect(lines[0]).toMatchObject({ msg: 'inside the request', context: 'Things', reqId: req.id });
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

import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import pino from 'pino';
import { requestLog } from './request-log';

function run(level: string, status: number, url = '/api/things') {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (s: string) => lines.push(JSON.parse(s)) });
  const res = Object.assign(new EventEmitter(), { statusCode: status }) as unknown as Response;
  const next = jest.fn() as NextFunction;
  requestLog(() => logger, (u) => u === '/api/health')({ method: 'GET', originalUrl: url, id: 7 } as unknown as Request, res, next);
  (res as unknown as EventEmitter).emit('finish');
  return { lines, next };
}

describe('requestLog', () => {
  it('logs a finished request at info with method, url, status and time', () => {
    const { lines, next } = run('info', 200);
    expect(next).toHaveBeenCalled();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'request completed', reqId: 7, method: 'GET', url: '/api/things', statusCode: 200 });
    expect(typeof lines[0]['responseTimeMs']).toBe('number');
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
});

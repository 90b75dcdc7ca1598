import { Logger } from '@nestjs/common';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { routedPath, type PulseboardHttpApp } from './http-adapter';

/** Paths the single-page console must never shadow. */
const RESERVED = /^\/(api|socket\.io)(\/|$|\?)/i;

/** Whether the path (as sent, or %-decoded as routing sees it) is one the console must not answer. */
function isReserved(url: string): boolean {
  // The decoded path matches whenever the raw URL does; one that does not decode is never the console's.
  const path = routedPath(url);
  return path === null || RESERVED.test(path);
}

const NOT_BUILT =
  '<h1>Pulseboard API</h1><p>The console is not built. Run <code>npx nx build console</code> ' +
  'or <code>npm start</code>. API docs: <a href="/api/docs">/api/docs</a>.</p>';

/** Whether an `Accept` header takes HTML (no header takes anything), as a browser's navigation does. */
export function acceptsHtml(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((range) => {
    const [type, ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    if (type !== 'text/html' && type !== 'text/*' && type !== '*/*') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/**
 * Serves the built console at `/` with SPA fallback, so one process and one port is the whole product: each built
 * file has its own route (no per-request file lookup), and any other GET that wants HTML and is not under /api or
 * /socket.io gets index.html. When the console is not built, `/` explains how to build it instead of answering 404.
 */
export async function serveConsole(app: PulseboardHttpApp, consoleDir: string | null): Promise<void> {
  const dir = resolve(consoleDir ?? join(process.cwd(), 'dist/apps/console/browser'));
  const built = existsSync(join(dir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root: dir, prefix: '/', wildcard: false, index: false, maxAge: '1h' });
  } else {
    new Logger('Console').warn(`No built console at ${dir}; run 'npx nx build console' to serve it at /`);
  }
  // Runs before routing decides on a 404: only requests that matched no route are looked at.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
      if (!req.is404 || (req.method !== 'GET' && req.method !== 'HEAD') || isReserved(req.url) || !acceptsHtml(req.headers.accept)) {
        return done();
      }
      if (!built) {
        void reply.code(200).type('text/html; charset=utf-8').send(NOT_BUILT);
        return;
      }
      void reply.header('Cache-Control', 'no-cache').sendFile('index.html', { cacheControl: false });
    });
}

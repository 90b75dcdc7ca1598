import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express from 'express';

/** Paths the single-page console must never shadow. */
const RESERVED = /^\/(api|socket\.io)(\/|$)/;

/**
 * Serves the built console at `/` with SPA fallback, so one process and one port is the whole product.
 * When the console is not built, `/` explains how to build it instead of answering 404.
 */
export function serveConsole(app: NestExpressApplication, consoleDir: string | null): void {
  const dir = resolve(consoleDir ?? join(process.cwd(), 'dist/apps/console/browser'));
  const index = join(dir, 'index.html');
  const built = existsSync(index);
  if (built) {
    const assets = express.static(dir, { index: false, maxAge: '1h', fallthrough: true });
    // API and socket.io requests skip the file lookup (a stat per request otherwise).
    app.use((req: Request, res: Response, next: NextFunction) => (RESERVED.test(req.path) ? next() : assets(req, res, next)));
  } else {
    new Logger('Console').warn(`No built console at ${dir}; run 'npx nx build console' to serve it at /`);
  }
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || RESERVED.test(req.path)) return next();
    if (!req.accepts('html')) return next();
    if (!built) {
      res
        .status(200)
        .type('html')
        .send(
          '<h1>Pulseboard API</h1><p>The console is not built. Run <code>npx nx build console</code> ' +
            'or <code>npm start</code>. API docs: <a href="/api/docs">/api/docs</a>.</p>',
        );
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { REQUEST_ID_HEADER } from '@pulseboard/shared/contracts';
import { requestContext } from './logger';

/** An incoming `X-Request-Id` is kept when it is this shape; otherwise the API gives the request a UUID. */
const REQUEST_ID = /^[\w.:@/-]{1,128}$/;

export type RequestWithId = Request & { id?: string | number };

/** Called once per request after its answer is sent (e.g. the audit trail), with the request as routing left it. */
export type RequestFinishedListener = (req: RequestWithId, res: Response) => void;

/**
 * Listeners of finished requests, per app. Features register here instead of adding their own middleware, so they
 * also see the answers given before routing (malformed JSON, a body too large, an unknown route).
 */
export class RequestHooks {
  private readonly listeners: RequestFinishedListener[] = [];

  onFinished(listener: RequestFinishedListener): void {
    this.listeners.push(listener);
  }

  finished(req: RequestWithId, res: Response): void {
    for (const l of this.listeners) l(req, res);
  }
}

/**
 * Per request: an id (the client's `X-Request-Id` when well formed, else a UUID), echoed in
 * the `X-Request-Id` response header and attached to every line logged while the request runs (via
 * `requestContext`), and one line when it finishes (info for 2xx/3xx, warn for 4xx, error for 5xx), built only
 * when that level is enabled. `hooks` hear of every finished request.
 */
export function requestLog(logger: Logger, ignore: (url: string) => boolean = () => false, hooks?: RequestHooks) {
  return (req: RequestWithId, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    const incoming = req.headers[REQUEST_ID_HEADER.toLowerCase()];
    // A UUID, not a per-process counter: ids from several instances never collide in one log store.
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader(REQUEST_ID_HEADER, String(id));
    res.once('finish', () => {
      hooks?.finished(req, res);
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level) || ignore(req.originalUrl)) return;
      // Outside requestContext here (the finish event), so the id is passed explicitly.
      logger[level](
        {
          reqId: id,
          method: req.method,
          url: req.originalUrl,
          statusCode: status,
          responseTimeMs: Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100,
        },
        'request completed',
      );
    });
    requestContext.run({ reqId: id }, next);
  };
}

import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/**
 * One log line per finished request (info for 2xx/3xx, warn for 4xx, error for 5xx), built only when that level is
 * enabled. pino-http's own per-request logging cost about 15 % of a cheap request's CPU even when its lines were
 * filtered out by the level; this keeps request lines at LOG_LEVEL=info and costs almost nothing above it.
 * `getLogger` is read per request: nestjs-pino creates its root logger only when the app initialises.
 */
export function requestLog(getLogger: () => Logger | undefined, ignore: (url: string) => boolean = () => false) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      const logger = getLogger();
      if (!logger || !logger.isLevelEnabled(level) || ignore(req.originalUrl)) return;
      logger[level](
        {
          // Flat keys: pino-http's serializers own `req` and `res`.
          reqId: (req as Request & { id?: unknown }).id,
          method: req.method,
          url: req.originalUrl,
          statusCode: status,
          responseTimeMs: Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100,
        },
        'request completed',
      );
    });
    next();
  };
}

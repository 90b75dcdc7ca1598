import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { PulseboardLogger } from '../logging/logger';
import { RequestHooks, requestLog } from '../logging/request-log';
import { PULSEBOARD_CONFIG, PulseboardConfig } from '../config/config';
import { registerIdempotentRequests } from '../idempotency/idempotent.decorator';
import { serveConsole } from './console-static';
import { HttpErrorFilter, toErrorBody } from './http-error.filter';
import { rejectDeepJson } from './json-depth';
import { securityHeaders } from './security-headers';
import { setupSwagger } from './swagger';
import { PulseboardValidationPipe } from './validation';

export const BODY_LIMIT = '1mb';

export interface ConfigureAppOptions {
  /** Serve the built console at `/` (the API app does; tests usually don't). */
  console?: boolean;
  swagger?: boolean;
}

/**
 * Everything main.ts does to the HTTP app, in one place, so integration tests run exactly the production setup.
 * The app must be created with `{ bodyParser: false, bufferLogs: true }`.
 */
export function configureApp(app: NestExpressApplication, options: ConfigureAppOptions = {}): PulseboardConfig {
  const cfg = app.get<PulseboardConfig>(PULSEBOARD_CONFIG);
  const logger = app.get(PulseboardLogger);
  app.useLogger(logger);
  registerIdempotentRequests(app);
  app.use(requestLog(logger.pino, (url) => url === '/api/health', app.get(RequestHooks)));
  app.disable('x-powered-by');
  app.use(securityHeaders(cfg.nodeEnv === 'production'));
  // TRUST_PROXY (default off): which proxies' X-Forwarded-For decides req.ip (login throttle, logs).
  app.set('trust proxy', cfg.trustProxy);
  app.useBodyParser('json', { limit: BODY_LIMIT, verify: rejectDeepJson() });
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: true });
  // Body-parser errors (malformed JSON, too large, nested too deep) happen before Nest's filters: answer them here.
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    const body = toErrorBody(err);
    res.status(body.statusCode).json(body);
  });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new PulseboardValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  if (options.swagger !== false && cfg.swagger) setupSwagger(app, { requireLogin: cfg.nodeEnv === 'production' });
  if (options.console) serveConsole(app, cfg.consoleDir);
  return cfg;
}

import { PulseboardLogger } from '../logging/logger';
import { installRequestLog, RequestHooks } from '../logging/request-log';
import { PULSEBOARD_CONFIG, PulseboardConfig } from '../config/config';
import { registerIdempotentRequests } from '../idempotency/idempotent.decorator';
import { BODY_LIMIT_BYTES, registerBodyParsers } from './body-parsers';
import { serveConsole } from './console-static';
import { onAnswerOutsideHooks, type PulseboardHttpApp } from './http-adapter';
import { HttpErrorFilter } from './http-error.filter';
import { useSecurityHeaders } from './security-headers';
import { setupSwagger } from './swagger';
import { PulseboardValidationPipe } from './validation';

export interface ConfigureAppOptions {
  /** Serve the built console at `/` (the API app does; tests usually don't). */
  console?: boolean;
  swagger?: boolean;
}

/**
 * Everything main.ts does to the HTTP app, in one place, so integration tests run exactly the production setup.
 * The app must be created with `createHttpAdapter(config)` and `{ bodyParser: false, bufferLogs: true }`.
 */
export async function configureApp(app: PulseboardHttpApp, options: ConfigureAppOptions = {}): Promise<PulseboardConfig> {
  const cfg = app.get<PulseboardConfig>(PULSEBOARD_CONFIG);
  const logger = app.get(PulseboardLogger);
  app.useLogger(logger);
  const fastify = app.getHttpAdapter().getInstance();
  registerIdempotentRequests(app);
  const logOutsideHooks = installRequestLog(fastify, logger.pino, (url) => url === '/api/health', app.get(RequestHooks));
  const securityHeaders = useSecurityHeaders(fastify, cfg.nodeEnv === 'production');
  // An answer Fastify gives before routing (a URL that does not decode) gets the same headers, log line and audit.
  onAnswerOutsideHooks(fastify, (req, reply) => {
    void reply.headers(securityHeaders);
    logOutsideHooks(req, reply);
  });
  // JSON (nesting and reserved keys checked before parsing, each refusal a 400 that says why) and forms.
  registerBodyParsers(fastify, BODY_LIMIT_BYTES);
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new PulseboardValidationPipe());
  // Also answers what Fastify refuses before routing (a body too large, a malformed URL) in the same error shape.
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  if (options.swagger !== false && cfg.swagger) setupSwagger(app, { requireLogin: cfg.nodeEnv === 'production' });
  if (options.console) await serveConsole(app, cfg.consoleDir);
  return cfg;
}

import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER } from '@pulseboard/shared/contracts';
import { DOCS_AUTHENTICATOR, DocsAuthenticator } from '../auth-metadata/auth-metadata';
import { routedPath, type PulseboardHttpApp } from './http-adapter';

/** The UI (and its assets) and the JSON and YAML documents. */
const DOCS_PATH = /^\/api\/docs(\/|-json|-yaml|$)/i;

/**
 * Whether a request is for the docs. Decided on what routing matched (the router decodes %-escapes, so the raw URL
 * cannot decide: /api/%64ocs-json is the same route) and, for anything unmatched, on the decoded path.
 */
export function isDocsRequest(req: Pick<FastifyRequest, 'url' | 'routeOptions'>): boolean {
  if (DOCS_PATH.test(req.routeOptions?.url ?? '')) return true;
  // The decoded path matches whenever the raw one does; a path that does not decode is tested as sent.
  return DOCS_PATH.test(routedPath(req.url) ?? req.url.split('?')[0]);
}

/**
 * Swagger UI at /api/docs, JSON at /api/docs-json, with bearer auth on every secured route. With `requireLogin`
 * (SWAGGER=on in production) both need a login: HTTP Basic with a user's credentials (the browser asks) or a bearer token.
 */
export function setupSwagger(app: PulseboardHttpApp, options: { requireLogin?: boolean } = {}): void {
  if (options.requireLogin) {
    const authenticator = app.get<DocsAuthenticator>(DOCS_AUTHENTICATOR, { strict: false });
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
        if (!isDocsRequest(req)) return done();
        authenticator.authenticate(req.headers.authorization).then(
          (ok) => {
            if (ok) return done();
            void reply
              .header('WWW-Authenticate', 'Basic realm="Pulseboard API docs", charset="UTF-8"')
              .code(401)
              .send({ statusCode: 401, message: 'The API documentation needs a login (a user of this Pulseboard)', error: 'Unauthorized' });
          },
          (e: Error) => reply.send(e),
        );
      });
  }
  const config = new DocumentBuilder()
    .setTitle('Pulseboard API')
    .setDescription(
      'Real-time operations backend: counters, jobs and events. Live updates over socket.io (path /socket.io); ' +
        'see docs/contract.md for the socket topics. Log in with POST /api/auth/login and use the accessToken as a Bearer token. ' +
        `Every answer carries ${REQUEST_ID_HEADER}: the request's own (1-128 characters of letters, digits and _ . : @ / -) or a UUID ` +
        'the server assigned; log lines of the request carry it as reqId.',
    )
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: 'Pulseboard API',
    swaggerOptions: { persistAuthorization: true },
  });
}

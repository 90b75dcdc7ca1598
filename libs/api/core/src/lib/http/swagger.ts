import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { REQUEST_ID_HEADER } from '@pulseboard/shared/contracts';
import { DOCS_AUTHENTICATOR, DocsAuthenticator } from '../auth-metadata/auth-metadata';

/**
 * Swagger UI at /api/docs, JSON at /api/docs-json, with bearer auth on every secured route. With `requireLogin`
 * (SWAGGER=on in production) both need a login: HTTP Basic with a user's credentials (the browser asks) or a bearer token.
 */
export function setupSwagger(app: INestApplication, options: { requireLogin?: boolean } = {}): void {
  if (options.requireLogin) {
    const authenticator = app.get<DocsAuthenticator>(DOCS_AUTHENTICATOR, { strict: false });
    const guard = (req: Request, res: Response, next: NextFunction) => {
      authenticator.authenticate(req.headers.authorization).then((ok) => {
        if (ok) return next();
        res.setHeader('WWW-Authenticate', 'Basic realm="Pulseboard API docs", charset="UTF-8"');
        res
          .status(401)
          .json({ statusCode: 401, message: 'The API documentation needs a login (a user of this Pulseboard)', error: 'Unauthorized' });
      }, next);
    };
    // '/api/docs' covers the UI and its assets; the JSON (and YAML) documents are siblings.
    for (const path of ['/api/docs', '/api/docs-json', '/api/docs-yaml']) app.use(path, guard);
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

import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { REQUEST_ID_HEADER } from '@pulseboard/shared/contracts';

/** Swagger UI at /api/docs, JSON at /api/docs-json, with bearer auth on every secured route. */
export function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Pulseboard API')
    .setDescription(
      'Real-time operations backend: counters, jobs and events. Live updates over socket.io (path /socket.io); ' +
        'see CONTRACT.md for the socket topics. Log in with POST /api/auth/login and use the accessToken as a Bearer token. ' +
        `Every answer carries ${REQUEST_ID_HEADER}: the request's own (1-128 characters of letters, digits and _ . : @ / -) or a number ` +
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

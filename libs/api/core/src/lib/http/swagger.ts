import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Swagger UI at /api/docs, JSON at /api/docs-json, with bearer auth on every secured route. */
export function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Pulseboard API')
    .setDescription(
      'Real-time operations backend: counters, jobs and events. Live updates over socket.io (path /socket.io); ' +
        'see CONTRACT.md for the socket topics. Log in with POST /api/auth/login and use the accessToken as a Bearer token.',
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

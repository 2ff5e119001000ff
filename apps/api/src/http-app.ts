import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { APP_VERSION, createValidationPipe, type AppConfig } from '@prospect/platform';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';

export const API_PREFIX = 'api/v1';

/**
 * Builds the HTTP application: JSON body limits, helmet headers, CORS allow-list, validation,
 * the OpenAPI document at /api/docs, and the web application on the same port.
 */
export async function createHttpApp(
  config: AppConfig,
): Promise<{ app: INestApplication; document: OpenAPIObject }> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: config.bodyLimit, type: ['application/json', 'application/*+json'] });
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          // The embedded mode serves plain HTTP on localhost; TLS is the reverse proxy's job.
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  app.enableCors({
    origin: config.corsOrigins.length > 0 ? [...config.corsOrigins] : false,
    credentials: false,
  });
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Prospect API')
      .setDescription(
        'Prospective validation of clinical AI predictions. Errors are RFC 9457 problem+json; ' +
          'every endpoint states the roles that may call it (see docs/ROLES.md).',
      )
      .setVersion(APP_VERSION)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs.json',
    customSiteTitle: 'Prospect API',
  });

  serveWebApp(app, config);
  return { app, document };
}

/** Serves the built Angular app for every GET outside /api, so deep links work. */
function serveWebApp(app: NestExpressApplication, config: AppConfig): void {
  const root = config.webRoot ?? resolve(__dirname, '../web/browser');
  const index = join(root, 'index.html');
  if (!existsSync(index)) return;
  app.useStaticAssets(root, { index: false, maxAge: '1h' });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' || request.path.startsWith('/api')) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
}

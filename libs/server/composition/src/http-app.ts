import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { APP_VERSION, createValidationPipe, type AppConfig } from '@prospect/platform';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { ProspectModule } from './prospect.module';

export const API_PREFIX = 'api/v1';

export interface HttpAppOptions {
  /**
   * Where the built web application lies when the configuration names none (`WEB_ROOT`): the API
   * process passes the folder next to its bundle; without either, no web app is served.
   */
  readonly defaultWebRoot?: string;
  /** Nest's own logging (buffered into pino) — false for in-process use such as `prospect demo`. */
  readonly logger?: false;
}

/**
 * Builds the HTTP application: JSON body limits, helmet headers, CORS allow-list, validation,
 * the OpenAPI document at /api/docs, and the web application on the same port.
 */
export async function createHttpApp(
  config: AppConfig,
  options: HttpAppOptions = {},
): Promise<{ app: INestApplication; document: OpenAPIObject }> {
  const app = await NestFactory.create<NestExpressApplication>(ProspectModule.forRoot(config, 'api'), {
    bufferLogs: options.logger !== false,
    bodyParser: false,
    ...(options.logger === false ? { logger: false as const } : {}),
  });
  if (options.logger !== false) {
    app.useLogger(app.get(Logger));
    // Nest flushes the buffered start-up logs only on listen(); an app that is only initialised
    // (tests, in-process use) would otherwise buffer every later log line in memory, unwritten.
    app.flushLogs();
  }
  app.useBodyParser('json', { limit: config.bodyLimit, type: ['application/json', 'application/*+json'] });
  app.disable('x-powered-by');
  // The client address (rate limits, audit) is the socket's unless proxies in front are trusted.
  app.set('trust proxy', config.trustProxy > 0 ? config.trustProxy : false);
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
  documentProblems(document);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs.json',
    customSiteTitle: 'Prospect API',
  });

  serveWebApp(app, config.webRoot ?? options.defaultWebRoot ?? null);
  return { app, document };
}

/** Serves the built Angular app for every GET outside /api, so deep links work. */
function serveWebApp(app: NestExpressApplication, root: string | null): void {
  if (root === null) return;
  const index = join(root, 'index.html');
  if (!existsSync(index)) return;
  app.useStaticAssets(root, { index: false, maxAge: '1h' });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' || request.path.startsWith('/api')) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
}

/** Every operation's 4xx and 5xx answers are RFC 9457 problem details: say so once, in the document. */
function documentProblems(document: OpenAPIObject): void {
  document.components = document.components ?? {};
  document.components.schemas = {
    ...document.components.schemas,
    ProblemDetails: {
      type: 'object',
      required: ['type', 'title', 'status', 'detail', 'code'],
      properties: {
        type: { type: 'string', example: 'urn:prospect:problem:validation-failed' },
        title: { type: 'string', example: 'Bad Request' },
        status: { type: 'integer', example: 400 },
        detail: { type: 'string', example: 'The request has invalid fields.' },
        code: { type: 'string', example: 'VALIDATION_FAILED', description: 'Stable machine-readable code.' },
        instance: { type: 'string', example: '/api/v1/users' },
        requestId: { type: 'string', description: 'Also in the X-Request-Id response header.' },
        errors: {
          type: 'array',
          items: {
            type: 'object',
            required: ['field', 'reason'],
            properties: {
              field: { type: 'string', example: 'username' },
              reason: { type: 'string', example: 'must be 3–64 characters' },
            },
          },
        },
      },
    },
  };
  const problemContent = {
    'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } },
  };
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.post, item.put, item.patch, item.delete]) {
      if (!operation) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        if (response && /^[45]/.test(status) && !('$ref' in response)) response.content = problemContent;
      }
      operation.responses['4XX'] = operation.responses['4XX'] ?? {
        description: 'The request was refused; see `code`, `detail` and `errors`.',
        content: problemContent,
      };
    }
  }
}

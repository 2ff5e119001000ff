import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { pino } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../config/app-config';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Structured JSON logs (pino) with a request id on every line. Requests are logged by method,
 * path (without the query string, which may carry search terms such as names) and status only:
 * no bodies, no headers, no personal data.
 */
export function loggerParams(config: AppConfig): Params {
  const options: Options = {
    level: config.logLevel,
    genReqId: (request: IncomingMessage, response: ServerResponse) => {
      const header = request.headers['x-request-id'];
      const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
      response.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (request: { id: unknown; method: string; url: string }) => ({
        id: request.id,
        method: request.method,
        path: request.url.split('?')[0],
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
    redact: {
      paths: ['req.headers', 'res.headers', '*.password', '*.token', '*.refreshToken'],
      remove: true,
    },
    customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (request: IncomingMessage) => request.url === '/api/v1/health' },
  };
  return {
    // Nest 11's router syntax for "every path" (the library's default '*' draws a deprecation warning).
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    // LOG_FILE: appended synchronously, so the last lines before a crash are not lost.
    pinoHttp: config.logFile
      ? [options, pino.destination({ dest: config.logFile, sync: true, mkdir: true, append: true })]
      : options,
  };
}

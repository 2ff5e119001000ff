import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './unavailable';
import { DomainError, ERROR_KINDS, type FieldProblem } from './domain-error';
import { PROBLEM_CONTENT_TYPE, problem, type ProblemDetails } from './problem';

/** PostgreSQL SQLSTATEs that mean the caller asked for something the data does not allow. */
const SQLSTATE_PROBLEMS: Readonly<Record<string, { status: number; code: string; detail: string }>> = {
  '23505': {
    status: 409,
    code: 'ALREADY_EXISTS',
    detail: 'A record with the same identifying values already exists.',
  },
  '23503': {
    status: 409,
    code: 'REFERENCED_RECORD_MISSING',
    detail: 'The request refers to a record that does not exist.',
  },
  '22021': {
    status: 400,
    code: 'UNSUPPORTED_CHARACTERS',
    detail: 'The request contains characters that cannot be stored (such as NUL).',
  },
  '22P05': {
    status: 400,
    code: 'UNSUPPORTED_CHARACTERS',
    detail: 'The request contains characters that cannot be stored.',
  },
  P0001: {
    status: 409,
    code: 'APPEND_ONLY',
    detail: 'Regulated records cannot be changed or deleted; record a correction instead.',
  },
};

/**
 * The one place errors become HTTP responses: RFC 9457 problem+json, the offending fields named,
 * the request id included, and no stack trace or internal detail for anything unexpected.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string | number }>();
    const response = http.getResponse<Response>();
    const details = this.toProblem(exception);
    details.instance = request.originalUrl?.split('?')[0];
    if (request.id !== undefined) details.requestId = String(request.id);
    if (details.status >= 500) {
      this.logger.error({ error: loggable(exception), requestId: details.requestId }, 'unhandled error');
    }
    if (response.headersSent) return;
    if (details.code === 'DATABASE_UNAVAILABLE') response.setHeader('Retry-After', '5');
    response.status(details.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(details));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof DomainError) {
      return problem(ERROR_KINDS[exception.kind], exception.code, exception.message, {
        errors: exception.fields,
      });
    }
    if (exception instanceof HttpException) {
      return fromHttpException(exception);
    }
    const bodyParserProblem = fromBodyParserError(exception);
    if (bodyParserProblem) return bodyParserProblem;
    if (isDatabaseUnavailable(exception)) {
      return problem(
        503,
        'DATABASE_UNAVAILABLE',
        'The database cannot be reached right now, so the request was not confirmed. Try again in a few seconds.',
      );
    }
    if (exception instanceof QueryFailedError) {
      const sqlState = (exception.driverError as { code?: string } | undefined)?.code;
      const known = sqlState ? SQLSTATE_PROBLEMS[sqlState] : undefined;
      if (known) return problem(known.status, known.code, known.detail);
    }
    return problem(
      500,
      'INTERNAL_ERROR',
      'An unexpected error occurred. It has been logged with the request id.',
    );
  }
}

function fromHttpException(exception: HttpException): ProblemDetails {
  const status = exception.getStatus();
  const body = exception.getResponse();
  const message =
    typeof body === 'string'
      ? body
      : Array.isArray((body as { message?: unknown }).message)
        ? (body as { message: string[] }).message.join('; ')
        : String((body as { message?: unknown }).message ?? exception.message);
  const upload = UPLOAD_LIMIT_PROBLEMS[message];
  if (upload) return problem(status, upload.code, upload.detail);
  const code = status === 404 ? 'ROUTE_NOT_FOUND' : (STATUS_CODE_NAMES[status] ?? `HTTP_${status}`);
  const detail = status === 404 ? 'No such endpoint. The API is documented at /api/docs.' : message;
  const errors = (body as { errors?: FieldProblem[] }).errors;
  return problem(status, code, detail, errors ? { errors } : {});
}

/** Multer's terse limit messages, which Nest passes on as HTTP exceptions, said in full. */
const UPLOAD_LIMIT_PROBLEMS: Readonly<Record<string, { code: string; detail: string }>> = {
  'File too large': {
    code: 'FILE_TOO_LARGE',
    detail: 'An uploaded file is larger than the largest upload the server accepts.',
  },
  'Too many files': {
    code: 'TOO_MANY_FILES',
    detail: 'The upload has more files than the server accepts in one request.',
  },
  'Too many parts': {
    code: 'TOO_MANY_PARTS',
    detail: 'The upload has more parts (files and fields) than the server accepts in one request.',
  },
  'Too many fields': {
    code: 'TOO_MANY_FIELDS',
    detail: 'The upload has more text fields than the server accepts.',
  },
  'Field value too long': {
    code: 'FIELD_TOO_LONG',
    detail: 'A text field of the upload is longer than the server accepts.',
  },
};

const STATUS_CODE_NAMES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
};

/** body-parser reports malformed or oversized bodies as plain errors carrying a status and a type. */
function fromBodyParserError(exception: unknown): ProblemDetails | null {
  if (typeof exception !== 'object' || exception === null) return null;
  const { status, type } = exception as { status?: unknown; type?: unknown };
  if (typeof status !== 'number' || typeof type !== 'string' || status < 400 || status >= 500) return null;
  switch (type) {
    case 'entity.parse.failed':
      return problem(400, 'MALFORMED_JSON', 'The request body is not valid JSON.', {
        errors: [{ field: 'body', reason: 'is not valid JSON' }],
      });
    case 'entity.too.large':
      return problem(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than the server accepts.', {
        errors: [{ field: 'body', reason: 'is too large' }],
      });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problem(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'The request body encoding is not supported; send UTF-8 JSON.',
      );
    default:
      return problem(status, 'BAD_REQUEST', 'The request body could not be read.');
  }
}

/**
 * What of an unexpected error may go to the logs: its class, message, SQLSTATE and stack. Not the
 * query parameters or row values a database error carries, which may hold personal data.
 */
function loggable(exception: unknown): Record<string, unknown> {
  if (!(exception instanceof Error)) return { value: typeof exception };
  const code =
    (exception as { driverError?: { code?: unknown }; code?: unknown }).driverError?.code ??
    (exception as { code?: unknown }).code;
  return {
    name: exception.name,
    message: exception.message,
    ...(code === undefined ? {} : { code }),
    stack: exception.stack,
  };
}

import {
  type ArgumentsHost,
  BadRequestException,
  Logger,
  NotFoundException,
  PayloadTooLargeException,
} from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error';
import { ProblemFilter } from './problem.filter';

interface Sent {
  status: number;
  type: string;
  body: Record<string, unknown>;
}

function respond(exception: unknown): Sent {
  const sent: Partial<Sent> = {};
  const response = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    type(value: string) {
      sent.type = value;
      return this;
    },
    send(text: string) {
      sent.body = JSON.parse(text) as Record<string, unknown>;
      return this;
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({
      getRequest: () => ({ id: 'req-1', originalUrl: '/api/v1/x?name=Jane' }),
      getResponse: () => response,
    }),
  } as unknown as ArgumentsHost;
  new ProblemFilter().catch(exception, host);
  return sent as Sent;
}

describe('ProblemFilter', () => {
  it('answers a domain error with its status, code, fields, the path without query string and the request id', () => {
    const sent = respond(
      new DomainError('unprocessable', 'PASSWORD_POLICY', 'Too short.', [
        { field: 'newPassword', reason: 'too short' },
      ]),
    );
    expect(sent).toEqual({
      status: 422,
      type: 'application/problem+json',
      body: {
        type: 'urn:prospect:problem:password-policy',
        title: 'Unprocessable Entity',
        status: 422,
        detail: 'Too short.',
        code: 'PASSWORD_POLICY',
        instance: '/api/v1/x',
        requestId: 'req-1',
        errors: [{ field: 'newPassword', reason: 'too short' }],
      },
    });
  });

  it('maps Nest HTTP exceptions, body-parser errors and known SQLSTATEs to 4xx', () => {
    expect(respond(new NotFoundException()).body).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
    expect(respond(new BadRequestException('bad thing')).body).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
      detail: 'bad thing',
    });
    expect(
      respond(Object.assign(new SyntaxError('Unexpected end'), { status: 400, type: 'entity.parse.failed' }))
        .body,
    ).toMatchObject({
      status: 400,
      code: 'MALFORMED_JSON',
      errors: [{ field: 'body', reason: 'is not valid JSON' }],
    });
    expect(
      respond(Object.assign(new Error('too large'), { status: 413, type: 'entity.too.large' })).body,
    ).toMatchObject({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
    const unique = new QueryFailedError(
      'INSERT …',
      ['x'],
      Object.assign(new Error('duplicate key'), { code: '23505' }),
    );
    expect(respond(unique).body).toMatchObject({ status: 409, code: 'ALREADY_EXISTS' });
    const appendOnly = new QueryFailedError(
      'UPDATE …',
      [],
      Object.assign(new Error('append-only'), { code: 'P0001' }),
    );
    expect(respond(appendOnly).body).toMatchObject({ status: 409, code: 'APPEND_ONLY' });
  });

  it('answers anything else with a bare 500 and logs it without the values a database error carries', () => {
    const logged: unknown[] = [];
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => {
      logged.push(message);
    });
    try {
      const failure = new QueryFailedError(
        'INSERT INTO person VALUES ($1, $2)',
        ['Jane Doe', '1970-01-01'],
        Object.assign(new Error('value too long'), {
          code: '22001',
          detail: 'Failing row contains (Jane Doe, 1970-01-01).',
        }),
      );
      const sent = respond(failure);
      expect(sent.status).toBe(500);
      expect(sent.body).toEqual({
        type: 'urn:prospect:problem:internal-error',
        title: 'Internal Server Error',
        status: 500,
        detail: 'An unexpected error occurred. It has been logged with the request id.',
        code: 'INTERNAL_ERROR',
        instance: '/api/v1/x',
        requestId: 'req-1',
      });
      expect(JSON.stringify(logged)).toContain('22001');
      expect(JSON.stringify(logged)).not.toContain('Jane Doe');
      expect(JSON.stringify(logged)).not.toContain('1970-01-01');
    } finally {
      spy.mockRestore();
    }
  });

  it('says in full which upload limit multer enforced', () => {
    const sent = respond(new PayloadTooLargeException('File too large'));
    expect(sent.status).toBe(413);
    expect(sent.body).toMatchObject({
      code: 'FILE_TOO_LARGE',
      detail: 'An uploaded file is larger than the largest upload the server accepts.',
    });
    expect(respond(new PayloadTooLargeException('Too many files')).body).toMatchObject({
      status: 413,
      code: 'TOO_MANY_FILES',
    });
  });
});

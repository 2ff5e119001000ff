import { HttpErrorResponse } from '@angular/common/http';

/** One field the API refused, as a dotted path, and why. */
export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

/** An RFC 9457 problem as the API sends it (`application/problem+json`). */
export interface ApiProblem {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly requestId?: string;
  readonly errors: readonly FieldProblem[];
}

/**
 * Turns anything an HTTP call can throw into a problem a screen can show: the API's own problem
 * document when there is one, otherwise a plain description (network down, timeout, HTML error
 * page from a proxy). Never throws.
 */
export function toApiProblem(error: unknown): ApiProblem {
  if (error instanceof HttpErrorResponse) {
    const body = parseBody(error.error);
    if (body && typeof body['detail'] === 'string') {
      return {
        status: typeof body['status'] === 'number' ? body['status'] : error.status,
        code: typeof body['code'] === 'string' ? body['code'] : 'ERROR',
        title: typeof body['title'] === 'string' ? body['title'] : error.statusText,
        detail: body['detail'],
        requestId: typeof body['requestId'] === 'string' ? body['requestId'] : undefined,
        errors: Array.isArray(body['errors']) ? body['errors'].filter(isFieldProblem) : [],
      };
    }
    if (error.status === 0) {
      return plain(0, 'NETWORK', 'The server could not be reached. Check the connection and try again.');
    }
    return plain(
      error.status,
      'HTTP_' + error.status,
      `The server answered ${error.status} ${error.statusText}.`,
    );
  }
  if (error instanceof Error) return plain(0, 'CLIENT', error.message);
  return plain(0, 'CLIENT', 'Something went wrong.');
}

/** The problem in one sentence, with the refused fields when there are any. */
export function describeProblem(problem: ApiProblem): string {
  if (problem.errors.length === 0) return problem.detail;
  return `${problem.detail} ${problem.errors.map((error) => `${error.field}: ${error.reason}`).join('; ')}`;
}

function plain(status: number, code: string, detail: string): ApiProblem {
  return { status, code, title: detail, detail, errors: [] };
}

function parseBody(body: unknown): Record<string, unknown> | undefined {
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      return isRecord(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return isRecord(body) ? body : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFieldProblem(value: unknown): value is FieldProblem {
  return isRecord(value) && typeof value['field'] === 'string' && typeof value['reason'] === 'string';
}

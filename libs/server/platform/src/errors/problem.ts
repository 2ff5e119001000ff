import { STATUS_CODES } from 'node:http';
import type { FieldProblem } from './domain-error';

/** RFC 9457 problem details, with Prospect's `code`, `requestId` and per-field `errors`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  requestId?: string;
  errors?: FieldProblem[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problem(
  status: number,
  code: string,
  detail: string,
  extras: { instance?: string; requestId?: string; errors?: readonly FieldProblem[] } = {},
): ProblemDetails {
  return {
    type: `urn:prospect:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(extras.instance ? { instance: extras.instance } : {}),
    ...(extras.requestId ? { requestId: extras.requestId } : {}),
    ...(extras.errors && extras.errors.length > 0 ? { errors: [...extras.errors] } : {}),
  };
}

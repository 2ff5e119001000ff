/** The kinds of failure a caller can act on; each maps to one HTTP status in `problem.filter.ts`. */
export const ERROR_KINDS = {
  'bad-request': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'payload-too-large': 413,
  unprocessable: 422,
  'bad-gateway': 502,
  'service-unavailable': 503,
} as const;

export type ErrorKind = keyof typeof ERROR_KINDS;

export interface FieldProblem {
  /** Where in the request the problem is, as a dotted path (`protocol.interimPlan.looks[1]`). */
  readonly field: string;
  readonly reason: string;
}

/**
 * An expected failure with a stable machine-readable code (`TRIAL_NOT_FOUND`) and a message for people.
 * Services throw these; the global filter turns them into RFC 9457 problem+json.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly fields: readonly FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (code: string, message: string): DomainError =>
  new DomainError('not-found', code, message);
export const conflict = (code: string, message: string): DomainError =>
  new DomainError('conflict', code, message);
export const forbidden = (code: string, message: string): DomainError =>
  new DomainError('forbidden', code, message);
export const unprocessable = (
  code: string,
  message: string,
  fields: readonly FieldProblem[] = [],
): DomainError => new DomainError('unprocessable', code, message, fields);
export const badRequest = (
  code: string,
  message: string,
  fields: readonly FieldProblem[] = [],
): DomainError => new DomainError('bad-request', code, message, fields);
export const unauthenticated = (code: string, message: string): DomainError =>
  new DomainError('unauthenticated', code, message);

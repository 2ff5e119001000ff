import type { OperationOutcome } from '@medplum/fhirtypes';

/**
 * Why a request failed:
 * - `http`: the server answered with an error status (see `status`, `operationOutcome`).
 * - `timeout`: no complete answer within `timeoutMs`.
 * - `network`: connection refused, reset, DNS...
 * - `invalid-response`: a 2xx answer that is not the FHIR JSON asked for (HTML, truncated JSON,
 *   wrong resourceType), or a next-page link the gateway refuses to follow.
 */
export type FhirRequestErrorKind = 'http' | 'timeout' | 'network' | 'invalid-response';

export interface FhirRequestErrorDetails {
  kind: FhirRequestErrorKind;
  method: string;
  /** Log-safe: see {@link logSafeUrl}. */
  url: string;
  /** HTTP status; 0 when there was no HTTP response (timeout, network). */
  status: number;
  operationOutcome?: OperationOutcome;
  issues: string[];
  retryable: boolean;
  attempts: number;
  cause?: unknown;
}

/**
 * A failed FHIR request. `issues` holds the human-readable text of the server's OperationOutcome
 * (diagnostics, details) or a description of the failure, fit to show to the user; `url` carries
 * no credentials and no query values (they may hold identifiers of patients).
 */
export class FhirRequestError extends Error {
  override readonly name = 'FhirRequestError';
  readonly kind: FhirRequestErrorKind;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly operationOutcome?: OperationOutcome;
  readonly issues: string[];
  /** The failure is transient (429, 5xx, timeout, network): the same request may succeed later. */
  readonly retryable: boolean;
  /** HTTP attempts made, retries included. */
  readonly attempts: number;

  constructor(details: FhirRequestErrorDetails) {
    const what = details.status ? `HTTP ${details.status}` : details.kind;
    const text = details.issues.length ? `: ${details.issues.join('; ')}` : '';
    super(`FHIR ${details.method} ${details.url} failed (${what})${text}`, { cause: details.cause });
    this.kind = details.kind;
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.operationOutcome = details.operationOutcome;
    this.issues = details.issues;
    this.retryable = details.retryable;
    this.attempts = details.attempts;
  }
}

/** Query parameters whose values describe the search, never the patient: kept in log-safe URLs. */
const SAFE_QUERY_PARAMETERS: ReadonlySet<string> = new Set([
  '_count',
  '_offset',
  '_include',
  '_revinclude',
  '_sort',
  '_summary',
  '_elements',
  '_total',
  '_format',
]);

/**
 * The URL without user info and with the values of query parameters replaced by `***`
 * (except structural ones such as `_count` or `_include`), fit for logs and error messages.
 * @param url - Absolute URL.
 * @returns The redacted URL (or `<invalid url>`).
 */
export function logSafeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '<invalid url>';
  }
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  const query = [...parsed.searchParams]
    .map(([key, value]) => `${key}=${SAFE_QUERY_PARAMETERS.has(key) ? encodeURIComponent(value) : '***'}`)
    .join('&');
  return `${parsed.origin}${parsed.pathname}${query ? `?${query}` : ''}`;
}

/**
 * Human-readable lines of an OperationOutcome: diagnostics and details text, with the location.
 * @param outcome - The outcome.
 * @returns One line per issue.
 */
export function outcomeIssues(outcome: OperationOutcome): string[] {
  return (outcome.issue ?? []).map((issue) => {
    const texts = [issue.details?.text, issue.diagnostics, issue.details?.coding?.[0]?.display].filter(
      (text, index, all): text is string => !!text && all.indexOf(text) === index,
    );
    const text = texts.length
      ? texts.join(' - ')
      : `${issue.severity ?? 'error'}: ${issue.code ?? 'unknown'}`;
    const where = issue.expression?.length ? issue.expression : issue.location;
    return where?.length ? `${text} (at ${where.join(', ')})` : text;
  });
}

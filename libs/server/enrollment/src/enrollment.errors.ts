import { FhirRequestError } from '@prospect/fhir-server';
import { DomainError } from '@prospect/platform';

/**
 * A FHIR server failure as the user sees it: the server's OperationOutcome text, not swallowed.
 * 404 is the patient not being there; anything else is the upstream server failing (502).
 */
export function fhirProblem(error: unknown, what: string): unknown {
  if (!(error instanceof FhirRequestError)) return error;
  const issues = error.issues.map((issue) => ({ field: 'fhir', reason: issue }));
  if (error.status === 404)
    return new DomainError(
      'not-found',
      'FHIR_RESOURCE_NOT_FOUND',
      `${what}: the FHIR server has no such resource.`,
      issues,
    );
  return new DomainError(
    'bad-gateway',
    'FHIR_SERVER_ERROR',
    `${what}: the FHIR server answered ${error.status || error.kind}${error.issues.length ? ` (${error.issues.join('; ')})` : ''}.`,
    issues,
  );
}

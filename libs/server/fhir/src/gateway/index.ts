export {
  FhirGateway,
  parseRetryAfter,
  type FhirAuth,
  type FhirCreateOptions,
  type FhirGatewayOptions,
  type FhirSearchParams,
  type FhirSearchValue,
} from './fhir-gateway';
export {
  FhirRequestError,
  logSafeUrl,
  outcomeIssues,
  type FhirRequestErrorDetails,
  type FhirRequestErrorKind,
} from './fhir-request-error';

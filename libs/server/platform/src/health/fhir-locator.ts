/** Where the FHIR server is: the configured one, or the in-process sandbox (known only once started). */
export interface FhirLocator {
  readonly mode: 'configured' | 'sandbox';
  baseUrl(): string | null;
}

export const FHIR_LOCATOR = Symbol('FHIR_LOCATOR');

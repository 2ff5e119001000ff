export {
  startFhirSandbox,
  type FhirSandbox,
  type FhirSandboxOptions,
  type FhirSandboxRequest,
} from './fhir-sandbox';

import { getSearchParameters } from '@medplum/core';
import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceSearchParam,
} from '@medplum/fhirtypes';

const TYPE_INTERACTIONS = [
  'read',
  'vread',
  'update',
  'patch',
  'delete',
  'history-instance',
  'create',
  'search-type',
] as const;

/**
 * The sandbox's CapabilityStatement (FHIR 4.0.1): every standard R4 resource type with its
 * R4 search parameters, JSON only, no security (the sandbox accepts any Authorization header).
 * @param baseUrl - The sandbox's FHIR base URL.
 * @param resourceTypes - The resource types served.
 * @returns The statement.
 */
export function buildCapabilityStatement(
  baseUrl: string,
  resourceTypes: ReadonlySet<string>,
): CapabilityStatement {
  const resource: CapabilityStatementRestResource[] = [...resourceTypes].sort().map((type) => ({
    type: type as CapabilityStatementRestResource['type'],
    interaction: TYPE_INTERACTIONS.map((code) => ({ code })),
    versioning: 'versioned',
    readHistory: true,
    updateCreate: true,
    conditionalCreate: true,
    conditionalUpdate: true,
    conditionalDelete: 'single',
    searchInclude: ['*'],
    searchRevInclude: ['*'],
    searchParam: Object.values(getSearchParameters(type) ?? {})
      .filter((sp) => sp.code && sp.type)
      .map((sp): CapabilityStatementRestResourceSearchParam => ({
        name: sp.code as string,
        type: sp.type as CapabilityStatementRestResourceSearchParam['type'],
        ...(sp.url ? { definition: sp.url } : {}),
      })),
  }));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    publisher: 'Prospect',
    kind: 'instance',
    software: { name: 'Prospect FHIR sandbox (Medplum in-memory repository)' },
    implementation: { description: 'In-process FHIR R4 sandbox for tests and local use', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        resource,
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'search-system' }],
        searchParam: [
          { name: '_count', type: 'number' },
          { name: '_offset', type: 'number' },
          { name: '_sort', type: 'string' },
        ],
      },
    ],
  };
}

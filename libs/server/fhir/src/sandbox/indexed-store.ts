import {
  evalFhirPathTyped,
  type Filter,
  getSearchParameter,
  matchesSearchRequest,
  Operator,
  type SearchRequest,
  splitSearchOnComma,
  toTypedValue,
} from '@medplum/core';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';

/**
 * The keys under which Medplum's reference matching finds a value (`matchesSearchRequest`):
 * a string as is, a Reference by its `reference`, an embedded resource as `Type/id`, a logical
 * reference by `identifier:system|value`.
 */
function referenceKeys(resource: Resource, expression: string): string[] {
  const keys = new Set<string>();
  for (const { value } of evalFhirPathTyped(expression, [toTypedValue(resource)])) {
    if (typeof value === 'string') {
      keys.add(value);
    } else if (value && typeof value === 'object') {
      const candidate = value as {
        reference?: unknown;
        resourceType?: unknown;
        id?: unknown;
        identifier?: { system?: string; value?: string };
      };
      if (typeof candidate.reference === 'string') {
        keys.add(candidate.reference);
      } else if (typeof candidate.resourceType === 'string' && typeof candidate.id === 'string') {
        keys.add(`${candidate.resourceType}/${candidate.id}`);
      } else if (typeof candidate.identifier === 'object' && candidate.identifier) {
        keys.add(`identifier:${candidate.identifier.system}|${candidate.identifier.value}`);
      }
    }
  }
  return [...keys];
}

/** Resource ids by the reference values one search parameter extracts from them. */
class ReferenceIndex {
  private readonly idsByKey = new Map<string, Set<string>>();

  constructor(private readonly expression: string) {}

  add(resource: Resource): void {
    if (!resource.id) return;
    for (const key of referenceKeys(resource, this.expression)) {
      const ids = this.idsByKey.get(key);
      if (ids) ids.add(resource.id);
      else this.idsByKey.set(key, new Set([resource.id]));
    }
  }

  remove(resource: Resource): void {
    if (!resource.id) return;
    for (const key of referenceKeys(resource, this.expression)) {
      const ids = this.idsByKey.get(key);
      ids?.delete(resource.id);
      if (ids?.size === 0) this.idsByKey.delete(key);
    }
  }

  ids(key: string): ReadonlySet<string> {
    return this.idsByKey.get(key) ?? new Set();
  }
}

/**
 * One resource type's resources by id, as Medplum's repository stores them, plus the reference
 * indexes searches have asked for: each is built on first use and kept current on every write,
 * because the repository writes only through `set`, `delete` and `clear`.
 * Stored resources are frozen: searches hand them out without copying, and code that would
 * change one in place fails loudly instead of corrupting the store or its indexes.
 */
export class ResourceTable extends Map<string, Resource> {
  private indexes: Map<string, ReferenceIndex> | undefined;

  override set(id: string, resource: Resource): this {
    deepFreeze(resource);
    const previous = super.get(id);
    for (const index of this.indexes?.values() ?? []) {
      if (previous) index.remove(previous);
      index.add(resource);
    }
    return super.set(id, resource);
  }

  override delete(id: string): boolean {
    const previous = super.get(id);
    if (previous) {
      for (const index of this.indexes?.values() ?? []) index.remove(previous);
    }
    return super.delete(id);
  }

  override clear(): void {
    this.indexes = undefined;
    super.clear();
  }

  referenceIndex(code: string, expression: string): ReferenceIndex {
    this.indexes ??= new Map();
    let index = this.indexes.get(code);
    if (!index) {
      index = new ReferenceIndex(expression);
      for (const resource of this.values()) index.add(resource);
      this.indexes.set(code, index);
    }
    return index;
  }
}

/**
 * Medplum's `resources` map (type → id → resource) whose tables are {@link ResourceTable}s.
 * `get` creates the table of a type on first use, so the repository never inserts a plain Map.
 */
export class IndexedResourceStore extends Map<string, Map<string, Resource>> {
  override get(resourceType: string): ResourceTable {
    const existing = super.get(resourceType);
    if (existing instanceof ResourceTable) return existing;
    const table = new ResourceTable();
    existing?.forEach((resource, id) => table.set(id, resource));
    super.set(resourceType, table);
    return table;
  }

  override set(resourceType: string, resources: Map<string, Resource>): this {
    const table = new ResourceTable();
    resources.forEach((resource, id) => table.set(id, resource));
    return super.set(resourceType, table);
  }
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

/** `_id=…` or `<reference parameter>=Type/id,…`: the filters an index answers exactly. */
function isIndexable(resourceType: string, filter: Filter): boolean {
  if (filter.operator !== Operator.EQUALS) return false;
  if (filter.code === '_id') return true;
  const param = getSearchParameter(resourceType, filter.code);
  // A bare id (`subject=123`) matches any reference ending in `/123`: left to the full scan.
  return (
    param?.type === 'reference' &&
    !!param.expression &&
    splitSearchOnComma(filter.value).every((value) => value.includes('/'))
  );
}

/**
 * Runs a search the way Medplum's repository does (the same `matchesSearchRequest` decides every
 * match), without its two costs: candidates come from an index when a filter is `_id` or a
 * reference, and resources are not copied (they are frozen). Returns undefined for what it does not handle
 * (sorting, chained and `_has` filters), which the caller sends to Medplum unchanged.
 * Matches are in store order within each indexed value; `_include`/`_revinclude` are not added.
 */
export function indexedSearch(store: IndexedResourceStore, request: SearchRequest): Bundle | undefined {
  const filters = request.filters ?? [];
  if (request.sortRules?.length || filters.some((f) => f.code.includes('.') || f.code.startsWith('_has:'))) {
    return undefined;
  }
  const table = store.get(request.resourceType);
  const indexed = filters.find((filter) => isIndexable(request.resourceType, filter));
  let candidates: Iterable<Resource>;
  if (!indexed) {
    candidates = table.values();
  } else {
    const ids = new Set<string>();
    for (const value of splitSearchOnComma(indexed.value)) {
      if (indexed.code === '_id') {
        ids.add(value);
      } else {
        const param = getSearchParameter(request.resourceType, indexed.code);
        for (const id of table.referenceIndex(indexed.code, param?.expression ?? '').ids(value)) ids.add(id);
      }
    }
    candidates = [...ids].flatMap((id) => table.get(id) ?? []);
  }
  // An index answers its filter exactly (same keys as Medplum's matching), so only the other
  // filters are checked on each candidate.
  const rest: SearchRequest = { ...request, filters: filters.filter((filter) => filter !== indexed) };
  const matches: Resource[] = [];
  for (const resource of candidates) {
    if (!rest.filters?.length || matchesSearchRequest(resource, rest)) matches.push(resource);
  }
  const start = request.offset ?? 0;
  const page = matches.slice(start, request.count === undefined ? undefined : start + request.count);
  const entry = page.map((resource): BundleEntry => ({ search: { mode: 'match' }, resource }));
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(entry.length ? { entry } : {}),
    total: matches.length,
  };
}

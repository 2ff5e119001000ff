import { OperationOutcomeError, validateResource, type SearchRequest, type WithId } from '@medplum/core';
import { type CreateResourceOptions, getExtraEntries, MemoryRepository } from '@medplum/fhir-router';
import type {
  Bundle,
  BundleEntry,
  OperationOutcome,
  OperationOutcomeIssue,
  Resource,
} from '@medplum/fhirtypes';
import { IndexedResourceStore, indexedSearch } from './indexed-store';

/** FHIR R4 `id` datatype. Medplum's validator does not check it. */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** The private state of Medplum's MemoryRepository, reached only to snapshot and restore it. */
interface MemoryState {
  resources: Map<string, Map<string, Resource>>;
  history: Map<string, Map<string, Resource[]>>;
}

interface Snapshot {
  resources: Map<string, Map<string, Resource>>;
  history: Map<string, Map<string, Resource[]>>;
}

/**
 * The most entries one search may return with its `_include`/`_revinclude` resources. Medplum's
 * default silently cuts each `_revinclude` at 1000 resources; here every included resource is
 * returned and a search that would exceed this bound is refused instead.
 */
export const SANDBOX_MAX_SEARCH_ENTRIES = 20_000;

/**
 * Error issues for one resource: Medplum's structural validation plus the `id` format.
 * Warnings (e.g. `urn:uuid:` references inside a transaction) are not reported.
 * @param resource - The candidate resource.
 * @param path - FHIRPath prefix for the issue expressions (e.g. `Bundle.entry[2].resource`).
 * @returns The error issues; empty when the resource is valid.
 */
export function resourceIssues(resource: unknown, path?: string): OperationOutcomeIssue[] {
  const prefix = (expression: string[] | undefined): string[] | undefined =>
    path ? (expression?.length ? expression.map((e) => `${path}.${e}`) : [path]) : expression;
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    return [issue('Expected a FHIR resource (a JSON object)', prefix(undefined))];
  }
  const candidate = resource as Partial<Resource>;
  if (typeof candidate.resourceType !== 'string' || !candidate.resourceType) {
    return [issue('Missing resourceType', prefix(undefined))];
  }
  const issues: OperationOutcomeIssue[] = [];
  if (candidate.id !== undefined && (typeof candidate.id !== 'string' || !FHIR_ID.test(candidate.id))) {
    issues.push(issue('Invalid id: expected 1-64 characters of A-Z, a-z, 0-9, "-" or "."', prefix(['id'])));
  }
  try {
    validateResource(candidate as Resource);
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) {
      throw err;
    }
    for (const found of err.outcome.issue ?? []) {
      if (found.severity === 'error' || found.severity === 'fatal') {
        issues.push({ ...found, expression: prefix(found.expression) });
      }
    }
  }
  return issues;
}

/**
 * Error issues for every resource a transaction or batch would write (POST and PUT entries).
 * @param bundle - The transaction or batch bundle.
 * @returns The error issues, with expressions pointing into the bundle.
 */
export function bundleIssues(bundle: Bundle): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  (bundle.entry ?? []).forEach((entry, index) => {
    const at = `Bundle.entry[${index}]`;
    const method = entry.request?.method;
    if (!method || !entry.request?.url) {
      issues.push(issue('Transaction entry needs request.method and request.url', [`${at}.request`]));
      return;
    }
    if (method === 'POST' || method === 'PUT') {
      issues.push(...resourceIssues(entry.resource, `${at}.resource`));
    }
  });
  return issues;
}

export function outcomeOf(issues: OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}

function issue(text: string, expression?: string[]): OperationOutcomeIssue {
  return { severity: 'error', code: 'invalid', details: { text }, ...(expression ? { expression } : {}) };
}

/**
 * Medplum's in-memory repository with what a hospital server does that it lacks:
 * - it validates every resource it stores (create, update, patch, conditional create);
 * - `withTransaction` is atomic (the store is snapshotted and restored when the callback fails);
 * - searches by `_id` and by reference parameters (`subject`, `patient`, …) use indexes, so a
 *   search costs what it returns, not a scan of every stored resource of the type, and
 *   `_revinclude` returns every matching resource (Medplum's repository stops at 1000 silently).
 * Callers must serialize requests: a rollback restores the whole store.
 */
export class SandboxRepository extends MemoryRepository {
  private transactionDepth = 0;

  /** @param maxSearchEntries - See {@link SANDBOX_MAX_SEARCH_ENTRIES}. */
  constructor(private readonly maxSearchEntries = SANDBOX_MAX_SEARCH_ENTRIES) {
    super();
    // Fail at start-up, not at the first search or rollback, if a Medplum upgrade changes its internals.
    const state = this.state();
    if (!(state.resources instanceof Map) || !(state.history instanceof Map)) {
      throw new Error('@medplum/fhir-router MemoryRepository internals changed: cannot index the store');
    }
    state.resources = new IndexedResourceStore();
  }

  override async search<T extends Resource>(request: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    const store = this.state().resources as IndexedResourceStore;
    const bundle =
      (indexedSearch(store, request) as Bundle<WithId<T>> | undefined) ??
      (await super.search({ ...request, include: undefined, revInclude: undefined }));
    const entries = bundle.entry;
    if ((request.include?.length || request.revInclude?.length) && entries?.length) {
      const resources = entries.flatMap((entry) => (entry.resource ? [entry.resource] : []));
      await getExtraEntries(this, request, resources, entries as BundleEntry[], {
        maxResults: this.maxSearchEntries,
        // The included resources are all of them: the sub-search's `_count` is Medplum's cap.
        executeSearch: async (sub) =>
          (await this.search({ ...sub, count: undefined, offset: undefined })).entry?.flatMap((entry) =>
            entry.resource ? [entry.resource] : [],
          ) ?? [],
      });
    }
    return bundle;
  }

  override async createResource<T extends Resource>(
    resource: T,
    options?: CreateResourceOptions,
    update?: boolean,
  ): Promise<WithId<T>> {
    assertValid(resource);
    return super.createResource(resource, options, update);
  }

  override async conditionalCreate<T extends Resource>(
    resource: T,
    search: SearchRequest<T>,
    options?: CreateResourceOptions,
  ): Promise<{ resource: WithId<T>; outcome: OperationOutcome }> {
    // MemoryRepository creates through a private method here, bypassing createResource.
    assertValid(resource);
    return super.conditionalCreate(resource, search, options);
  }

  override async withTransaction<TResult>(callback: (repo: this) => Promise<TResult>): Promise<TResult> {
    if (this.transactionDepth > 0) {
      return callback(this);
    }
    const snapshot = this.snapshot();
    this.transactionDepth++;
    try {
      return await callback(this);
    } catch (err) {
      this.restore(snapshot);
      throw err;
    } finally {
      this.transactionDepth--;
    }
  }

  private state(): MemoryState {
    return this as unknown as MemoryState;
  }

  // Stored resources are replaced, never mutated, so copying the maps and history arrays suffices.
  private snapshot(): Snapshot {
    const { resources, history } = this.state();
    return {
      resources: new Map([...resources].map(([type, byId]) => [type, new Map(byId)])),
      history: new Map(
        [...history].map(([type, byId]) => [
          type,
          new Map([...byId].map(([id, versions]) => [id, [...versions]])),
        ]),
      ),
    };
  }

  private restore(snapshot: Snapshot): void {
    const { resources, history } = this.state();
    resources.clear();
    history.clear();
    snapshot.resources.forEach((byId, type) => {
      const table = resources.get(type);
      byId.forEach((resource, id) => table?.set(id, resource));
    });
    snapshot.history.forEach((byId, type) => history.set(type, byId));
  }
}

function assertValid(resource: Resource): void {
  const issues = resourceIssues(resource);
  if (issues.length) {
    throw new OperationOutcomeError(outcomeOf(issues));
  }
}

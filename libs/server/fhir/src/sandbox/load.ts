import {
  badRequest,
  getReferenceString,
  multipleMatches,
  OperationOutcomeError,
  parseSearchRequest,
} from '@medplum/core';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { bundleIssues, outcomeOf, type SandboxRepository } from './sandbox-repository';

/**
 * Writes a bundle straight into the repository, all or nothing, without HTTP and without the
 * transaction size limits of Medplum's batch processor (50 updates, 8 conditional entries):
 * fixtures and benchmarks load thousands of resources at once.
 *
 * A `transaction` or `batch` bundle keeps its entries' requests (POST, PUT, DELETE; POST may carry
 * `ifNoneExist`); any other bundle type (`collection`, `searchset`...) becomes a transaction that
 * PUTs resources with an id and POSTs the others. `urn:uuid:` (or any) fullUrls of created or
 * updated resources are rewritten to `Type/id` wherever a string equals them.
 * @param repo - The repository (callers serialize access to it).
 * @param bundle - The data.
 * @returns A `transaction-response` bundle.
 * @throws OperationOutcomeError when an entry is invalid or fails; nothing is stored then.
 */
export async function loadBundle(repo: SandboxRepository, bundle: Bundle): Promise<Bundle> {
  if (bundle?.resourceType !== 'Bundle') {
    throw new OperationOutcomeError(badRequest('load() expects a Bundle'));
  }
  const entries: BundleEntry[] = (bundle.entry ?? []).map((entry) => {
    if (bundle.type === 'transaction' || bundle.type === 'batch') {
      return entry;
    }
    const resource = entry.resource;
    const request: BundleEntry['request'] = resource?.id
      ? { method: 'PUT', url: `${resource.resourceType}/${resource.id}` }
      : { method: 'POST', url: resource?.resourceType ?? '' };
    return { ...entry, request };
  });
  const issues = bundleIssues({ resourceType: 'Bundle', type: 'transaction', entry: entries });
  if (issues.length) {
    throw new OperationOutcomeError(outcomeOf(issues));
  }

  return repo.withTransaction(async () => {
    // 1. Decide every entry's identity, so references can be rewritten before anything is written.
    const identities = new Map<string, string>();
    const plans: Plan[] = [];
    for (const [index, entry] of entries.entries()) {
      plans.push(await planEntry(repo, entry, index, identities));
    }

    // 2. Write, in entry order.
    const response: BundleEntry[] = [];
    for (const step of plans) {
      switch (step.kind) {
        case 'existing':
          response.push(entryFor('200 OK', step.resource));
          break;
        case 'create':
          response.push(
            entryFor(
              '201 Created',
              await repo.createResource(rewrite(step.resource, identities), { assignedId: true }),
            ),
          );
          break;
        case 'update':
          response.push(entryFor('200 OK', await repo.updateResource(rewrite(step.resource, identities))));
          break;
        case 'delete':
          await repo.deleteResource(step.type, step.id).catch((err: unknown) => {
            // Deleting what is not there is a success in FHIR.
            if (!(err instanceof OperationOutcomeError) || err.outcome.issue?.[0]?.code !== 'not-found') {
              throw err;
            }
          });
          response.push({ response: { status: '204 No Content' } });
          break;
      }
    }
    return { resourceType: 'Bundle', type: 'transaction-response', entry: response };
  });
}

type Plan =
  | { kind: 'existing'; resource: Resource }
  | { kind: 'create'; resource: Resource }
  | { kind: 'update'; resource: Resource }
  | { kind: 'delete'; type: string; id: string };

async function planEntry(
  repo: SandboxRepository,
  entry: BundleEntry,
  index: number,
  identities: Map<string, string>,
): Promise<Plan> {
  const { method, url } = entry.request as { method: string; url: string };
  const [type = '', id] = url.split('?')[0]?.split('/') ?? [];
  if (method === 'POST' && entry.request?.ifNoneExist) {
    const matches = await repo.searchResources(parseSearchRequest(`${type}?${entry.request.ifNoneExist}`));
    if (matches.length > 1) {
      throw new OperationOutcomeError(multipleMatches);
    }
    const existing = matches[0];
    if (existing) {
      remember(identities, entry.fullUrl, getReferenceString(existing));
      return { kind: 'existing', resource: existing };
    }
  }
  switch (method) {
    case 'POST': {
      const created = { ...(entry.resource as Resource), id: repo.generateId() };
      remember(identities, entry.fullUrl, `${type}/${created.id}`);
      return { kind: 'create', resource: created };
    }
    case 'PUT': {
      if (!id || url.includes('?')) {
        throw new OperationOutcomeError(
          badRequest('load() supports PUT Type/id only', `Bundle.entry[${index}].request.url`),
        );
      }
      remember(identities, entry.fullUrl, `${type}/${id}`);
      return { kind: 'update', resource: { ...(entry.resource as Resource), id } };
    }
    case 'DELETE':
      if (!id) {
        throw new OperationOutcomeError(
          badRequest('load() supports DELETE Type/id only', `Bundle.entry[${index}].request.url`),
        );
      }
      return { kind: 'delete', type, id };
    default:
      throw new OperationOutcomeError(
        badRequest(`load() does not support ${method} entries`, `Bundle.entry[${index}].request.method`),
      );
  }
}

function remember(identities: Map<string, string>, fullUrl: string | undefined, reference: string): void {
  if (fullUrl) {
    identities.set(fullUrl, reference);
  }
}

function entryFor(status: string, resource: Resource): BundleEntry {
  const location = `${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId ?? ''}`;
  return { resource, response: { status, location } };
}

function rewrite<T>(value: T, identities: Map<string, string>): T {
  if (typeof value === 'string') {
    return (identities.get(value) ?? value) as T;
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown) => rewrite(item, identities)) as T;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, rewrite(item, identities)]),
    ) as T;
  }
  return value;
}

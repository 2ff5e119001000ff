import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';

/**
 * The same bundle with every resource given the id of its `urn:uuid:` fullUrl and written by PUT,
 * references rewritten to `Type/id`. Loading it twice, or after a restart of an in-memory server,
 * gives the same ids, so references kept elsewhere (an enrollment's Patient) stay valid.
 * Resources without a `urn:uuid:` fullUrl are left as they are.
 */
export function withStableIds(bundle: Bundle): Bundle {
  const targets = new Map<string, string>();
  for (const entry of bundle.entry ?? []) {
    const uuid = entry.fullUrl?.startsWith('urn:uuid:') ? entry.fullUrl.slice('urn:uuid:'.length) : null;
    if (uuid && entry.resource)
      targets.set(entry.fullUrl as string, `${entry.resource.resourceType}/${uuid}`);
  }
  const rewritten = JSON.parse(
    JSON.stringify(bundle).replace(/"reference":"(urn:uuid:[0-9a-f-]{36})"/g, (match, url: string) =>
      targets.has(url) ? `"reference":"${targets.get(url)}"` : match,
    ),
  ) as Bundle;
  return {
    ...rewritten,
    entry: (rewritten.entry ?? []).map((entry): BundleEntry => {
      const target = entry.fullUrl ? targets.get(entry.fullUrl) : undefined;
      if (!target || !entry.resource) return entry;
      const id = target.split('/')[1] as string;
      return {
        fullUrl: entry.fullUrl,
        resource: { ...entry.resource, id } as Resource,
        request: { method: 'PUT', url: target },
      };
    }),
  };
}

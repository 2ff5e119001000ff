import { Operator, parseSearchRequest, type SearchRequest } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, Observation, Resource } from '@medplum/fhirtypes';
import { EXAMPLE_TRIALS } from '@prospect/domain';
import { generateCohort, withStableIds } from '@prospect/synth';
import { loadFhirDefinitions } from './definitions';
import { SANDBOX_MAX_SEARCH_ENTRIES, SandboxRepository } from './sandbox-repository';

// The indexed sandbox must answer every search exactly as Medplum's full scan does; a plain
// MemoryRepository holding the same resources (same ids) is the reference.

const cohort = generateCohort({ definition: EXAMPLE_TRIALS.myeloma, patients: 40, seed: 'indexed-store' });
const resources: Resource[] = cohort.baselineBundles
  .map(withStableIds)
  .flatMap((bundle) => (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : [])));
const patientIds = resources.filter((r) => r.resourceType === 'Patient').map((r) => r.id as string);
const observationCode = (resources.find((r) => r.resourceType === 'Observation') as Observation).code
  .coding?.[0]?.code as string;

loadFhirDefinitions();

let sandbox: SandboxRepository;
let reference: MemoryRepository;

beforeEach(async () => {
  sandbox = new SandboxRepository();
  reference = new MemoryRepository();
  for (const resource of resources) {
    // PUT semantics: every bundle carries the same PACS Endpoint.
    await sandbox.createResource(resource, undefined, true);
    await reference.createResource(resource, undefined, true);
  }
});

/** What a search returned, order-free: matches and included resources, and the total (version ids differ by store). */
function summary(bundle: Bundle): { total: number | undefined; match: string[]; include: string[] } {
  const keys = (mode: string): string[] =>
    (bundle.entry ?? [])
      .filter((entry) => (entry.search?.mode ?? 'match') === mode)
      .map((entry) => `${entry.resource?.resourceType}/${entry.resource?.id}`)
      .sort();
  return { total: bundle.total, match: keys('match'), include: keys('include') };
}

async function expectSameAnswer(query: string | SearchRequest): Promise<void> {
  const request = typeof query === 'string' ? parseSearchRequest(query) : query;
  const expected = summary(await reference.search(structuredClone(request)));
  const actual = summary(await sandbox.search(structuredClone(request)));
  expect(actual).toEqual(expected);
}

const [first, second, third] = patientIds as [string, string, string];

describe('SandboxRepository indexed search answers as Medplum full scan does', () => {
  it.each([
    ['every patient', 'Patient'],
    ['a page of patients', 'Patient?_count=7&_offset=14'],
    ['patients by _id', `Patient?_id=${first},${third},unknown-id`],
    ['observations by subject', `Observation?subject=Patient/${first},Patient/${second}`],
    ['observations by patient (another reference parameter)', `Observation?patient=Patient/${second}`],
    ['observations by subject and code', `Observation?subject=Patient/${first}&code=${observationCode}`],
    ['observations by a bare id (left to the full scan)', `Observation?subject=${first}`],
    ['imaging studies by subject', `ImagingStudy?subject=Patient/${third}`],
    ['a search by a non-reference parameter', `Observation?code=${observationCode}&_count=5`],
    ['a search with a sort (left to Medplum)', `Patient?_sort=birthdate&_count=3`],
    ['a reference nobody has', 'Observation?subject=Patient/nobody'],
    [
      'patients with every linked resource (_revinclude)',
      `Patient?_id=${first},${second}&_revinclude=Observation:subject&_revinclude=ImagingStudy:subject&_revinclude=Condition:subject`,
    ],
    [
      'observations with their patient (_include)',
      `Observation?subject=Patient/${third}&_include=Observation:subject`,
    ],
  ])('%s', async (_label, query) => {
    await expectSameAnswer(query);
  });

  it('keeps its indexes current across update, delete and re-subject', async () => {
    await expectSameAnswer(`Observation?subject=Patient/${first}`); // builds the index
    const moved = (
      await sandbox.searchResources(parseSearchRequest<Observation>(`Observation?subject=Patient/${first}`))
    )[0];
    expect(moved).toBeDefined();
    const update: Observation = { ...(moved as Observation), subject: { reference: `Patient/${second}` } };
    await sandbox.updateResource(update);
    await reference.updateResource(update);
    const gone = (
      await sandbox.searchResources(parseSearchRequest<Observation>(`Observation?subject=Patient/${third}`))
    )[0];
    await sandbox.deleteResource('Observation', gone?.id as string);
    await reference.deleteResource('Observation', gone?.id as string);
    for (const id of [first, second, third]) {
      await expectSameAnswer(`Observation?subject=Patient/${id}`);
    }
  });

  it('hands out stored resources frozen, so no caller can change the store in place', async () => {
    const [found] = await sandbox.searchResources(
      parseSearchRequest<Observation>(`Observation?subject=Patient/${first}`),
    );
    expect(() => {
      (found as Observation).status = 'cancelled';
    }).toThrow(TypeError);
    const again = (await sandbox.readResource('Observation', found?.id as string)) as Observation;
    expect(again.status).toBe('final');
  });

  it('restores its indexes with the store when a transaction rolls back', async () => {
    const query = `Observation?subject=Patient/${first}`;
    const before = summary(await sandbox.search(parseSearchRequest(query)));
    await expect(
      sandbox.withTransaction(async (repo) => {
        await repo.createResource<Observation>({
          resourceType: 'Observation',
          status: 'final',
          code: { text: 'added then rolled back' },
          subject: { reference: `Patient/${first}` },
        });
        expect(summary(await repo.search(parseSearchRequest(query))).match).toHaveLength(
          before.match.length + 1,
        );
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(summary(await sandbox.search(parseSearchRequest(query)))).toEqual(before);
  });

  it('returns more than the 1000 included resources Medplum refuses', async () => {
    const many = new SandboxRepository();
    const capped = new MemoryRepository();
    const patient = { resourceType: 'Patient', id: 'busy' } as const;
    await many.createResource(patient);
    await capped.createResource(patient);
    for (let i = 0; i < 1005; i++) {
      const observation: Observation = {
        resourceType: 'Observation',
        id: `obs-${i}`,
        status: 'final',
        code: { text: 'repeat' },
        subject: { reference: 'Patient/busy' },
      };
      await many.createResource(observation);
      await capped.createResource(observation);
    }
    const request: SearchRequest = {
      resourceType: 'Patient',
      filters: [{ code: '_id', operator: Operator.EQUALS, value: 'busy' }],
      revInclude: [{ resourceType: 'Observation', searchParam: 'subject' }],
    };
    await expect(capped.search(structuredClone(request))).rejects.toThrow(/query scope limit/);
    expect(summary(await many.search(structuredClone(request))).include).toHaveLength(1005);
    expect(SANDBOX_MAX_SEARCH_ENTRIES).toBeGreaterThan(1005);
  });

  it('refuses, rather than truncates, a search whose included resources exceed the bound', async () => {
    const repo = new SandboxRepository(10);
    await repo.createResource({ resourceType: 'Patient', id: 'p' });
    for (let i = 0; i < 10; i++) {
      await repo.createResource<Observation>({
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'repeat' },
        subject: { reference: 'Patient/p' },
      });
    }
    await expect(
      repo.search({
        resourceType: 'Patient',
        revInclude: [{ resourceType: 'Observation', searchParam: 'subject' }],
      }),
    ).rejects.toThrow(/query scope limit/);
  });
});

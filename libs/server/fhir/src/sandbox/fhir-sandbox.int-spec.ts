import type {
  Bundle,
  CapabilityStatement,
  ImagingStudy,
  Observation,
  OperationOutcome,
  Patient,
  Resource,
} from '@medplum/fhirtypes';
import Client from 'fhir-kit-client';
import { type FhirSandbox, type FhirSandboxRequest, startFhirSandbox } from './fhir-sandbox';

const MRN = 'urn:oid:1.2.36.146.595.217.0.1';
const LOINC = 'http://loinc.org';

let sandbox: FhirSandbox;
let client: Client;
const seen: FhirSandboxRequest[] = [];

beforeAll(async () => {
  sandbox = await startFhirSandbox({ port: 0, onRequest: (request) => seen.push(request) });
  client = new Client({ baseUrl: sandbox.baseUrl });
});

afterAll(async () => {
  await sandbox.close();
});

/** Raw HTTP, for status codes and headers that fhir-kit-client hides. */
async function http(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: Resource }> {
  const response = await fetch(`${sandbox.baseUrl}/${path}`, {
    method,
    headers: { 'content-type': 'application/fhir+json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Resource };
}

function patient(mrn: string, family: string, given: string, birthDate: string): Patient {
  return {
    resourceType: 'Patient',
    identifier: [{ system: MRN, value: mrn }],
    name: [{ family, given: [given] }],
    gender: 'female',
    birthDate,
  };
}

function observation(subject: string, code: string, value: number): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: LOINC, code }] },
    subject: { reference: subject },
    valueQuantity: { value, unit: 'mg/dL' },
  };
}

function issuesText(outcome: Resource): string {
  expect(outcome.resourceType).toBe('OperationOutcome');
  return JSON.stringify((outcome as OperationOutcome).issue);
}

async function searchIds(path: string): Promise<string[]> {
  const bundle = (await client.request(path)) as Bundle;
  return (bundle.entry ?? []).map((entry) => `${entry.resource?.resourceType}/${entry.resource?.id}`);
}

describe('FHIR sandbox', () => {
  it('serves a FHIR 4.0.1 CapabilityStatement at /metadata', async () => {
    const { status, headers, json } = await http('GET', 'metadata');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('application/fhir+json');
    const statement = json as CapabilityStatement;
    expect(statement.resourceType).toBe('CapabilityStatement');
    expect(statement.fhirVersion).toBe('4.0.1');
    const patientRest = statement.rest?.[0]?.resource?.find((r) => r.type === 'Patient');
    expect(patientRest?.searchParam?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['identifier', 'birthdate']),
    );
  });

  it('creates, reads and searches Patients by identifier, name and birthdate', async () => {
    const created = (await client.create({
      resourceType: 'Patient',
      body: patient('MRN-1001', 'Okafor', 'Ada', '1961-03-14'),
    })) as Patient;
    await client.create({
      resourceType: 'Patient',
      body: patient('MRN-1002', 'Lindqvist', 'Bo', '1978-11-02'),
    });
    expect(created.id).toBeTruthy();
    expect(created.meta?.versionId).toBeTruthy();

    const read = (await client.read({ resourceType: 'Patient', id: created.id as string })) as Patient;
    expect(read.name?.[0]?.family).toBe('Okafor');

    const ref = `Patient/${created.id}`;
    expect(await searchIds(`Patient?identifier=${encodeURIComponent(`${MRN}|MRN-1001`)}`)).toEqual([ref]);
    expect(await searchIds('Patient?name=okaf')).toEqual([ref]);
    expect(await searchIds('Patient?birthdate=1961-03-14')).toEqual([ref]);
    expect(await searchIds('Patient?birthdate=lt1970-01-01&identifier=MRN-1001')).toEqual([ref]);
    expect(await searchIds('Patient?identifier=MRN-1002&birthdate=lt1970-01-01')).toEqual([]);
  });

  it('returns 201 with Location and ETag on create, 404 for an unknown id', async () => {
    const { status, headers, json } = await http(
      'POST',
      'Patient',
      patient('MRN-1003', 'Roux', 'Cy', '1950-01-01'),
    );
    expect(status).toBe(201);
    expect(headers.get('location')).toBe(
      `${sandbox.baseUrl}/Patient/${json.id}/_history/${json.meta?.versionId as string}`,
    );
    expect(headers.get('etag')).toBe(`W/"${json.meta?.versionId as string}"`);
    const missing = await http('GET', 'Patient/does-not-exist');
    expect(missing.status).toBe(404);
    expect(missing.json.resourceType).toBe('OperationOutcome');
  });

  it('searches Observations by patient= and code=', async () => {
    const p = (await client.create({
      resourceType: 'Patient',
      body: patient('MRN-2001', 'Haddad', 'Dee', '1970-05-05'),
    })) as Patient;
    const other = (await client.create({
      resourceType: 'Patient',
      body: patient('MRN-2002', 'Haddad', 'Eli', '1972-06-06'),
    })) as Patient;
    const glucose = (await client.create({
      resourceType: 'Observation',
      body: observation(`Patient/${p.id}`, '2345-7', 99),
    })) as Observation;
    const hba1c = (await client.create({
      resourceType: 'Observation',
      body: observation(`Patient/${p.id}`, '4548-4', 6.1),
    })) as Observation;
    await client.create({
      resourceType: 'Observation',
      body: observation(`Patient/${other.id}`, '2345-7', 120),
    });

    expect((await searchIds(`Observation?patient=${p.id}`)).sort()).toEqual(
      [`Observation/${glucose.id}`, `Observation/${hba1c.id}`].sort(),
    );
    expect(
      await searchIds(`Observation?patient=Patient/${p.id}&code=${encodeURIComponent(`${LOINC}|4548-4`)}`),
    ).toEqual([`Observation/${hba1c.id}`]);
    expect(await searchIds(`Observation?subject=Patient/${other.id}&code=4548-4`)).toEqual([]);
  });

  it('supports _include and _revinclude', async () => {
    const p = (await client.create({
      resourceType: 'Patient',
      body: patient('MRN-3001', 'Moreau', 'Fay', '1955-09-09'),
    })) as Patient;
    const study = (await client.create({
      resourceType: 'ImagingStudy',
      body: {
        resourceType: 'ImagingStudy',
        status: 'available',
        subject: { reference: `Patient/${p.id}` },
        modality: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: 'CT' }],
      } satisfies ImagingStudy,
    })) as ImagingStudy;

    const included = (await client.request(
      `ImagingStudy?patient=${p.id}&_include=ImagingStudy:subject`,
    )) as Bundle;
    expect(included.entry?.map((e) => [e.resource?.resourceType, e.search?.mode])).toEqual([
      ['ImagingStudy', 'match'],
      ['Patient', 'include'],
    ]);
    expect(included.total).toBe(1);
    expect(included.entry?.[1]?.fullUrl).toBe(`${sandbox.baseUrl}/Patient/${p.id}`);

    const revIncluded = (await client.request(
      `Patient?_id=${p.id}&_revinclude=ImagingStudy:subject`,
    )) as Bundle;
    expect(
      revIncluded.entry?.map((e) => [`${e.resource?.resourceType}/${e.resource?.id}`, e.search?.mode]),
    ).toEqual([
      [`Patient/${p.id}`, 'match'],
      [`ImagingStudy/${study.id}`, 'include'],
    ]);
  });

  it('pages with _count through next links that work when followed', async () => {
    const subject = 'Patient/paging-patient';
    await sandbox.load({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { resource: { ...patient('MRN-4001', 'Paging', 'Gus', '1980-01-01'), id: 'paging-patient' } },
        ...Array.from({ length: 7 }, (_, i) => ({ resource: observation(subject, '8867-4', 60 + i) })),
      ],
    });
    sandbox.resetRequestCount();

    const pages: Bundle[] = [];
    let page = (await client.request(`Observation?subject=${subject}&_count=3`)) as Bundle | undefined;
    while (page) {
      pages.push(page);
      page = (await client.nextPage({ bundle: page })) as Bundle | undefined;
    }
    expect(pages.map((p) => p.entry?.length)).toEqual([3, 3, 1]);
    expect(pages.every((p) => p.total === 7)).toBe(true);
    const ids = pages.flatMap((p) => p.entry?.map((e) => e.resource?.id) ?? []);
    expect(new Set(ids).size).toBe(7);
    expect(pages[1]?.link?.map((l) => l.relation)).toEqual(['self', 'first', 'previous', 'next']);
    expect(pages[2]?.link?.find((l) => l.relation === 'next')).toBeUndefined();
    expect(sandbox.requestCount()).toBe(3);

    // Search by POST (form parameters) pages the same way.
    const posted = await fetch(`${sandbox.baseUrl}/Observation/_search`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ subject, _count: '5' }).toString(),
    });
    const postedPage = (await posted.json()) as Bundle;
    expect([postedPage.total, postedPage.entry?.length]).toEqual([7, 5]);
    expect(postedPage.link?.find((l) => l.relation === 'next')?.url).toContain('_offset=5');

    // Without _count the default page size applies (20) and is echoed in the links.
    const all = (await client.request(`Observation?subject=${subject}`)) as Bundle;
    expect(all.entry).toHaveLength(7);
    expect(all.link?.[0]?.url).toContain('_count=20');
  });

  it('commits a transaction of linked resources with urn:uuid fullUrls', async () => {
    const patientUrl = 'urn:uuid:4d2b0d1c-2f4e-4b8a-9d61-7c0a8f6e1a01';
    const response = (await client.transaction({
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            fullUrl: patientUrl,
            resource: patient('MRN-5001', 'Tanaka', 'Hana', '1966-02-02'),
            request: { method: 'POST', url: 'Patient' },
          },
          {
            resource: {
              resourceType: 'ImagingStudy',
              status: 'available',
              subject: { reference: patientUrl },
            },
            request: { method: 'POST', url: 'ImagingStudy' },
          },
          {
            resource: observation(patientUrl, '2345-7', 101),
            request: { method: 'POST', url: 'Observation' },
          },
        ],
      },
    })) as Bundle;
    expect(response.type).toBe('transaction-response');
    expect(response.entry?.map((e) => e.response?.status)).toEqual(['201', '201', '201']);
    const patientId = response.entry?.[0]?.resource?.id;
    const study = response.entry?.[1]?.resource as ImagingStudy;
    expect(study.subject?.reference).toBe(`Patient/${patientId}`);
    expect(await searchIds(`Observation?patient=${patientId}`)).toHaveLength(1);
  });

  it('rejects an invalid resource with 400 and an OperationOutcome', async () => {
    const created = await http('POST', 'Patient', { resourceType: 'Patient', birthDate: '14/03/1961' });
    expect(created.status).toBe(400);
    expect(issuesText(created.json)).toMatch(/Invalid date format/);
    expect(issuesText(created.json)).toContain('Patient.birthDate');

    const unknownField = await http('POST', 'Observation', {
      ...observation('Patient/x', '1-8', 1),
      colour: 'red',
    });
    expect(unknownField.status).toBe(400);
    expect(issuesText(unknownField.json)).toContain('colour');

    const missingStatus = await http('PUT', 'Observation/obs-1', {
      resourceType: 'Observation',
      id: 'obs-1',
      code: { text: 'x' },
    });
    expect(missingStatus.status).toBe(400);
    expect(issuesText(missingStatus.json)).toMatch(/Missing required property/);
  });

  it('stores nothing when a transaction entry is invalid, and reports every invalid entry', async () => {
    const before = await searchIds('Patient?identifier=MRN-6001');
    const { status, json } = await http('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: patient('MRN-6001', 'Valid', 'Ivy', '1990-01-01'),
          request: { method: 'POST', url: 'Patient' },
        },
        {
          resource: { resourceType: 'Observation', code: { text: 'no status' } },
          request: { method: 'POST', url: 'Observation' },
        },
        {
          resource: { ...patient('MRN-6002', 'Bad', 'Date', '1990-01-01'), birthDate: 'yesterday' },
          request: { method: 'POST', url: 'Patient' },
        },
      ],
    });
    expect(status).toBe(400);
    const text = issuesText(json);
    expect(text).toContain('Bundle.entry[1].resource.Observation.status');
    expect(text).toContain('Bundle.entry[2].resource.Patient.birthDate');
    expect(before).toEqual([]);
    expect(await searchIds('Patient?identifier=MRN-6001')).toEqual([]);
  });

  it('rolls back a transaction when a later entry fails at run time', async () => {
    await client.create({ resourceType: 'Patient', body: patient('MRN-7000', 'Twin', 'A', '1990-01-01') });
    await client.create({ resourceType: 'Patient', body: patient('MRN-7000', 'Twin', 'B', '1990-01-01') });
    const { status } = await http('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: patient('MRN-7001', 'Fresh', 'Jo', '1990-01-01'),
          request: { method: 'POST', url: 'Patient' },
        },
        {
          // Two patients match: conditional create fails with 412 after the first entry was written.
          resource: patient('MRN-7000', 'Twin', 'C', '1990-01-01'),
          request: { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=MRN-7000' },
        },
      ],
    });
    expect(status).toBe(412);
    expect(await searchIds('Patient?identifier=MRN-7001')).toEqual([]);
  });

  it('supports conditional create with If-None-Exist', async () => {
    const body = patient('MRN-8001', 'Once', 'Kai', '1985-08-08');
    const first = await http('POST', 'Patient', body, { 'if-none-exist': `identifier=${MRN}|MRN-8001` });
    const second = await http('POST', 'Patient', body, { 'if-none-exist': `identifier=${MRN}|MRN-8001` });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.json.id).toBe(first.json.id);
    expect(await searchIds('Patient?identifier=MRN-8001')).toHaveLength(1);

    const invalid = await http(
      'POST',
      'Patient',
      { ...body, birthDate: 'soon' },
      { 'if-none-exist': 'identifier=none' },
    );
    expect(invalid.status).toBe(400);
  });

  it('updates and deletes', async () => {
    const created = (await client.create({
      resourceType: 'Patient',
      body: patient('MRN-9001', 'Change', 'Lu', '1999-09-09'),
    })) as Patient;
    const updated = (await client.update({
      resourceType: 'Patient',
      id: created.id as string,
      body: { ...created, gender: 'other' },
    })) as Patient;
    expect(updated.gender).toBe('other');
    expect(updated.meta?.versionId).not.toBe(created.meta?.versionId);
    expect((await http('DELETE', `Patient/${created.id}`)).status).toBe(200);
    expect((await http('GET', `Patient/${created.id}`)).status).toBe(404);
  });

  it('answers malformed requests with 4xx OperationOutcomes', async () => {
    const truncated = await http('POST', 'Patient', '{"resourceType": "Patient", "name": [');
    expect(truncated.status).toBe(400);
    expect(issuesText(truncated.json)).toMatch(/not valid JSON/);

    const unknownType = await http('GET', 'Spaceship?name=x');
    expect(unknownType.status).toBe(404);
    expect(issuesText(unknownType.json)).toContain('Spaceship');

    const badCount = await http('GET', 'Patient?_count=lots');
    expect(badCount.status).toBe(400);

    const typo = await http('GET', 'Patient?birthdat=1961-03-14&name:contains=ok');
    expect(typo.status).toBe(400);
    expect(issuesText(typo.json)).toContain('Unknown search parameter(s) for Patient: birthdat');

    const wrongType = await http('POST', 'Patient', {
      resourceType: 'Observation',
      status: 'final',
      code: {},
    });
    expect(wrongType.status).toBe(400);
  });

  it('limits request bodies', async () => {
    const small = await startFhirSandbox({ maxBodyBytes: 1024 });
    try {
      const response = await fetch(`${small.baseUrl}/Patient`, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json' },
        body: JSON.stringify({ ...patient('MRN-big', 'Big', 'Body', '1990-01-01'), text: 'x'.repeat(4096) }),
      });
      expect(response.status).toBe(413);
      expect(((await response.json()) as Resource).resourceType).toBe('OperationOutcome');
    } finally {
      await small.close();
    }
  });

  it('loads bundles directly, all or nothing, without counting requests', async () => {
    sandbox.resetRequestCount();
    const result = await sandbox.load({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000010',
          resource: patient('MRN-10001', 'Loaded', 'Mo', '1960-10-10'),
          request: { method: 'POST', url: 'Patient' },
        },
        {
          resource: observation('urn:uuid:00000000-0000-4000-8000-000000000010', '2345-7', 88),
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    });
    expect(sandbox.requestCount()).toBe(0);
    const patientId = result.entry?.[0]?.resource?.id;
    expect((result.entry?.[1]?.resource as Observation).subject?.reference).toBe(`Patient/${patientId}`);

    await expect(
      sandbox.load({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [
          { resource: patient('MRN-10002', 'Never', 'Stored', '1960-10-10') },
          { resource: { resourceType: 'Patient', birthDate: 'never' } },
        ],
      }),
    ).rejects.toMatchObject({
      outcome: { issue: [expect.objectContaining({ expression: expect.anything() })] },
    });
    expect(await searchIds('Patient?identifier=MRN-10002')).toEqual([]);
  });

  it('counts requests and exposes them to onRequest', async () => {
    sandbox.resetRequestCount();
    seen.length = 0;
    await client.request('Patient?_count=1', { options: { headers: { authorization: 'Bearer abc' } } });
    await http('GET', 'metadata');
    expect(sandbox.requestCount()).toBe(2);
    expect(seen[0]?.headers.authorization).toBe('Bearer abc');
    expect(seen[0]?.url).toBe('/fhir/Patient?_count=1');
  });
});

import type { Bundle } from '@medplum/fhirtypes';
import { EXAMPLE_TRIALS } from '@prospect/domain';
import { generateCohort, withStableIds } from '@prospect/synth';
import { FhirGateway } from '../gateway';
import { startFhirSandbox, type FhirSandbox } from '../sandbox';
import { patientIdOf, readPatientRecords } from './patient-records';

describe('readPatientRecords against the sandbox', () => {
  let sandbox: FhirSandbox;
  let gateway: FhirGateway;
  let patientIds: string[];

  beforeAll(async () => {
    sandbox = await startFhirSandbox();
    const cohort = generateCohort({
      definition: EXAMPLE_TRIALS.myeloma,
      patients: 120,
      seed: 'records',
      mess: { lateTreatmentRecord: 0, duplicateStudy: 0.1 },
    });
    const stable = cohort.baselineBundles.map(withStableIds);
    for (const bundle of stable) await sandbox.load(bundle);
    patientIds = stable.map(
      (bundle: Bundle) =>
        bundle.entry?.find((entry) => entry.resource?.resourceType === 'Patient')?.resource?.id ?? '',
    );
    gateway = new FhirGateway({ baseUrl: sandbox.baseUrl });
  }, 60_000);

  afterAll(() => sandbox?.close());

  it('reads every patient’s whole record with one request per 50 patients', async () => {
    gateway.resetRequestCount();
    const records = await readPatientRecords(gateway, patientIds);
    expect(records.size).toBe(120);
    expect(gateway.requestCount()).toBe(3);
    for (const id of patientIds) {
      const record = records.get(id);
      expect(record?.conditions).toHaveLength(1);
      expect(record?.imagingStudies.length).toBeGreaterThanOrEqual(1);
      expect(record?.medicationAdministrations).toHaveLength(1);
      expect(record?.observations.length).toBeGreaterThanOrEqual(3);
      for (const observation of record?.observations ?? []) expect(patientIdOf(observation.subject)).toBe(id);
    }
  });

  it('leaves out patients the server does not have', async () => {
    const records = await readPatientRecords(gateway, [
      patientIds[0] as string,
      '00000000-0000-4000-8000-000000000000',
    ]);
    expect([...records.keys()]).toEqual([patientIds[0]]);
  });

  it.each([
    ['Patient/abc', 'abc'],
    ['https://fhir.example/r4/Patient/abc-1.2', 'abc-1.2'],
    ['Patient/abc/_history/3', 'abc'],
    ['Group/abc', null],
    ['urn:uuid:1234', null],
  ])('reads the patient id of %s', (reference, expected) => {
    expect(patientIdOf({ reference })).toBe(expected);
  });
});

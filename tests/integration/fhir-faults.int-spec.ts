import type { Patient } from '@medplum/fhirtypes';
import { EXAMPLE_TRIALS } from '@prospect/domain';
import { generateCohort, NO_MESS, withStableIds } from '@prospect/synth';
import request from 'supertest';
import { FhirFaultServer } from './support/fhir-fault-server';
import {
  bearer,
  count,
  DAY_MS,
  jobOutcome,
  setUpTrial,
  startWorld,
  until,
  type Trial,
  type World,
} from './support/world';

/**
 * The hospital's FHIR server slow, down, or answering garbage. Requests read it directly and
 * answer 502 naming it; jobs retry (the gateway within an attempt, the queue across attempts with
 * exponential backoff), record the error where users see it, and write whole records or nothing.
 */
describe('the FHIR server slow, down or answering garbage', () => {
  let fhir: FhirFaultServer;
  let world: World;
  let trial: Trial;

  beforeAll(async () => {
    world = await startWorld({
      redisUrl: null,
      fhirBaseUrl: async (sandboxUrl) => {
        fhir = new FhirFaultServer(sandboxUrl);
        await fhir.start();
        return fhir.baseUrl;
      },
    });
    trial = await setUpTrial(world, 2, 'fhir-faults');
  }, 600_000);

  afterAll(async () => {
    await world?.close();
    await fhir?.close();
  });

  afterEach(() => {
    fhir.fault = { kind: 'none' };
  });

  const api = () => request(world.http);
  const enrollments = () => count(world, 'SELECT count(*)::int AS n FROM enrollment');
  const links = () => count(world, 'SELECT count(*)::int AS n FROM baseline_link');

  async function requestJob(path: string): Promise<string> {
    const response = await api().post(`${trial.base}${path}`).set(bearer(trial.coordinator)).send({});
    expect(response.status).toBe(202);
    return response.body.id as string;
  }

  /** Makes every enrolled patient a year older at the hospital: the next re-sync has a change to apply. */
  async function changeHospitalRecords(): Promise<void> {
    const rows = (await world.dataSource.query('SELECT fhir_patient_reference AS ref FROM enrollment')) as {
      ref: string;
    }[];
    for (const { ref } of rows) {
      const url = `${world.sandbox.baseUrl}/${ref}`;
      const patient = (await (await fetch(url)).json()) as Patient;
      const born = new Date(`${patient.birthDate ?? '1960-01-01'}T00:00:00Z`);
      born.setUTCFullYear(born.getUTCFullYear() - 1);
      patient.birthDate = born.toISOString().slice(0, 10);
      const put = await fetch(url, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/fhir+json' },
        body: JSON.stringify(patient),
      });
      expect(put.ok).toBe(true);
    }
  }

  it.each([
    ['down (503)', { kind: 'unavailable' } as const],
    ['resetting connections', { kind: 'reset' } as const],
    ['answering garbage', { kind: 'garbage' } as const],
  ])('enrollment with the server %s: 502 naming the FHIR server, nothing written', async (_name, fault) => {
    const cohort = generateCohort({
      definition: EXAMPLE_TRIALS.myeloma,
      patients: 1,
      seed: `fhir-faults-new-${fault.kind}`,
      mess: NO_MESS,
      firstTreatmentStart: new Date(Date.now() + DAY_MS).toISOString(),
    });
    const bundle = withStableIds(cohort.baselineBundles[0] as (typeof cohort.baselineBundles)[number]);
    await world.sandbox.load(bundle);
    const patient = bundle.entry?.find((entry) => entry.resource?.resourceType === 'Patient')
      ?.resource as Patient;
    const before = { enrollments: await enrollments(), links: await links() };
    fhir.fault = fault;
    const response = await api()
      .post(`${trial.base}/enrollments`)
      .set(bearer(trial.coordinator))
      .send({ patientReference: `Patient/${patient.id ?? ''}`, siteCode: 'HD01' });
    expect(response.status).toBe(502);
    expect(response.body).toMatchObject({ code: 'FHIR_SERVER_ERROR' });
    expect(response.body.detail).toMatch(/FHIR server/);
    expect({ enrollments: await enrollments(), links: await links() }).toEqual(before);
  });

  it('a re-sync against garbage is retried with backoff, fails visibly and applies nothing; after it, applies everything once', async () => {
    await changeHospitalRecords();
    const linksBefore = await links();
    fhir.fault = { kind: 'garbage' };
    const requestsBefore = fhir.requests;
    const failed = await jobOutcome(world, await requestJob('/syncs'));
    expect(failed).toMatchObject({ status: 'failed', attempts: 5 });
    expect(failed.error).toMatch(/FHIR|JSON/i);
    expect(fhir.requests - requestsBefore).toBeGreaterThanOrEqual(5);
    expect(await links()).toBe(linksBefore);

    fhir.fault = { kind: 'none' };
    const succeeded = await jobOutcome(world, await requestJob('/syncs'));
    expect(succeeded).toMatchObject({ status: 'succeeded', error: null });
    expect(await links()).toBe(linksBefore + trial.subjects.length);
  });

  it('a job whose server comes back between attempts succeeds on a later attempt', async () => {
    fhir.fault = { kind: 'unavailable' };
    const jobId = await requestJob('/outcomes/sync');
    await until(
      () => count(world, 'SELECT attempts AS n FROM sync_job WHERE id = $1', [jobId]),
      (attempts) => attempts >= 2,
      120_000,
    );
    fhir.fault = { kind: 'none' };
    const outcome = await jobOutcome(world, jobId);
    expect(outcome).toMatchObject({ status: 'succeeded', error: null });
    expect(outcome.attempts).toBeGreaterThanOrEqual(2);
  });

  it('a slow server is waited for', async () => {
    fhir.fault = { kind: 'slow', ms: 1500 };
    const outcome = await jobOutcome(world, await requestJob('/syncs'));
    expect(outcome).toMatchObject({ status: 'succeeded', error: null });
  });
});

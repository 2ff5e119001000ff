import type { Bundle, MedicationAdministration, Observation, Resource } from '@medplum/fhirtypes';
import { EXAMPLE_TRIALS, type TrialRole } from '@prospect/domain';
import { FhirConnection } from '@prospect/enrollment';
import type { ModelCard } from '@prospect/models';
import { generateCohort, NO_MESS, withStableIds } from '@prospect/synth';
import request from 'supertest';
import {
  bearer,
  enrollWithBaselineImage,
  patientOf,
  registerTrialWithModel,
  until,
  USER_PASSWORD,
  userWithRoles,
  type TestApp,
} from '@prospect/api-testing';

/**
 * A trial with everything a blinded study holds, made through the API: a model, four subjects
 * enrolled from the FHIR sandbox with baseline images, predictions and locks, outcomes synced from
 * FHIR (one entered by an assessor with a comment, one conflict adjudicated with a reason and
 * e-signature) and the first interim look computed. For tests that check what each role may see
 * and that no personal data reaches the logs.
 */
export interface SeededTrial {
  readonly trialCode: string;
  readonly admin: string;
  /** One user per trial role, by role: their access tokens. */
  readonly tokens: Readonly<Record<TrialRole, string>>;
  readonly subjects: readonly string[];
  readonly modelSha256: string;
  /** Every job the seeding started (locks, outcome syncs, the analysis). */
  readonly jobIds: readonly string[];
  readonly adjudicationSignatureId: string;
  /** The locked probabilities, by subject index. */
  readonly probabilities: readonly number[];
  /** The outcome of each subject (1 = MRD-negative), by subject index. */
  readonly outcomes: readonly (0 | 1)[];
  /** Text only an unblinded reader may see: the assessor's comment and the adjudicator's reason. */
  readonly outcomeTexts: readonly string[];
  /** Every direct identifier of the enrolled patients: Patient ids, names, birth dates, MRNs. */
  readonly personalData: readonly string[];
}

const TRIAL = 'MM-RAD-01';
const SUBJECTS = 4;
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const SNOMED = 'http://snomed.info/sct';
export const SEED_COMMENT = 'Seed-comment: NGS report scanned into the EDC';
export const SEED_REASON = 'Seed-reason: repeat NGS run confirms';

const CARD: ModelCard = {
  name: 'seeded-trial',
  version: '1',
  intendedUse: 'Test model for blinding and logging tests.',
  trainingPopulation: 'None: hand-set coefficients.',
  preclinicalPerformance: { summary: 'None.' },
  inputs: [
    {
      name: 'mean',
      source: { kind: 'radiomics', ibsi: 'Q4LE', family: 'intensity-statistics' },
      trainingDistribution: {
        n: 400,
        mean: 900,
        sd: 40,
        edges: [850, 900, 950],
        proportions: [0.1, 0.4, 0.4, 0.1],
      },
    },
    { name: 'age', unit: 'a', source: { kind: 'covariate', code: 'age' } },
  ],
  output: { positiveClassIndex: 1, meaning: 'MRD negativity' },
  defaultThreshold: 0.5,
  radiomics: { discretisation: { method: 'fixed-bin-size', binWidth: 25 } },
  explanationReference: [500, 65],
};

function transaction(resources: Resource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((resource) => ({
      resource,
      request: { method: 'POST', url: resource.resourceType },
    })),
  };
}

function infusion(patientId: string, at: Date): MedicationAdministration {
  return {
    resourceType: 'MedicationAdministration',
    status: 'completed',
    medicationCodeableConcept: { coding: [{ system: RXNORM, code: '1789941', display: 'daratumumab' }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: at.toISOString(),
    dosage: { dose: { value: 16, unit: 'mg/kg', system: 'http://unitsofmeasure.org', code: 'mg/kg' } },
  };
}

function mrd(patientId: string, at: Date, negative: boolean): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://prospect.example/codes', code: 'mrd-ngs' }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: at.toISOString(),
    valueCodeableConcept: {
      coding: [
        negative
          ? { system: SNOMED, code: '260385009', display: 'Negative' }
          : { system: SNOMED, code: '10828004', display: 'Positive' },
      ],
    },
    component: [
      {
        code: { coding: [{ system: 'http://prospect.example/codes', code: 'mrd-sensitivity' }] },
        valueQuantity: { value: 1e-5, unit: '1', system: 'http://unitsofmeasure.org', code: '1' },
      },
    ],
  };
}

export async function seedTrial(testApp: TestApp, prefix: string): Promise<SeededTrial> {
  const api = () => request(testApp.http);
  const base = `/api/v1/trials/${TRIAL}`;
  const jobIds: string[] = [];
  const finished = async (jobId: string, token: string): Promise<Record<string, unknown>> => {
    jobIds.push(jobId);
    const job = await until(
      async () => (await api().get(`${base}/jobs/${jobId}`).set(bearer(token)).expect(200)).body,
      (body: { status: string; result?: unknown }) => body.status === 'succeeded' || body.status === 'failed',
      60_000,
    );
    if (job.status !== 'succeeded') throw new Error(`job ${jobId} failed: ${JSON.stringify(job)}`);
    return job.result as Record<string, unknown>;
  };

  const { admin, modelSha256 } = await registerTrialWithModel(testApp, CARD, {
    intercept: -4,
    adjust: (protocol) => {
      protocol['plannedSampleSize'] = 2 * SUBJECTS;
      protocol['primaryEndpoint'] = {
        ...(protocol['primaryEndpoint'] as object),
        assessmentWindowDays: { start: 0, end: 30 },
      };
    },
  });

  const user = async (name: string, role: TrialRole) =>
    (await userWithRoles(testApp, `${prefix}.${name}`, TRIAL, [role])).token;
  const tokens: Record<TrialRole, string> = {
    coordinator: await user('coordinator', 'coordinator'),
    'outcome-assessor': await user('assessor', 'outcome-assessor'),
    statistician: await user('statistician', 'statistician'),
    dmc: await user('dmc', 'dmc'),
    monitor: await user('monitor', 'monitor'),
    regulatory: await user('regulatory', 'regulatory'),
  };
  const secondAssessor = await user('assessor2', 'outcome-assessor');
  const coordinator = tokens.coordinator;

  const sandbox = testApp.app.get(FhirConnection).sandboxServer;
  if (!sandbox) throw new Error('the test app should run the FHIR sandbox');
  const subjects: string[] = [];
  const patients: string[] = [];
  const personalData: string[] = [];
  for (let attempt = 0; subjects.length < SUBJECTS; attempt++) {
    if (attempt > 100) throw new Error(`only ${subjects.length} eligible patients`);
    const [bundle] = generateCohort({
      definition: EXAMPLE_TRIALS.myeloma,
      patients: 1,
      seed: `${prefix}-${attempt}`,
      mess: { ...NO_MESS, lateTreatmentRecord: 1 },
      firstTreatmentStart: new Date(Date.now() - 8 * 3_600_000).toISOString(),
    }).baselineBundles;
    const stable = withStableIds(bundle as Bundle);
    await sandbox.load(stable);
    const patient = patientOf(stable);
    const patientId = patient.id ?? '';
    // Ineligible patients were looked at too: their data must stay out of the logs as well.
    personalData.push(patientId);
    for (const name of patient.name ?? [])
      personalData.push(...(name.given ?? []), ...(name.family ? [name.family] : []));
    if (patient.birthDate) personalData.push(patient.birthDate);
    for (const identifier of patient.identifier ?? [])
      if (identifier.value) personalData.push(identifier.value);
    const subjectId = await enrollWithBaselineImage(testApp, coordinator, stable, {
      seed: `${prefix}-img-${subjects.length + 1}`,
      imagingMarker: 0.7 * (subjects.length + 1) - 2,
      siteCode: subjects.length % 2 === 0 ? 'HD01' : 'TU02',
    });
    if (!subjectId) continue;
    subjects.push(subjectId);
    patients.push(patientId);
  }

  const probabilities: number[] = [];
  for (const subjectId of subjects) {
    const locked = await api()
      .post(`${base}/enrollments/${subjectId}/lock`)
      .set(bearer(coordinator))
      .expect(202);
    await finished(locked.body.id as string, coordinator);
    const view = (
      await api().get(`${base}/enrollments/${subjectId}/lock`).set(bearer(tokens.dmc)).expect(200)
    ).body as { prediction: { probability: number } };
    probabilities.push(view.prediction.probability);
  }
  // Outcomes by rank of probability, one pair swapped: both classes, an AUC of 0.75.
  const ranked = [...subjects.keys()].sort((a, b) => (probabilities[a] ?? 0) - (probabilities[b] ?? 0));
  const outcomes: (0 | 1)[] = [];
  ranked.forEach((index, rank) => (outcomes[index] = ([0, 1, 0, 1] as const)[rank] as 0 | 1));

  // Treatment starts now, after the locks; MRD results follow. The third subject has none (an
  // assessor enters it with a comment); the fourth has two that disagree (adjudicated).
  const start = new Date();
  await sandbox.load(transaction(patients.map((patient) => infusion(patient, start))));
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  const assessed = new Date(start.getTime() + 1_000);
  const results: Resource[] = [];
  patients.forEach((patient, index) => {
    if (index === 2) return;
    results.push(mrd(patient, assessed, outcomes[index] === 1));
    if (index === 3) results.push(mrd(patient, new Date(assessed.getTime() + 60), outcomes[index] !== 1));
  });
  await sandbox.load(transaction(results));
  const sync = await api()
    .post(`${base}/outcomes/sync`)
    .set(bearer(tokens['outcome-assessor']))
    .send({})
    .expect(202);
  await finished(sync.body.id as string, tokens['outcome-assessor']);
  const today = new Date().toISOString().slice(0, 10);
  await api()
    .post(`${base}/enrollments/${subjects[2]}/outcome-results`)
    .set(bearer(tokens['outcome-assessor']))
    .send({ outcome: outcomes[2], assessedAt: today, comment: SEED_COMMENT })
    .expect(201);
  const adjudicated = await api()
    .post(`${base}/enrollments/${subjects[3]}/outcome-adjudications`)
    .set(bearer(secondAssessor))
    .send({
      outcome: outcomes[3],
      assessedAt: new Date().toISOString(),
      reason: SEED_REASON,
      password: USER_PASSWORD,
    })
    .expect(201);
  const adjudicationSignatureId = adjudicated.body.adjudications[0].signatureId as string;

  const look = await api().post(`${base}/analyses`).set(bearer(tokens.statistician)).send({ lookNumber: 1 });
  if (look.status !== 202) throw new Error(`interim look: ${look.status} ${JSON.stringify(look.body)}`);
  await finished(look.body.job.id as string, tokens.statistician);

  return {
    trialCode: TRIAL,
    admin,
    tokens,
    subjects,
    modelSha256,
    jobIds,
    adjudicationSignatureId,
    probabilities,
    outcomes,
    outcomeTexts: [SEED_COMMENT, SEED_REASON],
    personalData: [...new Set(personalData.filter((value) => value.length > 0))],
  };
}

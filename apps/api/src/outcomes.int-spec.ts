import type { Bundle, MedicationAdministration, Observation, Resource } from '@medplum/fhirtypes';
import { rpactCriticalValues, rpactFutility } from '@prospect/fixtures/stats/sequential/rpact-lookup';
import { EXAMPLE_TRIALS } from '@prospect/domain';
import { FhirConnection } from '@prospect/enrollment';
import { buildLogisticRegressionOnnx, encodeOnnxModel, type ModelCard } from '@prospect/models';
import { analysisSha256 } from '@prospect/analysis';
import { economicEvaluation } from '@prospect/economics';
import { rocAuc } from '@prospect/stats';
import {
  createRandom,
  encodeNifti1,
  generateCohort,
  gzipNifti,
  NO_MESS,
  synthesizeBaselineImage,
  withStableIds,
} from '@prospect/synth';
import { postgresUrlFromEnv } from '@prospect/testing';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readXpt } from '@prospect/cdisc';
import { verifyLedgerExportText } from '@prospect/ledger';
import { SubmissionPackagesService, SubmissionService } from '@prospect/outcomes';
import request from 'supertest';
import {
  adminToken,
  bearer,
  patientOf,
  startTestApp,
  trialDefinition,
  until,
  USER_PASSWORD,
  userWithRoles,
  type TestApp,
} from '@prospect/api-testing';

/** A model on one IBSI feature (mean intensity) and age, with the training distribution of the first. */
const CARD: ModelCard = {
  name: 'outcomes-spec',
  version: '1',
  intendedUse: 'Test model for outcomes and interim analyses.',
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

const TRIAL = 'MM-RAD-01';
const DAY_MS = 86_400_000;
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const SNOMED = 'http://snomed.info/sct';
/** Ten per-protocol subjects of a planned 20: the first look falls at information fraction 0.5. */
const PLANNED = 20;
const CLEAN = 10;
/** Locked before its treatment start, which a late record then puts two days before the lock. */
const DEVIATION = 10;
/** Its baseline study turns out more than 28 days before the actual start. */
const LATE_IMAGING = 11;
/** Enrolled, never locked, withdrawn. */
const UNLOCKED = 12;
const LOCKED = UNLOCKED;

const engines: ('pglite' | 'postgresql')[] = postgresUrlFromEnv() ? ['pglite', 'postgresql'] : ['pglite'];

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

/** An NGS MRD result at the protocol's sensitivity: negative (the positive class) when `negative`. */
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

describe.each(engines)('outcomes and interim analyses, end to end (%s)', (engine) => {
  let testApp: TestApp;
  let coordinator: string;
  let assessor: string;
  let secondAssessor: string;
  let statistician: string;
  let dmc: string;
  let monitor: string;
  let regulatory: string;
  let trialId: string;
  /** Subjects 0–9 are clean; DEVIATION, LATE_IMAGING and UNLOCKED as named above. */
  const subjects: string[] = [];
  const patients: string[] = [];
  /** Direct identifiers of the enrolled patients (names, MRNs), which no package file may contain. */
  const identifiers: string[] = [];
  /** The outcome each subject is given (1 = MRD-negative), by subject index. */
  const outcomes = new Map<number, 0 | 1>();
  const probabilities = new Map<number, number>();

  const api = () => request(testApp.http);
  const base = `/api/v1/trials/${TRIAL}`;
  const subject = (index: number) => subjects[index] as string;

  async function finished(jobId: string, token = coordinator): Promise<Record<string, unknown>> {
    const job = await until(
      async () => (await api().get(`${base}/jobs/${jobId}`).set(bearer(token)).expect(200)).body,
      (body: { status: string; result?: unknown }) => body.status === 'succeeded' || body.status === 'failed',
      60_000,
    );
    expect(job).toMatchObject({ status: 'succeeded' });
    return job.result as Record<string, unknown>;
  }

  beforeAll(async () => {
    testApp = await startTestApp({ LOG_LEVEL: 'error' }, { engine });
    const admin = await adminToken(testApp);
    const modelBytes = encodeOnnxModel(
      buildLogisticRegressionOnnx({ coefficients: [0.004, 0.01], intercept: -4 }),
    );
    const modelSha256 = createHash('sha256').update(modelBytes).digest('hex');
    await api()
      .post('/api/v1/models')
      .set(bearer(admin))
      .attach('model', Buffer.from(modelBytes), { filename: 'model.onnx' })
      .field('card', JSON.stringify(CARD))
      .expect(201);
    const definition = trialDefinition() as { protocol: Record<string, unknown> };
    definition.protocol['model'] = { name: CARD.name, version: CARD.version, sha256: modelSha256 };
    definition.protocol['plannedSampleSize'] = PLANNED;
    // Assessed from day 0: the outcomes this test writes can then be dated before "now".
    definition.protocol['primaryEndpoint'] = {
      ...(definition.protocol['primaryEndpoint'] as object),
      assessmentWindowDays: { start: 0, end: 30 },
    };
    trialId = (await api().post('/api/v1/trials').set(bearer(admin)).send(definition).expect(201)).body
      .id as string;
    await api()
      .post(`${base}/protocol-versions/1/approve`)
      .set(bearer(admin))
      .send({ password: USER_PASSWORD })
      .expect(201);
    coordinator = (await userWithRoles(testApp, `coord.out.${engine}`, TRIAL, ['coordinator'])).token;
    assessor = (await userWithRoles(testApp, `assess1.out.${engine}`, TRIAL, ['outcome-assessor'])).token;
    secondAssessor = (await userWithRoles(testApp, `assess2.out.${engine}`, TRIAL, ['outcome-assessor']))
      .token;
    statistician = (await userWithRoles(testApp, `stat.out.${engine}`, TRIAL, ['statistician'])).token;
    dmc = (await userWithRoles(testApp, `dmc.out.${engine}`, TRIAL, ['dmc'])).token;
    monitor = (await userWithRoles(testApp, `monitor.out.${engine}`, TRIAL, ['monitor'])).token;
    regulatory = (await userWithRoles(testApp, `reg.out.${engine}`, TRIAL, ['regulatory'])).token;

    const sandbox = testApp.app.get(FhirConnection).sandboxServer;
    if (!sandbox) throw new Error('the test app should run the FHIR sandbox');
    // One synthetic patient per cohort, treatment records left out (the test writes them later, so
    // every lock precedes its start). The synthetic baseline study lies 0.5–27.5 days before the
    // cohort's planned start, which falls 0–8 hours after `firstTreatmentStart`.
    // - Planned 8 hours ago: the study is inside the protocol's 28 days before a start recorded now.
    // - DEVIATION, planned 2.5 days ago: still inside 28 days before its start recorded 2 days ago.
    // - LATE_IMAGING, planned 40 days earlier: the study misses the window.
    const plannedStartAgo = (index: number) =>
      index === DEVIATION ? 2.5 * DAY_MS : 8 * 3_600_000 + (index === LATE_IMAGING ? 40 * DAY_MS : 0);
    for (let attempt = 0; subjects.length < UNLOCKED + 1; attempt++) {
      if (attempt > 200) throw new Error(`only ${subjects.length} eligible patients`);
      const [bundle] = generateCohort({
        definition: EXAMPLE_TRIALS.myeloma,
        patients: 1,
        seed: `outcomes-${engine}-${attempt}`,
        mess: { ...NO_MESS, lateTreatmentRecord: 1 },
        firstTreatmentStart: new Date(Date.now() - plannedStartAgo(subjects.length)).toISOString(),
      }).baselineBundles;
      const stable = withStableIds(bundle as Bundle);
      await sandbox.load(stable);
      const patientId = patientOf(stable).id ?? '';
      const patientResource = patientOf(stable);
      const enrolled = await api()
        .post(`${base}/enrollments`)
        .set(bearer(coordinator))
        .send({
          patientReference: `Patient/${patientId}`,
          siteCode: subjects.length % 2 === 0 ? 'HD01' : 'TU02',
        });
      if (enrolled.status === 422 && enrolled.body.code === 'NOT_ELIGIBLE') continue;
      expect(enrolled.status).toBe(201);
      subjects.push(enrolled.body.subjectId as string);
      patients.push(patientId);
      for (const name of patientResource.name ?? []) identifiers.push(...(name.family ? [name.family] : []));
      for (const identifier of patientResource.identifier ?? []) identifiers.push(identifier.value ?? '');
      const { image, mask } = synthesizeBaselineImage(
        createRandom(`outcomes-img-${engine}-${subjects.length}`),
        {
          imagingMarker: 0.35 * subjects.length - 2,
        },
      );
      await api()
        .post(`${base}/enrollments/${subjects.at(-1)}/baseline-image`)
        .set(bearer(coordinator))
        .attach('image', Buffer.from(gzipNifti(encodeNifti1(image))), { filename: 'image.nii.gz' })
        .attach('mask', Buffer.from(gzipNifti(encodeNifti1(mask))), { filename: 'mask.nii.gz' })
        .expect(201);
    }
    // Lock all but the last subject.
    for (let index = 0; index < LOCKED; index++) {
      const locked = await api()
        .post(`${base}/enrollments/${subject(index)}/lock`)
        .set(bearer(coordinator));
      expect(locked.status).toBe(202);
      expect(await finished(locked.body.id as string)).toMatchObject({ locked: 1 });
      const view = (
        await api()
          .get(`${base}/enrollments/${subject(index)}/lock`)
          .set(bearer(dmc))
          .expect(200)
      ).body;
      probabilities.set(index, view.prediction.probability as number);
    }
    // Outcomes follow the locked probabilities with two discordant pairs, so the AUC is high but not 1.
    const ranked = [...Array(CLEAN).keys()].sort(
      (a, b) => (probabilities.get(a) ?? 0) - (probabilities.get(b) ?? 0),
    );
    ranked.forEach((index, rank) => outcomes.set(index, rank >= CLEAN / 2 ? 1 : 0));
    for (const [low, high] of [
      [ranked[3], ranked[6]],
      [ranked[1], ranked[8]],
    ] as [number, number][]) {
      const swap = outcomes.get(low) as 0 | 1;
      outcomes.set(low, outcomes.get(high) as 0 | 1);
      outcomes.set(high, swap);
    }
    outcomes.set(DEVIATION, 1);
    outcomes.set(LATE_IMAGING, 0);

    // Treatment starts now (after the locks); the deviation's record says it started two days ago.
    const start = new Date();
    const records: Resource[] = [];
    for (let index = 0; index < LOCKED; index++) {
      const patient = patients[index] as string;
      records.push(infusion(patient, index === DEVIATION ? new Date(start.getTime() - 2 * DAY_MS) : start));
    }
    await sandbox.load(transaction(records));
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    // MRD results on day 0, after the start. Subject 8 has none (an assessor enters it); subject 9
    // has two that disagree (adjudication).
    const assessed = new Date(start.getTime() + 1_000);
    const results: Resource[] = [];
    for (let index = 0; index < LOCKED; index++) {
      if (index === 8) continue;
      const patient = patients[index] as string;
      results.push(mrd(patient, assessed, outcomes.get(index) === 1));
      if (index === 9)
        results.push(mrd(patient, new Date(assessed.getTime() + 60), outcomes.get(index) !== 1));
    }
    await sandbox.load(transaction(results));
  }, 300_000);

  afterAll(() => testApp?.close());

  it('syncs outcomes from FHIR as a job, re-reading treatment starts first; a second run adds nothing', async () => {
    const sync = await api().post(`${base}/outcomes/sync`).set(bearer(assessor)).send({}).expect(202);
    const result = await finished(sync.body.id as string, assessor);
    expect(result).toMatchObject({
      enrollments: UNLOCKED + 1,
      newResults: LOCKED,
      noResultYet: 1,
      awaitingTreatmentStart: 1,
      missingFromFhir: 0,
    });
    const again = await api().post(`${base}/outcomes/sync`).set(bearer(coordinator)).send({}).expect(202);
    const counts = await finished(again.body.id as string);
    expect(counts).toMatchObject({ newResults: 0, unchanged: LOCKED - 1 });
    // The job a coordinator reads back carries counts only: no subject, value or evidence.
    expect(Object.keys(counts).sort()).toEqual([
      'awaitingTreatmentStart',
      'enrollments',
      'missingFromFhir',
      'newResults',
      'noResultYet',
      'unchanged',
    ]);
    expect(Object.values(counts).every((value) => typeof value === 'number')).toBe(true);

    const list = (await api().get(`${base}/outcomes`).set(bearer(assessor)).expect(200)).body as {
      subjectId: string;
      status: string;
      outcome: number | null;
      inWindow: boolean | null;
    }[];
    const byIndex = (index: number) => list.find((row) => row.subjectId === subject(index));
    expect(byIndex(0)).toMatchObject({ status: 'observed', outcome: outcomes.get(0), inWindow: true });
    expect(byIndex(8)).toMatchObject({ status: 'pending', outcome: null });
    expect(byIndex(9)).toMatchObject({ status: 'conflicting', outcome: null });
    expect(byIndex(UNLOCKED)).toMatchObject({ status: 'pending' });
    expect(JSON.stringify(list)).not.toMatch(/probability|prediction/);
  });

  it('flags the lock that postdates the late-recorded treatment start', async () => {
    const view = (
      await api()
        .get(`${base}/enrollments/${subject(DEVIATION)}/lock`)
        .set(bearer(coordinator))
        .expect(200)
    ).body;
    expect(view.inPrimaryAnalysis).toBe(false);
    expect(view.deviation).toMatchObject({ kind: 'treatment-started-before-lock' });
  });

  it('lets an assessor enter a result, refusing bad input with the field and reason', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const entered = await api()
      .post(`${base}/enrollments/${subject(8)}/outcome-results`)
      .set(bearer(assessor))
      .send({ outcome: outcomes.get(8), assessedAt: today, comment: 'NGS report scanned into the EDC' })
      .expect(201);
    expect(entered.body).toMatchObject({ status: 'observed', outcome: outcomes.get(8), inWindow: true });
    expect(entered.body.resultHistory[0]).toMatchObject({ source: 'assessor', studyDay: 0 });

    const invalid = await api()
      .post(`${base}/enrollments/${subject(8)}/outcome-results`)
      .set(bearer(assessor))
      .send({ outcome: 2, assessedAt: 'yesterday' })
      .expect(400);
    expect(invalid.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'assessedAt',
      'outcome',
    ]);
    const future = await api()
      .post(`${base}/enrollments/${subject(8)}/outcome-results`)
      .set(bearer(assessor))
      .send({ outcome: 1, assessedAt: new Date(Date.now() + 5 * DAY_MS).toISOString().slice(0, 10) })
      .expect(400);
    expect(future.body.errors).toEqual([{ field: 'assessedAt', reason: 'must not be in the future' }]);
    const unexplained = await api()
      .post(`${base}/enrollments/${subject(8)}/outcome-results`)
      .set(bearer(assessor))
      .send({ outcome: null, assessedAt: today })
      .expect(400);
    expect(unexplained.body.errors).toEqual([
      { field: 'reason', reason: 'is required when outcome is null' },
    ]);
    const untreated = await api()
      .post(`${base}/enrollments/${subject(UNLOCKED)}/outcome-results`)
      .set(bearer(assessor))
      .send({ outcome: 1, assessedAt: today })
      .expect(409);
    expect(untreated.body.code).toBe('TREATMENT_START_UNKNOWN');
  });

  it('keeps assessors blind: no lock, prediction or result is reachable', async () => {
    await api().get(`${base}/locks`).set(bearer(assessor)).expect(403);
    await api()
      .get(`${base}/enrollments/${subject(0)}/lock`)
      .set(bearer(assessor))
      .expect(403);
    await api()
      .get(`${base}/enrollments/${subject(0)}/predictions`)
      .set(bearer(assessor))
      .expect(403);
    await api().get(`${base}/analyses`).set(bearer(assessor)).expect(403);
    const detail = (
      await api()
        .get(`${base}/enrollments/${subject(0)}/outcome`)
        .set(bearer(assessor))
        .expect(200)
    ).body;
    expect(JSON.stringify(detail)).not.toMatch(/probability|prediction|predictedClass/);
  });

  it('sends a conflict to a second assessor, who decides with reason and e-signature', async () => {
    const worklist = (
      await api().get(`${base}/outcomes?status=needs-adjudication`).set(bearer(secondAssessor)).expect(200)
    ).body as { subjectId: string }[];
    expect(worklist.map((row) => row.subjectId)).toEqual([subject(9)]);

    // The first assessor adds a reading, so may not adjudicate.
    await api()
      .post(`${base}/enrollments/${subject(9)}/outcome-results`)
      .set(bearer(assessor))
      .send({ outcome: outcomes.get(9), assessedAt: new Date().toISOString().slice(0, 10) })
      .expect(201);
    const decision = {
      outcome: outcomes.get(9),
      assessedAt: new Date().toISOString(),
      reason: 'Repeat NGS run confirms',
    };
    const notIndependent = await api()
      .post(`${base}/enrollments/${subject(9)}/outcome-adjudications`)
      .set(bearer(assessor))
      .send({ ...decision, password: USER_PASSWORD })
      .expect(403);
    expect(notIndependent.body.code).toBe('ADJUDICATOR_NOT_INDEPENDENT');
    await api()
      .post(`${base}/enrollments/${subject(9)}/outcome-adjudications`)
      .set(bearer(secondAssessor))
      .send({ ...decision, password: 'not-my-password' })
      .expect(401);
    const adjudicated = await api()
      .post(`${base}/enrollments/${subject(9)}/outcome-adjudications`)
      .set(bearer(secondAssessor))
      .send({ ...decision, password: USER_PASSWORD })
      .expect(201);
    expect(adjudicated.body).toMatchObject({
      status: 'adjudicated',
      outcome: outcomes.get(9),
      needsAdjudication: false,
    });
    const signatureId = adjudicated.body.adjudications[0].signatureId as string;
    const verification = (
      await api().get(`${base}/signatures/${signatureId}/verification`).set(bearer(monitor)).expect(200)
    ).body;
    expect(verification).toMatchObject({ valid: true, recordType: 'outcome-adjudication' });
    await api()
      .post(`${base}/enrollments/${subject(9)}/outcome-adjudications`)
      .set(bearer(secondAssessor))
      .send({ ...decision, password: USER_PASSWORD })
      .expect(409);
  });

  it('records a withdrawal and counts the CONSORT-style flow', async () => {
    const withdrawn = await api()
      .post(`${base}/enrollments/${subject(UNLOCKED)}/withdrawal`)
      .set(bearer(coordinator))
      .send({ withdrawnOn: new Date().toISOString().slice(0, 10), reason: 'Consent withdrawn' })
      .expect(201);
    // The coordinator gets the outcome back as GET …/outcome shows it to them: value-free.
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', valuesBlinded: true });
    expect(withdrawn.body).not.toHaveProperty('outcome');
    expect(withdrawn.body.withdrawal).toMatchObject({ reason: 'Consent withdrawn' });
    await api()
      .post(`${base}/enrollments/${subject(UNLOCKED)}/withdrawal`)
      .set(bearer(coordinator))
      .send({ withdrawnOn: new Date().toISOString().slice(0, 10), reason: 'again' })
      .expect(409);
    const flow = (await api().get(`${base}/flow`).set(bearer(statistician)).expect(200)).body;
    expect(flow).toEqual({
      enrolled: UNLOCKED + 1,
      notLocked: 1,
      locked: LOCKED,
      outcome: { observed: LOCKED - 1, adjudicated: 1, pending: 0, conflicting: 0, missing: 0, withdrawn: 0 },
      withOutcome: LOCKED,
      analysedPrimary: CLEAN,
      analysedSensitivity: LOCKED,
      excludedFromPrimary: 2,
      exclusions: {
        'lock-after-treatment-start': 1,
        'imaging-outside-window': 1,
        'outcome-outside-window': 0,
        withdrawn: 0,
      },
    });
  });

  it('blinds coordinators to outcome values on both read endpoints; the roles that may see values still do', async () => {
    type Row = Record<string, unknown> & { subjectId: string };
    type Detail = Row & {
      resultHistory: Record<string, unknown>[];
      adjudications: Record<string, unknown>[];
    };
    /** Text that states a value: FHIR readings, an assessor's comment, an adjudicator's reason. */
    const VALUE_TEXT = /MRD (negative|positive)|NGS report scanned|Repeat NGS run confirms|Adjudicated:/;
    const list = async (token: string) =>
      (await api().get(`${base}/outcomes`).set(bearer(token)).expect(200)).body as Row[];
    const detail = async (token: string, index: number) =>
      (
        await api()
          .get(`${base}/enrollments/${subject(index)}/outcome`)
          .set(bearer(token))
          .expect(200)
      ).body as Detail;
    /** Subjects with a FHIR result (0), an assessor's result with a comment (8), an adjudication (9). */
    const valued = [0, 8, 9];

    // What the roles that may see values get, which the test checks the coordinator does not.
    const unblinded = await list(assessor);
    const unblindedDetails = await Promise.all(valued.map((index) => detail(assessor, index)));
    expect(JSON.stringify([unblinded, unblindedDetails])).toMatch(VALUE_TEXT);
    for (const token of [assessor, dmc, monitor, regulatory]) {
      const rows = await list(token);
      for (const index of valued) {
        expect(rows.find((row) => row.subjectId === subject(index))).toMatchObject({
          valuesBlinded: false,
          outcome: outcomes.get(index),
        });
      }
      const adjudicated = await detail(token, 9);
      expect(adjudicated.adjudications[0]).toMatchObject({
        outcome: outcomes.get(9),
        reason: 'Repeat NGS run confirms',
      });
      expect(adjudicated.resultHistory.every((result) => 'outcome' in result && 'evidence' in result)).toBe(
        true,
      );
    }
    // A coordinator who also sits on the DMC holds a role that may see values.
    const coordinatorAndDmc = (
      await userWithRoles(testApp, `coord-dmc.out.${engine}`, TRIAL, ['coordinator', 'dmc'])
    ).token;
    expect((await detail(coordinatorAndDmc, 0)).outcome).toBe(outcomes.get(0));

    // The coordinator: the same rows, statuses, dates and window flags, without any value.
    const blinded = await list(coordinator);
    expect(blinded.map((row) => row.subjectId)).toEqual(unblinded.map((row) => row.subjectId));
    for (const row of blinded) {
      const {
        outcome: _outcome,
        explanation: _explanation,
        ...visible
      } = unblinded.find((other) => other.subjectId === row.subjectId) as Row;
      expect(row).toEqual({ ...visible, valuesBlinded: true, explanation: expect.any(String) });
      expect(row).not.toHaveProperty('outcome');
    }
    expect(blinded.find((row) => row.subjectId === subject(0))).toMatchObject({
      status: 'observed',
      inWindow: true,
      assessedAt: expect.any(String),
      explanation: 'Outcome recorded (1 result); the value is blinded for your role',
    });
    expect(blinded.find((row) => row.subjectId === subject(9))).toMatchObject({
      status: 'adjudicated',
      needsAdjudication: false,
    });
    expect(JSON.stringify(blinded)).not.toMatch(VALUE_TEXT);

    for (const [position, index] of valued.entries()) {
      const view = await detail(coordinator, index);
      const full = unblindedDetails[position] as Detail;
      expect(view).toMatchObject({ valuesBlinded: true, status: full.status, assessedAt: full.assessedAt });
      expect(view).not.toHaveProperty('outcome');
      expect(JSON.stringify(view)).not.toMatch(VALUE_TEXT);
      expect(JSON.stringify(view)).not.toMatch(/"(outcome|evidence|reason)"/);
      expect(view.resultHistory).toEqual(
        full.resultHistory.map(({ outcome: _o, evidence: _e, reason: _r, ...result }) => result),
      );
      expect(view.adjudications).toEqual(
        full.adjudications.map(({ outcome: _o, reason: _r, ...adjudication }) => adjudication),
      );
    }
    expect((await detail(coordinator, 9)).adjudications[0]).toMatchObject({
      adjudicatedBy: expect.any(String),
      signatureId: expect.any(String),
      adjudicatedAt: expect.any(String),
    });
  }, 60_000);

  it('runs the first look: snapshot frozen and hashed, result for the DMC only, signed by the statistician', async () => {
    await api().get(`${base}/outcomes`).set(bearer(statistician)).expect(403);
    const progress = (await api().get(`${base}/progress`).set(bearer(statistician)).expect(200)).body;
    expect(progress).toMatchObject({
      informationFraction: CLEAN / PLANNED,
      nextLook: { lookNumber: 1, informationFraction: 0.5 },
      outcomesAwaitingAdjudication: 0,
    });

    await api().post(`${base}/analyses`).set(bearer(statistician)).send({ lookNumber: 2 }).expect(409);
    const requested = await api()
      .post(`${base}/analyses`)
      .set(bearer(statistician))
      .send({ lookNumber: 1 })
      .expect(202);
    expect(requested.body.analysis).toMatchObject({ lookNumber: 1, subjects: LOCKED });
    expect(requested.body.analysis.snapshotSha256).toMatch(/^[0-9a-f]{64}$/);
    await finished(requested.body.job.id as string, statistician);

    const blinded = (await api().get(`${base}/analyses/1`).set(bearer(statistician)).expect(200)).body;
    expect(blinded).toMatchObject({ status: 'computed', lookNumber: 1 });
    expect(blinded.result).toBeUndefined();
    expect(JSON.stringify(blinded)).not.toMatch(/auc|decision|criticalValue/);
    await api().get(`${base}/analyses/1/result`).set(bearer(statistician)).expect(403);
    await api().get(`${base}/analyses/1/result`).set(bearer(coordinator)).expect(403);
    await api().get(`${base}/analyses/1/snapshot`).set(bearer(statistician)).expect(403);

    const unblinded = (await api().get(`${base}/analyses/1/result`).set(bearer(dmc)).expect(200)).body;
    const result = unblinded.result;
    const indices = [...Array(CLEAN).keys()];
    const expected = rocAuc(
      indices.map((index) => probabilities.get(index) as number),
      indices.map((index) => outcomes.get(index) as 0 | 1),
    );
    expect(result.primary.n).toBe(CLEAN);
    expect(result.primary.report.auc.estimate).toBeCloseTo(expected.auc, 12);
    expect(result.primary.test.z).toBeCloseTo((expected.auc - 0.5) / expected.se, 10);
    expect(result.sensitivity.n).toBe(LOCKED);
    expect(result.informationFraction).toBe(0.5);
    expect(result.criticalValue).toBeCloseTo(rpactCriticalValues('asOF', 0.025, 1, [0.5, 1])[0] as number, 6);
    // The protocol's non-binding beta-spending futility bound at 0.5, as rpact computes it.
    const futility = rpactFutility('asOF', 0.2, [0.5, 1]);
    expect(result.futility).toMatchObject({ rule: 'non-binding-beta-spending' });
    expect(result.futility.bound).toBeCloseTo(futility.futilityBounds[0] as number, 6);
    const z = result.primary.test.z as number;
    expect(result.decision).toBe(
      z >= result.criticalValue
        ? 'stop-for-efficacy'
        : z < result.futility.bound
          ? 'consider-stopping-for-futility'
          : 'continue',
    );
    expect(result.sites.groups.map((group: { name: string }) => group.name)).toEqual(['HD01', 'TU02']);
    expect(result.subgroups.map((subgroup: { name: string }) => subgroup.name)).toEqual([
      'iss_stage',
      'cytogenetic_risk',
    ]);

    const signed = await api()
      .post(`${base}/analyses/1/signatures`)
      .set(bearer(statistician))
      .send({ password: USER_PASSWORD })
      .expect(201);
    expect(signed.body.signatures).toHaveLength(1);
    expect(signed.body.signatures[0]).toMatchObject({ meaning: 'authorship', recordType: 'analysis' });
    const verification = (
      await api()
        .get(`${base}/signatures/${signed.body.signatures[0].id}/verification`)
        .set(bearer(monitor))
        .expect(200)
    ).body;
    expect(verification.valid).toBe(true);
    await api()
      .post(`${base}/analyses/1/signatures`)
      .set(bearer(statistician))
      .send({ password: USER_PASSWORD })
      .expect(409);
  });

  it('reproduces the result from the stored snapshot, and logs who saw it', async () => {
    const reproduction = (await api().post(`${base}/analyses/1/reproduction`).set(bearer(dmc)).expect(200))
      .body;
    expect(reproduction).toMatchObject({ identical: true, snapshotIntact: true });
    const snapshot = (await api().get(`${base}/analyses/1/snapshot`).set(bearer(dmc)).expect(200)).body;
    expect(snapshot.subjects).toHaveLength(LOCKED);
    expect(
      snapshot.subjects.find((row: { subjectId: string }) => row.subjectId === subject(DEVIATION)).exclusions,
    ).toEqual(['lock-after-treatment-start']);
    expect(
      snapshot.subjects.find((row: { subjectId: string }) => row.subjectId === subject(LATE_IMAGING))
        .exclusions,
    ).toEqual(['imaging-outside-window']);
    const log = (await api().get(`${base}/analyses/1/access-log`).set(bearer(monitor)).expect(200)).body as {
      username: string;
      action: string;
    }[];
    expect(log.map((entry) => entry.action)).toEqual([
      'analysis.viewed-unblinded',
      'analysis.reproduced',
      'analysis.snapshot-viewed',
    ]);
    expect(new Set(log.map((entry) => entry.username))).toEqual(new Set([`dmc.out.${engine}`]));
  });

  it('refuses a repeated look and a look without new information', async () => {
    const repeated = await api()
      .post(`${base}/analyses`)
      .set(bearer(statistician))
      .send({ lookNumber: 1 })
      .expect(409);
    expect(repeated.body.code).toBe('LOOK_ALREADY_ANALYSED');
    const stale = await api()
      .post(`${base}/analyses`)
      .set(bearer(statistician))
      .send({ lookNumber: 2 })
      .expect(409);
    expect(stale.body.code).toBe('NO_NEW_INFORMATION');
    const unplanned = await api()
      .post(`${base}/analyses`)
      .set(bearer(statistician))
      .send({ lookNumber: 3 })
      .expect(400);
    expect(unplanned.body.errors).toEqual([{ field: 'lookNumber', reason: 'must be between 1 and 2' }]);
  });

  it('evaluates cost-effectiveness on the look’s snapshot: statisticians and the DMC see it, signed, with CHEERS', async () => {
    const plan = (await api().get(`${base}/health-economics-plan`).set(bearer(coordinator)).expect(200)).body;
    expect(plan).toMatchObject({
      protocolVersion: 1,
      plan: { currency: 'EUR', perspective: 'healthcare-payer' },
    });
    const requested = await api()
      .post(`${base}/economic-evaluations`)
      .set(bearer(statistician))
      .send({ lookNumber: 1, draws: 300, seed: 'e2e' })
      .expect(202);
    expect(requested.body.evaluation).toMatchObject({
      evaluationNumber: 1,
      lookNumber: 1,
      draws: 300,
      seed: 'e2e',
    });
    await finished(requested.body.job.id as string, statistician);

    const blinded = (await api().get(`${base}/economic-evaluations/1`).set(bearer(coordinator)).expect(200))
      .body;
    expect(blinded).toMatchObject({ status: 'computed' });
    expect(blinded.result).toBeUndefined();
    await api().get(`${base}/economic-evaluations/1/result`).set(bearer(coordinator)).expect(403);
    await api().get(`${base}/economic-evaluations/1/result`).set(bearer(assessor)).expect(403);

    // The same evaluation computed here from the DMC's snapshot: identical, hash for hash.
    const snapshot = (await api().get(`${base}/analyses/1/snapshot`).set(bearer(dmc)).expect(200)).body as {
      design: { threshold: number };
      subjects: { outcome: number | null; exclusions: string[]; probability: number }[];
    };
    const perProtocol = snapshot.subjects.filter(
      (row) => row.outcome !== null && row.exclusions.length === 0,
    );
    const expected = economicEvaluation({
      plan: plan.plan,
      threshold: snapshot.design.threshold,
      outcomes: perProtocol.map((row) => row.outcome as number),
      scores: perProtocol.map((row) => row.probability),
      draws: 300,
      seed: 'e2e',
    });
    const forStatistician = (
      await api().get(`${base}/economic-evaluations/1/result`).set(bearer(statistician)).expect(200)
    ).body;
    expect(forStatistician.resultSha256).toBe(analysisSha256(expected));
    expect(forStatistician.result.accuracy.n).toBe(CLEAN);
    expect(forStatistician.result.psa.evpi).toHaveLength(3);
    await api().get(`${base}/economic-evaluations/1/result`).set(bearer(dmc)).expect(200);

    const signed = await api()
      .post(`${base}/economic-evaluations/1/signatures`)
      .set(bearer(statistician))
      .send({ password: USER_PASSWORD })
      .expect(201);
    expect(signed.body.signatures[0]).toMatchObject({
      recordType: 'economic-evaluation',
      meaning: 'authorship',
    });
    const verification = (
      await api()
        .get(`${base}/signatures/${signed.body.signatures[0].id}/verification`)
        .set(bearer(monitor))
        .expect(200)
    ).body;
    expect(verification.valid).toBe(true);

    const checklist = (
      await api().get(`${base}/economic-evaluations/1/cheers`).set(bearer(regulatory)).expect(200)
    ).body as { items: { number: number; status: string; source: string | null }[]; complete: boolean };
    expect(checklist.items).toHaveLength(28);
    expect(checklist.items.find((item) => item.number === 8)).toMatchObject({
      status: 'reported',
      source: 'platform',
    });
    expect(checklist.items.find((item) => item.number === 27)).toMatchObject({ status: 'missing' });
    await api()
      .post(`${base}/cheers-entries`)
      .set(bearer(regulatory))
      .send({ itemNumber: 27, status: 'not-applicable', text: '' })
      .expect(400);
    await api()
      .post(`${base}/cheers-entries`)
      .set(bearer(regulatory))
      .send({ itemNumber: 27, status: 'reported', text: 'Funded by the sponsor (synthetic).' })
      .expect(201);
    const after = (
      await api().get(`${base}/economic-evaluations/1/cheers`).set(bearer(statistician)).expect(200)
    ).body as typeof checklist;
    expect(after.items.find((item) => item.number === 27)).toMatchObject({
      status: 'reported',
      source: 'user',
    });
    await api().get(`${base}/economic-evaluations/1/cheers`).set(bearer(coordinator)).expect(403);
  });

  it('changes the health-economic plan only as a validated protocol amendment', async () => {
    const current = (await api().get(`${base}/health-economics-plan`).set(bearer(statistician)).expect(200))
      .body;
    const invalid = await api()
      .post(`${base}/health-economics-plan`)
      .set(bearer(statistician))
      .send({ plan: { ...current.plan, currency: 'euro' }, reason: 'Currency' })
      .expect(422);
    expect(invalid.body.errors.map((error: { field: string }) => error.field)).toEqual(['plan.currency']);
    const amended = await api()
      .post(`${base}/health-economics-plan`)
      .set(bearer(statistician))
      .send({ plan: { ...current.plan, willingnessToPay: [40000] }, reason: 'Payer threshold' })
      .expect(201);
    expect(amended.body).toMatchObject({ version: 2, status: 'draft', amendmentReason: 'Payer threshold' });
    // In force only once approved: the plan read back is still version 1's.
    expect(
      (await api().get(`${base}/health-economics-plan`).set(bearer(statistician)).expect(200)).body,
    ).toMatchObject({
      protocolVersion: 1,
    });
    await api()
      .post(`${base}/health-economics-plan`)
      .set(bearer(coordinator))
      .send({ plan: current.plan, reason: 'x' })
      .expect(403);
  });

  it('builds the submission package: datasets readable, manifest hashes true, ledger verifiable, no identifiers', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'prospect-package-'));
    try {
      const steps: string[] = [];
      const manifest = await testApp.app
        .get(SubmissionService)
        .build({ trialId, trialCode: TRIAL }, directory, (step) => steps.push(step));
      expect(steps.at(-1)).toBe('manifest');
      const paths = manifest.files.map((file) => file.path);
      for (const expected of [
        'datasets/sdtm/dm.xpt',
        'datasets/sdtm/ds.json',
        'datasets/sdtm/lb.csv',
        'datasets/sdtm/zp.xpt',
        'datasets/adam/adsl.xpt',
        'datasets/adam/adacc.xpt',
        'datasets/define.xml',
        'datasets/reviewers-guide.md',
        'ledger/ledger.jsonl',
        'audit/audit-trail.json',
        'results/analysis-look-1.json',
        'results/economic-evaluation-1.json',
        'report/report.html',
        'report/report.pdf',
      ]) {
        expect(paths).toContain(expected);
      }
      // The report draws every promised figure from the stored results (HTML), on A4 pages (PDF).
      const html = readFileSync(join(directory, 'report/report.html'), 'utf8');
      for (const figure of [
        'consort',
        'roc',
        'calibration',
        'decision-curve',
        'forest-sites',
        'boundaries',
        'ce-plane',
        'ceac',
      ]) {
        expect(html).toContain(`<figure id="figure-${figure}"`);
      }
      expect(html).toContain('TRIPOD+AI');
      expect(html).toContain('CHEERS 2022');
      const pdf = readFileSync(join(directory, 'report/report.pdf'), 'latin1');
      expect(pdf.startsWith('%PDF-1.4')).toBe(true);
      expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
      expect(pdf.match(/\/Type \/Page\b/g)?.length).toBeGreaterThanOrEqual(8);
      for (const file of manifest.files) {
        const bytes = readFileSync(join(directory, file.path));
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
        const text = bytes.toString('latin1');
        for (const identifier of identifiers.filter((value) => value.length >= 4))
          expect(text).not.toContain(identifier);
      }
      expect(JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8'))).toEqual(manifest);

      const [dm] = readXpt(readFileSync(join(directory, 'datasets/sdtm/dm.xpt'))).members;
      expect(dm?.rows).toHaveLength(UNLOCKED + 1);
      const zp = readXpt(readFileSync(join(directory, 'datasets/sdtm/zp.xpt'))).members[0];
      const names = zp?.variables.map((variable) => variable.name) ?? [];
      const probabilityOf = new Map(
        (zp?.rows ?? [])
          .filter((row) => row[names.indexOf('ZPTESTCD')] === 'PROB')
          .map((row) => [row[names.indexOf('USUBJID')] as string, row[names.indexOf('ZPSTRESN')] as number]),
      );
      expect(probabilityOf.size).toBe(LOCKED);
      // USUBJID is STUDYID-SITEID-SUBJID, which is the pseudonymous subject id itself.
      for (const [index, probability] of probabilities)
        expect(probabilityOf.get(subject(index))).toBe(probability);
      const report = verifyLedgerExportText(readFileSync(join(directory, 'ledger/ledger.jsonl'), 'utf8'));
      expect(report.ok).toBe(true);
      const define = readFileSync(join(directory, 'datasets/define.xml'), 'utf8');
      for (const path of paths.filter((file) => file.endsWith('.xpt'))) {
        expect(define).toContain(`<def:title>${path.split('/').at(-1)}</def:title>`);
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('builds the package as a regulatory job with progress, then the regulatory user signs its manifest', async () => {
    await api().post(`${base}/submission-packages`).set(bearer(coordinator)).expect(403);
    const requested = await api().post(`${base}/submission-packages`).set(bearer(regulatory)).expect(202);
    expect(requested.body.package).toMatchObject({ packageNumber: 1, manifest: null });
    const result = await finished(requested.body.job.id as string, regulatory);
    expect(result).toMatchObject({
      packageNumber: 1,
      manifestSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const built = (await api().get(`${base}/submission-packages/1`).set(bearer(monitor)).expect(200)).body;
    expect(built).toMatchObject({ status: 'built', manifestSha256: result['manifestSha256'] });
    expect(built.manifest.files.length).toBe(result['files']);
    const directory = testApp.app
      .get(SubmissionPackagesService)
      .directoryOf({ trialId, trialCode: TRIAL }, 1);
    for (const file of built.manifest.files as { path: string; sha256: string }[]) {
      expect(
        createHash('sha256')
          .update(readFileSync(join(directory, file.path)))
          .digest('hex'),
      ).toBe(file.sha256);
    }
    await api()
      .post(`${base}/submission-packages/1/signatures`)
      .set(bearer(regulatory))
      .send({ password: 'wrong-password' })
      .expect(401);
    const signed = await api()
      .post(`${base}/submission-packages/1/signatures`)
      .set(bearer(regulatory))
      .send({ password: USER_PASSWORD })
      .expect(201);
    expect(signed.body.signatures[0]).toMatchObject({
      meaning: 'approval',
      recordType: 'submission-package',
    });
    const verification = (
      await api()
        .get(`${base}/signatures/${signed.body.signatures[0].id}/verification`)
        .set(bearer(monitor))
        .expect(200)
    ).body;
    expect(verification.valid).toBe(true);
    await api().get(`${base}/submission-packages/2`).set(bearer(regulatory)).expect(404);
    const dm = await api()
      .get(`${base}/submission-packages/1/file`)
      .query({ path: 'datasets/sdtm/dm.xpt' })
      .set(bearer(regulatory))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const listed = (built.manifest.files as { path: string; sha256: string }[]).find(
      (file) => file.path === 'datasets/sdtm/dm.xpt',
    );
    expect(
      createHash('sha256')
        .update(dm.body as Buffer)
        .digest('hex'),
    ).toBe(listed?.sha256);
    expect(dm.headers['content-disposition']).toBe('attachment; filename="dm.xpt"');
    const outside = await api()
      .get(`${base}/submission-packages/1/file`)
      .query({ path: '../../keys/ledger' })
      .set(bearer(regulatory))
      .expect(404);
    expect(outside.body.code).toBe('PACKAGE_FILE_NOT_FOUND');
    await api()
      .get(`${base}/submission-packages/1/file`)
      .query({ path: 'datasets/sdtm/dm.xpt' })
      .set(bearer(coordinator))
      .expect(403);
  });

  it('measures input shift by site against the model card, before any outcome is needed', async () => {
    const shift = (await api().get(`${base}/input-shift`).set(bearer(coordinator)).expect(200)).body;
    expect(shift.thresholds).toEqual({ smd: 0.25, psi: 0.25, minimumSubjects: 10 });
    const mean = shift.inputs.find((input: { name: string }) => input.name === 'mean');
    expect(mean.training).toEqual({ n: 400, mean: 900, sd: 40 });
    // Every locked subject was predicted: six at HD01 (0, 2, …, 10), five or six at TU02.
    const counts = Object.fromEntries(
      mean.sites.map((site: { site: string; n: number }) => [site.site, site.n]),
    );
    expect(counts['HD01']).toBe(6);
    expect([5, 6]).toContain(counts['TU02']);
    for (const site of mean.sites as { smd: number; psi: number; flagged: boolean; note: string | null }[]) {
      expect(Number.isFinite(site.smd)).toBe(true);
      expect(site.psi).toBeGreaterThanOrEqual(0);
      // Six subjects per site are fewer than the protocol's ten: reported, not flagged.
      expect(site.flagged).toBe(false);
    }
    const age = shift.inputs.find((input: { name: string }) => input.name === 'age');
    expect(age).toMatchObject({
      sites: null,
      note: 'The model card gives no training distribution for this input.',
    });
    await api().get(`${base}/input-shift`).set(bearer(assessor)).expect(403);
  });
});

import type { Bundle } from '@medplum/fhirtypes';
import { EXAMPLE_TRIALS } from '@prospect/domain';
import { FhirConnection } from '@prospect/enrollment';
import { buildLogisticRegressionOnnx, encodeOnnxModel, type ModelCard } from '@prospect/models';
import {
  baselineDicomSeries,
  createRandom,
  encodeNifti1,
  generateCohort,
  gzipNifti,
  NO_MESS,
  synthesizeBaselineImage,
  withStableIds,
  type Cohort,
} from '@prospect/synth';
import { createHash } from 'node:crypto';
import request from 'supertest';
import {
  adminToken,
  bearer,
  startTestApp,
  trialDefinition,
  USER_PASSWORD,
  userWithRoles,
  type TestApp,
  patientOf,
  until,
} from '@prospect/api-testing';

const COEFFICIENTS = [0.004, -0.9, 0.02];
const INTERCEPT = -1.5;

/** A model on two IBSI features (mean intensity, GLCM joint entropy 3D merged) and age. */
const CARD: ModelCard = {
  name: 'prediction-spec',
  version: '1',
  intendedUse: 'Test model for the prediction pipeline.',
  trainingPopulation: 'None: hand-set coefficients.',
  preclinicalPerformance: { summary: 'None.' },
  inputs: [
    { name: 'mean', source: { kind: 'radiomics', ibsi: 'Q4LE', family: 'intensity-statistics' } },
    {
      name: 'joint_entropy',
      source: { kind: 'radiomics', ibsi: 'TU9B', aggregation: '3D, merged', family: 'glcm' },
    },
    { name: 'age', unit: 'a', source: { kind: 'covariate', code: 'age' } },
  ],
  output: { positiveClassIndex: 1, meaning: 'MRD negativity' },
  defaultThreshold: 0.5,
  radiomics: { discretisation: { method: 'fixed-bin-size', binWidth: 25 } },
  explanationReference: [500, 3, 65],
};

describe('baseline image to prediction (sandbox FHIR, in-process jobs)', () => {
  let testApp: TestApp;
  let admin: string;
  let coordinator: string;
  let dmc: string;
  let cohort: Cohort;
  let modelSha256: string;
  const subjects: string[] = [];

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await adminToken(testApp);
    const modelBytes = encodeOnnxModel(
      buildLogisticRegressionOnnx({ coefficients: COEFFICIENTS, intercept: INTERCEPT }),
    );
    modelSha256 = createHash('sha256').update(modelBytes).digest('hex');
    await request(testApp.http)
      .post('/api/v1/models')
      .set(bearer(admin))
      .attach('model', Buffer.from(modelBytes), { filename: 'model.onnx' })
      .field('card', JSON.stringify(CARD))
      .expect(201);
    const definition = trialDefinition() as { protocol: Record<string, unknown> };
    definition.protocol['model'] = { name: CARD.name, version: CARD.version, sha256: modelSha256 };
    await request(testApp.http).post('/api/v1/trials').set(bearer(admin)).send(definition).expect(201);
    await request(testApp.http)
      .post('/api/v1/trials/MM-RAD-01/protocol-versions/1/approve')
      .set(bearer(admin))
      .send({ password: USER_PASSWORD })
      .expect(201);
    coordinator = (await userWithRoles(testApp, 'coord.predict', 'MM-RAD-01', ['coordinator'])).token;
    dmc = (await userWithRoles(testApp, 'dmc.predict', 'MM-RAD-01', ['dmc'])).token;

    const sandbox = testApp.app.get(FhirConnection).sandboxServer;
    if (!sandbox) throw new Error('the test app should run the FHIR sandbox');
    cohort = generateCohort({
      definition: EXAMPLE_TRIALS.myeloma,
      patients: 3,
      seed: 'prediction-spec',
      mess: NO_MESS,
    });
    for (const bundle of cohort.baselineBundles) {
      const stable = withStableIds(bundle);
      await sandbox.load(stable);
      const enrolled = await request(testApp.http)
        .post('/api/v1/trials/MM-RAD-01/enrollments')
        .set(bearer(coordinator))
        .send({ patientReference: `Patient/${patientOf(stable).id ?? ''}`, siteCode: 'HD01' })
        .expect(201);
      subjects.push(enrolled.body.subjectId as string);
    }
  }, 120_000);

  afterAll(() => testApp?.close());

  function images(index: number) {
    const truth = cohort.truth[index];
    if (!truth) throw new Error('no such patient');
    const { image, mask } = synthesizeBaselineImage(createRandom(`img-${index}`), {
      imagingMarker: truth.imagingMarker,
    });
    const series = baselineDicomSeries(createRandom(`dcm-${index}`), {
      definition: EXAMPLE_TRIALS.myeloma,
      bundle: cohort.baselineBundles[index] as Bundle,
      truth,
      image,
    });
    return {
      dicom: series.files.map((file) => Buffer.from(file.bytes)),
      nifti: Buffer.from(gzipNifti(encodeNifti1(image))),
      mask: Buffer.from(gzipNifti(encodeNifti1(mask))),
      series,
    };
  }

  const upload = (subjectId: string, files: Buffer[], mask: Buffer, names: string[], reason?: string) => {
    const call = request(testApp.http)
      .post(`/api/v1/trials/MM-RAD-01/enrollments/${subjectId}/baseline-image`)
      .set(bearer(coordinator));
    files.forEach((file, index) => call.attach('image', file, { filename: names[index] ?? `f${index}` }));
    call.attach('mask', mask, { filename: 'mask.nii.gz' });
    if (reason) call.field('reason', reason);
    return call;
  };

  it('takes a DICOM series of the linked study with its mask, checks it and stores it by hash', async () => {
    const { dicom, mask, series } = images(0);
    // Shuffled file order: the series is sorted by position, not by upload order.
    const order = dicom.map((_file, index) => index).reverse();
    const response = await upload(
      subjects[0] as string,
      order.map((index) => dicom[index] as Buffer),
      mask,
      order.map((index) => `IM${index}.dcm`),
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      version: 1,
      image: {
        format: 'dicom-series',
        fileCount: series.files.length,
        grid: { dims: [48, 48, 24], spacingMm: [2, 2, 4] },
      },
      mask: { format: 'nifti', fileCount: 1 },
      studyCheck: { result: 'matches', seriesInstanceUid: series.seriesInstanceUid },
      acquisitionDeviations: [],
    });
    expect(response.body.image.header).toMatchObject({
      modality: 'MR',
      magneticFieldStrengthTesla: 3,
      sequenceName: 'ep_b800',
    });
    expect(JSON.stringify(response.body)).not.toContain(cohort.truth[0]?.mrn);
  });

  it('records acquisition deviations instead of refusing, and NIfTI as not verifiable', async () => {
    const { nifti, mask } = images(1);
    const response = await upload(subjects[1] as string, [nifti], mask, ['baseline.nii.gz']);
    expect(response.status).toBe(201);
    expect(response.body.studyCheck.result).toBe('not-verifiable');
    expect(
      response.body.acquisitionDeviations.map((deviation: { attribute: string }) => deviation.attribute),
    ).toEqual(['modality', 'magneticFieldStrength', 'sequenceName', 'sliceThickness']);
  });

  it('refuses a series of another study, a mask on another grid, a missing slice, and a replacement without reason', async () => {
    const own = images(2);
    const other = images(0);
    const wrongStudy = await upload(
      subjects[2] as string,
      other.dicom,
      other.mask,
      other.dicom.map((_f, i) => `${i}.dcm`),
    );
    expect(wrongStudy.status).toBe(422);
    expect(wrongStudy.body.code).toBe('WRONG_STUDY');

    const smallMask = Buffer.from(
      gzipNifti(
        encodeNifti1({ dims: [10, 10, 10], spacingMm: [2, 2, 4], data: new Uint8Array(1000).fill(1) }),
      ),
    );
    const wrongGrid = await upload(
      subjects[2] as string,
      own.dicom,
      smallMask,
      own.dicom.map((_f, i) => `${i}.dcm`),
    );
    expect(wrongGrid.status).toBe(422);
    expect(wrongGrid.body.code).toBe('IMAGING_GRID_MISMATCH');
    expect(wrongGrid.body.detail).toMatch(/size in voxels differs: image 48×48×24, mask 10×10×10/);

    const gap = own.dicom.filter((_file, index) => index !== 10);
    const missing = await upload(
      subjects[2] as string,
      gap,
      own.mask,
      gap.map((_f, i) => `${i}.dcm`),
    );
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('IMAGING_MISSING_SLICE');

    const garbage = await upload(subjects[2] as string, [Buffer.from('not an image at all')], own.mask, [
      'x.nii',
    ]);
    expect(garbage.status).toBe(422);

    const replaced = await upload(
      subjects[0] as string,
      own.dicom,
      own.mask,
      own.dicom.map((_f, i) => `${i}.dcm`),
    );
    expect(replaced.status).toBe(422);
    expect(await testApp.dataSource.query('SELECT count(*)::int AS n FROM baseline_image')).toEqual([
      { n: 2 },
    ]);
  });

  it('predicts with the protocol’s model as a job; values only for the DMC; the same again is not predicted twice', async () => {
    const job = await request(testApp.http)
      .post('/api/v1/trials/MM-RAD-01/predictions')
      .set(bearer(coordinator))
      .send({})
      .expect(202);
    const finished = await until(
      async () =>
        (
          await request(testApp.http)
            .get(`/api/v1/trials/MM-RAD-01/jobs/${job.body.id}`)
            .set(bearer(coordinator))
        ).body as {
          status: string;
          result: { predicted: number; withoutBaselineImage: number; notReady: unknown[] };
          error: string | null;
        },
      (value) => value.status === 'succeeded' || value.status === 'failed',
      60_000,
    );
    expect(finished.error).toBeNull();
    expect(finished).toMatchObject({
      status: 'succeeded',
      result: { predicted: 2, withoutBaselineImage: 1, notReady: [] },
    });

    const blinded = await request(testApp.http)
      .get(`/api/v1/trials/MM-RAD-01/enrollments/${subjects[0]}/predictions`)
      .set(bearer(coordinator))
      .expect(200);
    expect(blinded.body).toHaveLength(1);
    expect(blinded.body[0]).toMatchObject({ modelSha256, baselineImageVersion: 1 });
    for (const hidden of ['probability', 'predictedClass', 'inputs', 'explanation', 'threshold'])
      expect(blinded.body[0]).not.toHaveProperty(hidden);

    const unblinded = await request(testApp.http)
      .get(`/api/v1/trials/MM-RAD-01/enrollments/${subjects[0]}/predictions`)
      .set(bearer(dmc))
      .expect(200);
    const prediction = unblinded.body[0] as {
      probability: number;
      predictedClass: number;
      threshold: number;
      inputs: { name: string; value: number }[];
      explanation: {
        method: string;
        baseline: number;
        prediction: number;
        contributions: { contribution: number }[];
      };
    };
    // Independent check: the logistic model on the stored inputs.
    const logit =
      INTERCEPT +
      prediction.inputs.reduce((sum, input, i) => sum + (COEFFICIENTS[i] as number) * input.value, 0);
    expect(prediction.probability).toBeCloseTo(1 / (1 + Math.exp(-logit)), 5);
    expect(prediction.predictedClass).toBe(prediction.probability >= 0.5 ? 1 : 0);
    expect(prediction.inputs.map((input) => input.name)).toEqual(['mean', 'joint_entropy', 'age']);
    expect(prediction.explanation.method).toBe('shapley-exact');
    // Baseline Shapley on the log-odds of a linear model: the contributions are w·(x − reference).
    prediction.explanation.contributions.forEach((item, i) =>
      expect(item.contribution).toBeCloseTo(
        (COEFFICIENTS[i] as number) *
          ((prediction.inputs[i]?.value as number) - (CARD.explanationReference?.[i] as number)),
        4,
      ),
    );

    const again = await request(testApp.http)
      .post('/api/v1/trials/MM-RAD-01/predictions')
      .set(bearer(coordinator))
      .send({ subjectId: subjects[0] })
      .expect(202);
    const second = await until(
      async () =>
        (
          await request(testApp.http)
            .get(`/api/v1/trials/MM-RAD-01/jobs/${again.body.id}`)
            .set(bearer(coordinator))
        ).body as {
          status: string;
          result: { predicted: number; alreadyPredicted: number };
        },
      (value) => value.status === 'succeeded' || value.status === 'failed',
      60_000,
    );
    expect(second.result).toMatchObject({ predicted: 0, alreadyPredicted: 1 });
    expect(await testApp.dataSource.query(`SELECT count(*)::int AS n FROM prediction`)).toEqual([{ n: 2 }]);
    expect(
      await testApp.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE action = 'prediction.created'`,
      ),
    ).toEqual([{ n: 2 }]);
  }, 120_000);

  it('gives bit-identical features and probability when the same image is extracted and predicted again', async () => {
    const [first] = (await testApp.dataSource.query(
      `SELECT f.features_sha256, f.settings_sha256, p.probability, p.inputs_sha256 FROM prediction p JOIN feature_extraction f ON f.id = p.feature_extraction_id ORDER BY p.predicted_at LIMIT 1`,
    )) as { features_sha256: string; probability: number; inputs_sha256: string }[];
    // A second upload of the same bytes (a new version, with a reason) re-extracts and re-predicts.
    const { dicom, mask } = images(0);
    await upload(
      subjects[0] as string,
      dicom,
      mask,
      dicom.map((_f, i) => `${i}.dcm`),
      'Re-exported from PACS',
    ).expect(201);
    const job = await request(testApp.http)
      .post('/api/v1/trials/MM-RAD-01/predictions')
      .set(bearer(coordinator))
      .send({ subjectId: subjects[0] })
      .expect(202);
    await until(
      async () =>
        (
          await request(testApp.http)
            .get(`/api/v1/trials/MM-RAD-01/jobs/${job.body.id}`)
            .set(bearer(coordinator))
        ).body as { status: string },
      (value) => value.status === 'succeeded' || value.status === 'failed',
      60_000,
    );
    const rows = (await testApp.dataSource.query(
      `SELECT f.features_sha256, p.probability, p.inputs_sha256 FROM prediction p JOIN feature_extraction f ON f.id = p.feature_extraction_id
       JOIN enrollment e ON e.id = p.enrollment_id WHERE e.subject_id = $1 ORDER BY p.predicted_at`,
      [subjects[0]],
    )) as { features_sha256: string; probability: number; inputs_sha256: string }[];
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual(rows[0]);
    expect(rows[0]?.features_sha256).toBe(first?.features_sha256);
  }, 120_000);
});

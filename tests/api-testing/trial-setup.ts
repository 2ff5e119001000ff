import { createHash } from 'node:crypto';
import type { Bundle } from '@medplum/fhirtypes';
import { buildLogisticRegressionOnnx, encodeOnnxModel, type ModelCard } from '@prospect/models';
import { createRandom, encodeNifti1, gzipNifti, synthesizeBaselineImage } from '@prospect/synth';
import request from 'supertest';
import { adminToken, bearer, patientOf, trialDefinition, USER_PASSWORD, type TestApp } from './test-app';

export const TEST_TRIAL_CODE = 'MM-RAD-01';

/** A model card for a logistic model on one IBSI feature (mean intensity) and age. */
export function meanAndAgeModelCard(name: string, overrides: Partial<ModelCard> = {}): ModelCard {
  return {
    name,
    version: '1',
    intendedUse: `Test model (${name}).`,
    trainingPopulation: 'None: hand-set coefficients.',
    preclinicalPerformance: { summary: 'None.' },
    inputs: [
      { name: 'mean', source: { kind: 'radiomics', ibsi: 'Q4LE', family: 'intensity-statistics' } },
      { name: 'age', unit: 'a', source: { kind: 'covariate', code: 'age' } },
    ],
    output: { positiveClassIndex: 1, meaning: 'MRD negativity' },
    defaultThreshold: 0.5,
    radiomics: { discretisation: { method: 'fixed-bin-size', binWidth: 25 } },
    explanationReference: [500, 65],
    ...overrides,
  };
}

/**
 * As the administrator: uploads `card`'s model (coefficients 0.004 on the mean, 0.01 on age),
 * registers the example myeloma trial with it (after `adjust` edits the protocol) and approves
 * protocol version 1. Returns the admin's token, the model's hash and the trial's id.
 */
export async function registerTrialWithModel(
  testApp: TestApp,
  card: ModelCard,
  options: { intercept: number; adjust?: (protocol: Record<string, unknown>) => void },
): Promise<{ admin: string; modelSha256: string; base: string; trialId: string }> {
  const api = () => request(testApp.http);
  const base = `/api/v1/trials/${TEST_TRIAL_CODE}`;
  const admin = await adminToken(testApp);
  const modelBytes = encodeOnnxModel(
    buildLogisticRegressionOnnx({ coefficients: [0.004, 0.01], intercept: options.intercept }),
  );
  const modelSha256 = createHash('sha256').update(modelBytes).digest('hex');
  await api()
    .post('/api/v1/models')
    .set(bearer(admin))
    .attach('model', Buffer.from(modelBytes), { filename: 'model.onnx' })
    .field('card', JSON.stringify(card))
    .expect(201);
  const definition = trialDefinition() as { protocol: Record<string, unknown> };
  definition.protocol['model'] = { name: card.name, version: card.version, sha256: modelSha256 };
  options.adjust?.(definition.protocol);
  const created = await api().post('/api/v1/trials').set(bearer(admin)).send(definition).expect(201);
  await api()
    .post(`${base}/protocol-versions/1/approve`)
    .set(bearer(admin))
    .send({ password: USER_PASSWORD })
    .expect(201);
  return { admin, modelSha256, base, trialId: created.body.id as string };
}

/**
 * Enrolls the patient of a baseline bundle already in the FHIR server, then uploads a synthetic
 * baseline image and mask. Returns the subject id, or null when the protocol excludes the patient.
 */
export async function enrollWithBaselineImage(
  testApp: TestApp,
  coordinator: string,
  bundle: Bundle,
  image: { seed: string; imagingMarker: number; siteCode?: string },
): Promise<string | null> {
  const api = () => request(testApp.http);
  const base = `/api/v1/trials/${TEST_TRIAL_CODE}`;
  const enrolled = await api()
    .post(`${base}/enrollments`)
    .set(bearer(coordinator))
    .send({ patientReference: `Patient/${patientOf(bundle).id ?? ''}`, siteCode: image.siteCode ?? 'HD01' });
  if (enrolled.status === 422 && enrolled.body.code === 'NOT_ELIGIBLE') return null;
  if (enrolled.status !== 201)
    throw new Error(`enrollment: ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
  const subjectId = enrolled.body.subjectId as string;
  const { image: volume, mask } = synthesizeBaselineImage(createRandom(image.seed), {
    imagingMarker: image.imagingMarker,
  });
  await api()
    .post(`${base}/enrollments/${subjectId}/baseline-image`)
    .set(bearer(coordinator))
    .attach('image', Buffer.from(gzipNifti(encodeNifti1(volume))), { filename: 'image.nii.gz' })
    .attach('mask', Buffer.from(gzipNifti(encodeNifti1(mask))), { filename: 'mask.nii.gz' })
    .expect(201);
  return subjectId;
}

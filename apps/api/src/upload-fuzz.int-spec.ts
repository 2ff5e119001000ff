import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
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
} from '@prospect/synth';
import request from 'supertest';
import {
  adminToken,
  bearer,
  patientOf,
  startTestApp,
  trialDefinition,
  USER_PASSWORD,
  userWithRoles,
  type TestApp,
} from '@prospect/api-testing';

const TRIAL = 'MM-RAD-01';
const MAX_FILES = 60;

const CARD: ModelCard = {
  name: 'fuzz-spec',
  version: '1',
  intendedUse: 'Test model for upload fuzzing.',
  trainingPopulation: 'None: hand-set coefficients.',
  preclinicalPerformance: { summary: 'None.' },
  inputs: [
    { name: 'mean', source: { kind: 'radiomics', ibsi: 'Q4LE', family: 'intensity-statistics' } },
    { name: 'age', unit: 'a', source: { kind: 'covariate', code: 'age' } },
  ],
  output: { positiveClassIndex: 1, meaning: 'MRD negativity' },
  defaultThreshold: 0.5,
  radiomics: { discretisation: { method: 'fixed-bin-size', binWidth: 25 } },
};

/** `count` bytes flipped (XOR with a non-zero byte) at positions from a fixed seed, within [from, to). */
function flipped(bytes: Buffer, seed: string, count: number, from = 0, to = bytes.length): Buffer {
  const random = createRandom(seed);
  const copy = Buffer.from(bytes);
  for (let i = 0; i < count; i++) {
    const at = random.int(from, to - 1);
    copy[at] = (copy[at] as number) ^ random.int(1, 255);
  }
  return copy;
}

function truncations(bytes: Buffer): Buffer[] {
  return [1, 8, 128, 132, 300, Math.floor(bytes.length / 2), bytes.length - 1]
    .filter((length) => length < bytes.length)
    .map((length) => bytes.subarray(0, length));
}

/** Every table's row count and every stored file: what an upload could have written. */
async function footprint(testApp: TestApp): Promise<Record<string, number>> {
  const tables = (await testApp.dataSource.query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE '%migration%'
      ORDER BY table_name`,
  )) as { table_name: string }[];
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const [row] = (await testApp.dataSource.query(`SELECT count(*)::int AS n FROM "${table}"`)) as {
      n: number;
    }[];
    counts[table] = row?.n ?? 0;
  }
  const files = (dir: string): number => {
    try {
      return readdirSync(dir).reduce((sum, name) => {
        const path = join(dir, name);
        return sum + (statSync(path).isDirectory() ? files(path) : 1);
      }, 0);
    } catch {
      return 0;
    }
  };
  counts['<blob files>'] = files(testApp.config.blobDir);
  return counts;
}

interface Case {
  readonly name: string;
  readonly send: () => request.Test;
  /** When one particular refusal is due (a limit), not just any 4xx. */
  readonly status?: number;
}

describe('upload fuzzing: truncated, corrupted, empty, wrong-type and oversized files', () => {
  let testApp: TestApp;
  let admin: string;
  let coordinator: string;
  let subjectId: string;
  let dicom: Buffer[];
  let nifti: Buffer;
  let niftiRaw: Buffer;
  let mask: Buffer;
  let onnx: Buffer;

  beforeAll(async () => {
    testApp = await startTestApp({ UPLOAD_LIMIT_MB: '1', UPLOAD_MAX_FILES: String(MAX_FILES) });
    admin = await adminToken(testApp);
    await request(testApp.http).post('/api/v1/trials').set(bearer(admin)).send(trialDefinition()).expect(201);
    await request(testApp.http)
      .post(`/api/v1/trials/${TRIAL}/protocol-versions/1/approve`)
      .set(bearer(admin))
      .send({ password: USER_PASSWORD })
      .expect(201);
    coordinator = (await userWithRoles(testApp, 'coord.fuzz', TRIAL, ['coordinator'])).token;
    const sandbox = testApp.app.get(FhirConnection).sandboxServer;
    if (!sandbox) throw new Error('the test app should run the FHIR sandbox');
    const cohort = generateCohort({
      definition: EXAMPLE_TRIALS.myeloma,
      patients: 1,
      seed: 'fuzz',
      mess: NO_MESS,
    });
    const bundle = withStableIds(cohort.baselineBundles[0] as Bundle);
    await sandbox.load(bundle);
    subjectId = (
      await request(testApp.http)
        .post(`/api/v1/trials/${TRIAL}/enrollments`)
        .set(bearer(coordinator))
        .send({ patientReference: `Patient/${patientOf(bundle).id ?? ''}`, siteCode: 'HD01' })
        .expect(201)
    ).body.subjectId as string;
    const truth = cohort.truth[0];
    if (!truth) throw new Error('no patient');
    const images = synthesizeBaselineImage(createRandom('fuzz-img'), { imagingMarker: truth.imagingMarker });
    dicom = baselineDicomSeries(createRandom('fuzz-dcm'), {
      definition: EXAMPLE_TRIALS.myeloma,
      bundle: cohort.baselineBundles[0] as Bundle,
      truth,
      image: images.image,
    }).files.map((file) => Buffer.from(file.bytes));
    niftiRaw = Buffer.from(encodeNifti1(images.image));
    nifti = Buffer.from(gzipNifti(encodeNifti1(images.image)));
    mask = Buffer.from(gzipNifti(encodeNifti1(images.mask)));
    onnx = Buffer.from(
      encodeOnnxModel(buildLogisticRegressionOnnx({ coefficients: [0.004, 0.01], intercept: -4 })),
    );
  }, 120_000);

  afterAll(() => testApp?.close());

  const baseline = (
    image: { bytes: Buffer; name: string }[],
    maskFile: { bytes: Buffer; name: string } | null,
  ) => {
    const call = request(testApp.http)
      .post(`/api/v1/trials/${TRIAL}/enrollments/${subjectId}/baseline-image`)
      .set(bearer(coordinator));
    for (const file of image) call.attach('image', file.bytes, { filename: file.name });
    if (maskFile) call.attach('mask', maskFile.bytes, { filename: maskFile.name });
    return call;
  };
  const series = (replace: (files: Buffer[]) => Buffer[]) =>
    replace(dicom).map((bytes, index) => ({ bytes, name: `IM${index}.dcm` }));
  const maskFile = () => ({ bytes: mask, name: 'mask.nii.gz' });
  const model = (bytes: Buffer, card: string, filename = 'model.onnx') =>
    request(testApp.http)
      .post('/api/v1/models')
      .set(bearer(admin))
      .attach('model', bytes, { filename })
      .field('card', card);
  const card = JSON.stringify(CARD);

  function cases(): Case[] {
    const middle = Math.floor(dicom.length / 2);
    const withSlice = (slice: Buffer) => (files: Buffer[]) =>
      files.map((file, i) => (i === middle ? slice : file));
    const oversized = Buffer.alloc(1024 * 1024 + 1, 7);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const list: Case[] = [];
    // DICOM series: one slice truncated, corrupted, emptied; a non-DICOM file among the slices.
    for (const cut of truncations(dicom[middle] as Buffer))
      list.push({
        name: `DICOM slice truncated to ${cut.length} bytes`,
        send: () => baseline(series(withSlice(cut)), maskFile()),
      });
    for (let seed = 0; seed < 4; seed++)
      list.push({
        name: `DICOM slice header with 8 flipped bytes (seed ${seed})`,
        send: () =>
          baseline(
            series(withSlice(flipped(dicom[middle] as Buffer, `dcm-${seed}`, 8, 128, 400))),
            maskFile(),
          ),
      });
    list.push({
      name: 'DICOM slice of zero bytes',
      send: () => baseline(series(withSlice(Buffer.alloc(0))), maskFile()),
    });
    list.push({
      name: 'a PNG among the DICOM slices',
      send: () => baseline(series(withSlice(png)), maskFile()),
    });
    list.push({
      name: 'a JSON file as the only DICOM slice',
      send: () =>
        baseline([{ bytes: Buffer.from('{"__proto__":{"admin":true}}'), name: 'IM0.dcm' }], maskFile()),
    });
    list.push({
      name: 'more files than UPLOAD_MAX_FILES',
      status: 400,
      send: () =>
        baseline(
          Array.from({ length: MAX_FILES + 1 }, (_, i) => ({
            bytes: dicom[i % dicom.length] as Buffer,
            name: `IM${i}.dcm`,
          })),
          maskFile(),
        ),
    });
    // NIfTI image and mask: truncated, corrupted (gzip and raw), empty, wrong type, oversized.
    for (const cut of truncations(nifti))
      list.push({
        name: `NIfTI (gz) truncated to ${cut.length} bytes`,
        send: () => baseline([{ bytes: cut, name: 'image.nii.gz' }], maskFile()),
      });
    for (const cut of truncations(niftiRaw))
      list.push({
        name: `NIfTI (raw) truncated to ${cut.length} bytes`,
        send: () => baseline([{ bytes: cut, name: 'image.nii' }], maskFile()),
      });
    for (let seed = 0; seed < 4; seed++)
      list.push({
        name: `NIfTI (gz) with 16 flipped bytes (seed ${seed})`,
        send: () =>
          baseline([{ bytes: flipped(nifti, `nii-${seed}`, 16), name: 'image.nii.gz' }], maskFile()),
      });
    list.push({
      name: 'NIfTI header fields (sizeof_hdr, dims, datatype, vox_offset) flipped',
      send: () =>
        baseline([{ bytes: flipped(niftiRaw, 'nii-header', 6, 0, 112), name: 'image.nii' }], maskFile()),
    });
    list.push({
      name: 'NIfTI of zero bytes',
      send: () => baseline([{ bytes: Buffer.alloc(0), name: 'image.nii.gz' }], maskFile()),
    });
    list.push({
      name: 'mask of zero bytes',
      send: () =>
        baseline([{ bytes: nifti, name: 'image.nii.gz' }], { bytes: Buffer.alloc(0), name: 'mask.nii.gz' }),
    });
    list.push({
      name: 'mask truncated',
      send: () =>
        baseline([{ bytes: nifti, name: 'image.nii.gz' }], {
          bytes: mask.subarray(0, 40),
          name: 'mask.nii.gz',
        }),
    });
    list.push({
      name: 'a DICOM slice as the mask',
      send: () =>
        baseline([{ bytes: nifti, name: 'image.nii.gz' }], {
          bytes: dicom[0] as Buffer,
          name: 'mask.nii.gz',
        }),
    });
    list.push({
      name: 'an ONNX model as the image',
      send: () => baseline([{ bytes: onnx, name: 'image.nii.gz' }], maskFile()),
    });
    list.push({
      name: 'a gzip of text as the image',
      send: () => baseline([{ bytes: gzipSync('not an image'), name: 'image.nii.gz' }], maskFile()),
    });
    list.push({
      name: 'a path-traversal file name',
      send: () =>
        baseline([{ bytes: nifti.subarray(0, 100), name: '../../../etc/passwd.nii.gz' }], maskFile()),
    });
    list.push({
      name: 'an image over UPLOAD_LIMIT_MB',
      status: 413,
      send: () => baseline([{ bytes: oversized, name: 'image.nii' }], maskFile()),
    });
    const raw = (contentType: string, body: string | Buffer) => () =>
      request(testApp.http)
        .post(`/api/v1/trials/${TRIAL}/enrollments/${subjectId}/baseline-image`)
        .set(bearer(coordinator))
        .set('Content-Type', contentType)
        .send(body);
    list.push({ name: 'multipart without a boundary', send: raw('multipart/form-data', 'image=x') });
    list.push({
      name: 'a multipart body cut off mid-file',
      send: raw(
        'multipart/form-data; boundary=XYZ',
        Buffer.concat([
          Buffer.from('--XYZ\r\nContent-Disposition: form-data; name="image"; filename="a.nii.gz"\r\n\r\n'),
          nifti.subarray(0, 200),
        ]),
      ),
    });
    list.push({
      name: 'a file in an undeclared field',
      send: () =>
        baseline([{ bytes: nifti, name: 'image.nii.gz' }], maskFile()).attach('evil', nifti, {
          filename: 'x.nii.gz',
        }),
    });
    list.push({
      name: 'a JSON body instead of multipart',
      send: raw('application/json', '{"image": "AAAA", "mask": "AAAA"}'),
    });
    list.push({
      name: 'the image without a mask',
      send: () => baseline([{ bytes: nifti, name: 'image.nii.gz' }], null),
    });
    // ONNX models and their cards.
    for (const cut of truncations(onnx))
      list.push({ name: `ONNX truncated to ${cut.length} bytes`, send: () => model(cut, card) });
    for (let seed = 0; seed < 4; seed++)
      list.push({
        name: `ONNX with 16 flipped bytes (seed ${seed})`,
        send: () => model(flipped(onnx, `onnx-${seed}`, 16, 0, Math.min(onnx.length, 64)), card),
      });
    list.push({ name: 'ONNX of zero bytes', send: () => model(Buffer.alloc(0), card) });
    list.push({ name: 'a NIfTI file as the model', send: () => model(nifti, card) });
    list.push({ name: 'a PNG as the model', send: () => model(png, card, 'model.png') });
    list.push({ name: 'a model over UPLOAD_LIMIT_MB', status: 413, send: () => model(oversized, card) });
    list.push({ name: 'a model card that is not JSON', send: () => model(onnx, '{"name": "fuzz-spec",') });
    list.push({ name: 'a model card that is a JSON array', send: () => model(onnx, '[1, 2, 3]') });
    list.push({
      name: 'a model card polluting prototypes',
      send: () => model(onnx, '{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"x": 1}}}'),
    });
    list.push({ name: 'an empty model card', send: () => model(onnx, '') });
    list.push({
      name: 'a model card file of 1 MiB + 1 byte',
      status: 413,
      send: () =>
        request(testApp.http)
          .post('/api/v1/models')
          .set(bearer(admin))
          .attach('model', onnx, { filename: 'model.onnx' })
          .attach('card', oversized, { filename: 'card.json' }),
    });
    return list;
  }

  it('covers every multipart endpoint of the OpenAPI document', () => {
    const multipart = Object.entries(testApp.document.paths)
      .filter(([, item]) => {
        const body = (item as { post?: { requestBody?: { content?: object } } }).post?.requestBody;
        return body?.content !== undefined && 'multipart/form-data' in body.content;
      })
      .map(([path]) => path)
      .sort();
    expect(multipart).toEqual([
      '/api/v1/models',
      '/api/v1/trials/{trialCode}/enrollments/{subjectId}/baseline-image',
    ]);
  });

  it('answers every broken upload with a 4xx problem+json that says what is wrong, and writes nothing', async () => {
    const before = await footprint(testApp);
    const failures: string[] = [];
    for (const fuzz of cases()) {
      const response = await fuzz.send().timeout({ response: 20_000, deadline: 30_000 });
      const body = response.body as { code?: unknown; detail?: unknown; status?: unknown };
      if (response.status < 400 || response.status >= 500) {
        failures.push(`${fuzz.name}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
        continue;
      }
      if (fuzz.status !== undefined && response.status !== fuzz.status)
        failures.push(`${fuzz.name}: ${response.status} instead of ${fuzz.status} ${JSON.stringify(body)}`);
      if (!/^application\/problem\+json/.test(String(response.headers['content-type'])))
        failures.push(`${fuzz.name}: content type ${response.headers['content-type']}`);
      if (typeof body.code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(body.code))
        failures.push(`${fuzz.name}: no code in ${JSON.stringify(body)}`);
      if (typeof body.detail !== 'string' || body.detail.length < 15 || /\n\s+at /.test(body.detail))
        failures.push(`${fuzz.name}: unclear detail ${JSON.stringify(body.detail)}`);
      if (body.status !== response.status)
        failures.push(`${fuzz.name}: status ${String(body.status)} in the body`);
    }
    expect(failures).toEqual([]);
    const after = await footprint(testApp);
    // Refusals may be audited; nothing else changes.
    const { audit_event: _before, ...dataBefore } = before;
    const { audit_event: _after, ...dataAfter } = after;
    expect(dataAfter).toEqual(dataBefore);
    expect(Object.getPrototypeOf({})).toEqual({});
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  }, 300_000);

  it('still takes the valid files afterwards (the fuzz cases were refused for what they broke)', async () => {
    await model(onnx, card).expect(201);
    const accepted = await baseline(
      series((files) => files),
      maskFile(),
    );
    expect(accepted.status).toBe(201);
    expect(accepted.body.image).toMatchObject({ format: 'dicom-series', fileCount: dicom.length });
  });
});

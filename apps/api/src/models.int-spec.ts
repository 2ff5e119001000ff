import { createHash } from 'node:crypto';
import {
  buildLogisticRegressionOnnx,
  buildSklearnStyleClassifierOnnx,
  encodeOnnxModel,
  exampleModelCard,
} from '@prospect/models';
import request from 'supertest';
import { adminToken, bearer, startTestApp, type TestApp } from '@prospect/api-testing';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function logisticModel(coefficients: number[], intercept = -0.2): Uint8Array {
  return encodeOnnxModel(buildLogisticRegressionOnnx({ coefficients, intercept }));
}

describe('model registry API', () => {
  let testApp: TestApp;
  let token: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    token = await adminToken(testApp);
  }, 60_000);

  afterAll(async () => {
    await testApp.close();
  });

  const upload = (model: Uint8Array | null, card: unknown, asFile = false): request.Test => {
    const call = request(testApp.http).post('/api/v1/models').set(bearer(token));
    if (model)
      call.attach('model', Buffer.from(model), {
        filename: 'model.onnx',
        contentType: 'application/octet-stream',
      });
    if (card !== undefined) {
      const text = typeof card === 'string' ? card : JSON.stringify(card);
      if (asFile)
        call.attach('card', Buffer.from(text), { filename: 'card.json', contentType: 'application/json' });
      else call.field('card', text);
    }
    return call;
  };

  it('registers an ONNX model with its card, by the SHA-256 of the uploaded bytes', async () => {
    const bytes = logisticModel([0.4, -1.2, 0.01, 0.03]);
    const response = await upload(bytes, exampleModelCard(4));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      sha256: sha256(bytes),
      name: 'mm-mrd-wbmri',
      version: '1.0.0',
      byteSize: bytes.byteLength,
      card: { modelSha256: sha256(bytes), defaultThreshold: 0.5 },
      signature: { inputs: [{ name: 'features' }], readout: expect.anything() },
    });
    const audit = await testApp.dataSource.query(
      `SELECT action, entity_id FROM audit_event WHERE action = 'model.registered'`,
    );
    expect(audit).toEqual([{ action: 'model.registered', entity_id: sha256(bytes) }]);

    // The same file again: nothing new, the same record.
    const again = await upload(bytes, exampleModelCard(4), true);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(response.body);

    const download = await request(testApp.http)
      .get(`/api/v1/models/${sha256(bytes)}/onnx`)
      .set(bearer(token))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(download.status).toBe(200);
    expect(sha256(download.body as Buffer)).toBe(sha256(bytes));

    const list = await request(testApp.http).get('/api/v1/models').set(bearer(token));
    expect((list.body as { sha256: string }[]).map((model) => model.sha256)).toContain(sha256(bytes));
    const one = await request(testApp.http)
      .get(`/api/v1/models/${sha256(bytes)}`)
      .set(bearer(token));
    expect(one.body).toEqual(response.body);
  });

  it('refuses a different file under a registered name and version', async () => {
    const response = await upload(logisticModel([0.5, -1.2, 0.01, 0.03]), exampleModelCard(4));
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'MODEL_VERSION_TAKEN' });
  });

  it('reads sklearn-onnx classifiers (ZipMap) and records which output is the probability', async () => {
    const bytes = encodeOnnxModel(
      buildSklearnStyleClassifierOnnx({ coefficients: [0.3, 0.1], intercept: 0.2 }),
    );
    const response = await upload(bytes, exampleModelCard(2, { name: 'sklearn-style', version: '2' }));
    expect(response.status).toBe(201);
    expect(JSON.stringify(response.body.signature)).toContain('ZipMap');
  });

  it.each([
    [
      'a model that is not ONNX',
      new TextEncoder().encode('PK\u0003\u0004 a zip file'),
      exampleModelCard(2, { version: 'x1' }),
      /MODEL_NOT_ONNX/,
    ],
    [
      'a model whose input width differs from the card',
      logisticModel([1, 2, 3]),
      exampleModelCard(2, { version: 'x2' }),
      /MODEL_INPUT_MISMATCH/,
    ],
    [
      'a card without a threshold',
      logisticModel([1, 2]),
      { ...exampleModelCard(2, { version: 'x3' }), defaultThreshold: undefined },
      /INVALID_MODEL_CARD/,
    ],
    [
      'a card naming another file',
      logisticModel([1, 2]),
      exampleModelCard(2, { version: 'x4', modelSha256: 'a'.repeat(64) }),
      /MODEL_SHA256_MISMATCH/,
    ],
  ])('refuses %s with 422 naming the problem', async (_label, bytes, card, code) => {
    const response = await upload(bytes, card);
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    expect(response.body.code).toMatch(code);
    expect(response.body.errors?.length ?? response.body.fields?.length ?? 0).toBeGreaterThan(0);
  });

  it.each([
    ['no model file', null, exampleModelCard(2), 'MODEL_FILE_REQUIRED'],
    ['no card', logisticModel([1, 2]), undefined, 'MODEL_CARD_REQUIRED'],
    ['a card that is not JSON', logisticModel([1, 2]), '{"name": ', 'MODEL_CARD_NOT_JSON'],
  ])('refuses %s with 400', async (_label, bytes, card, code) => {
    const response = await upload(bytes, card);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(code);
  });

  it('refuses an upload over the size limit with 413 and stores nothing', async () => {
    const small = await startTestApp({ UPLOAD_LIMIT_MB: '1' });
    try {
      const adminSmall = await adminToken(small);
      const response = await request(small.http)
        .post('/api/v1/models')
        .set(bearer(adminSmall))
        .attach('model', Buffer.alloc(1024 * 1024 + 10), { filename: 'big.onnx' })
        .field('card', JSON.stringify(exampleModelCard(2)));
      expect(response.status).toBe(413);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
      expect(await small.dataSource.query('SELECT count(*)::int AS n FROM model')).toEqual([{ n: 0 }]);
    } finally {
      await small.close();
    }
  }, 60_000);

  it('answers 404 for an unknown model and 422 for a malformed digest', async () => {
    expect(
      (
        await request(testApp.http)
          .get(`/api/v1/models/${'0'.repeat(64)}`)
          .set(bearer(token))
      ).status,
    ).toBe(404);
    expect((await request(testApp.http).get('/api/v1/models/not-a-digest').set(bearer(token))).status).toBe(
      422,
    );
  });
});

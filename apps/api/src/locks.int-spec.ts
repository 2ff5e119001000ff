import { EXAMPLE_TRIALS } from '@prospect/domain';
import { EnrollmentEntity, FhirConnection } from '@prospect/enrollment';
import { PredictionService } from '@prospect/imaging-server';
import { LedgerService, LocksService } from '@prospect/locks';
import {
  cosignTreeHead,
  generateTrialKeyPair,
  leafHash,
  parseLedgerExport,
  toHex,
  verifyLedgerExport,
  verifyOpening,
  verifyReceipts,
  verifyTreeHead,
} from '@prospect/ledger';
import {
  createRandom,
  encodeNifti1,
  generateCohort,
  gzipNifti,
  NO_MESS,
  synthesizeBaselineImage,
  withStableIds,
  type Cohort,
} from '@prospect/synth';
import { postgresUrlFromEnv } from '@prospect/testing';
import request from 'supertest';
import {
  bearer,
  patientOf,
  startTestApp,
  until,
  userWithRoles,
  type TestApp,
  meanAndAgeModelCard,
  registerTrialWithModel,
} from '@prospect/api-testing';

/** A model on one IBSI feature (mean intensity) and age. */
const CARD = meanAndAgeModelCard('locks-spec', { intendedUse: 'Test model for prediction locks.' });

const TRIAL = 'MM-RAD-01';
const DAY_MS = 86_400_000;

// PGlite always; PostgreSQL too when DATABASE_URL is set (CI): locks must hold on both engines.
const engines: ('pglite' | 'postgresql')[] = postgresUrlFromEnv() ? ['pglite', 'postgresql'] : ['pglite'];

describe.each(engines)('prediction locks and the transparency log (%s)', (engine) => {
  let testApp: TestApp;
  let admin: string;
  let coordinator: string;
  let dmc: string;
  let statistician: string;
  let assessor: string;
  let trialId: string;
  /**
   * 0–2: treatment starts in the future; 3: already treated; 4: its treatment record arrives late;
   * 5: treatment in the future, locked by concurrent writers.
   */
  const subjects: string[] = [];
  let lateCohort: Cohort;

  const api = () => request(testApp.http);
  const base = `/api/v1/trials/${TRIAL}`;

  beforeAll(async () => {
    testApp = await startTestApp({ LOG_LEVEL: 'error' }, { engine });
    ({ admin, trialId } = await registerTrialWithModel(testApp, CARD, { intercept: -2 }));
    coordinator = (await userWithRoles(testApp, `coord.locks.${engine}`, TRIAL, ['coordinator'])).token;
    dmc = (await userWithRoles(testApp, `dmc.locks.${engine}`, TRIAL, ['dmc'])).token;
    statistician = (await userWithRoles(testApp, `stat.locks.${engine}`, TRIAL, ['statistician'])).token;
    assessor = (await userWithRoles(testApp, `assess.locks.${engine}`, TRIAL, ['outcome-assessor'])).token;

    const sandbox = testApp.app.get(FhirConnection).sandboxServer;
    if (!sandbox) throw new Error('the test app should run the FHIR sandbox');
    const future = generateCohort({
      definition: EXAMPLE_TRIALS.myeloma,
      patients: 10,
      seed: `locks-future-${engine}`,
      mess: NO_MESS,
      firstTreatmentStart: new Date(Date.now() + DAY_MS).toISOString(),
    });
    const treated = generateCohort({
      definition: EXAMPLE_TRIALS.myeloma,
      patients: 6,
      seed: `locks-treated-${engine}`,
      mess: NO_MESS,
      firstTreatmentStart: new Date(Date.now() - 3 * DAY_MS).toISOString(),
    });
    lateCohort = generateCohort({
      definition: EXAMPLE_TRIALS.myeloma,
      patients: 6,
      seed: `locks-late-${engine}`,
      mess: { ...NO_MESS, lateTreatmentRecord: 1 },
      firstTreatmentStart: new Date(Date.now() - 2 * DAY_MS).toISOString(),
    });
    const extra = generateCohort({
      definition: EXAMPLE_TRIALS.myeloma,
      patients: 6,
      seed: `locks-extra-${engine}`,
      mess: NO_MESS,
      firstTreatmentStart: new Date(Date.now() + DAY_MS).toISOString(),
    });
    // Synthetic cohorts include patients the protocol excludes: enroll the first eligible ones.
    const wanted: [Cohort, number][] = [
      [future, 3],
      [treated, 1],
      [lateCohort, 1],
      [extra, 1],
    ];
    for (const [cohort, count] of wanted) {
      let enrolledFromCohort = 0;
      for (const bundle of cohort.baselineBundles) {
        if (enrolledFromCohort === count) break;
        const stable = withStableIds(bundle);
        await sandbox.load(stable);
        const enrolled = await api()
          .post(`${base}/enrollments`)
          .set(bearer(coordinator))
          .send({ patientReference: `Patient/${patientOf(stable).id ?? ''}`, siteCode: 'HD01' });
        if (enrolled.status === 422 && enrolled.body.code === 'NOT_ELIGIBLE') continue;
        expect(enrolled.status).toBe(201);
        const subjectId = enrolled.body.subjectId as string;
        subjects.push(subjectId);
        enrolledFromCohort++;
        const { image, mask } = synthesizeBaselineImage(createRandom(`locks-img-${subjects.length}`), {
          imagingMarker: 0.2 * subjects.length,
        });
        await api()
          .post(`${base}/enrollments/${subjectId}/baseline-image`)
          .set(bearer(coordinator))
          .attach('image', Buffer.from(gzipNifti(encodeNifti1(image))), { filename: 'image.nii.gz' })
          .attach('mask', Buffer.from(gzipNifti(encodeNifti1(mask))), { filename: 'mask.nii.gz' })
          .expect(201);
      }
      if (enrolledFromCohort < count)
        throw new Error(`only ${enrolledFromCohort} eligible patients in a cohort`);
    }
  }, 240_000);

  afterAll(() => testApp?.close());

  const subject = (index: number): string => subjects[index] as string;

  async function finished(jobId: string): Promise<Record<string, unknown>> {
    const job = await until(
      async () => (await api().get(`${base}/jobs/${jobId}`).set(bearer(coordinator)).expect(200)).body,
      (body: { status: string; result?: unknown }) => body.status === 'succeeded' || body.status === 'failed',
      60_000,
    );
    expect(job).toMatchObject({ status: 'succeeded' });
    return job.result as Record<string, unknown>;
  }

  async function lock(index: number): Promise<Record<string, unknown>> {
    const response = await api()
      .post(`${base}/enrollments/${subject(index)}/lock`)
      .set(bearer(coordinator));
    expect([200, 202]).toContain(response.status);
    return response.status === 202 ? finished(response.body.id as string) : response.body;
  }

  it('creates the trial’s signing key with the trial: log entry 0 and a signed head', async () => {
    const summary = (await api().get(`${base}/ledger`).set(bearer(assessor)).expect(200)).body;
    expect(summary.treeSize).toBe(1);
    expect(summary.publicKeys).toHaveLength(1);
    expect(summary.publicKeys[0]).toMatchObject({ leafIndex: 0, reason: 'initial' });
    const head = summary.latestTreeHead;
    expect(head).toMatchObject({ treeSize: 1, reason: 'trial-created', trialCode: TRIAL });
    const { reason: _reason, cosignatures: _cosignatures, ...signed } = head;
    expect(verifyTreeHead(signed, summary.publicKeys[0].publicKey)).toBe(true);
  });

  it('locks a prediction as a job; coordinators see the commitment, the DMC the prediction, which opens it', async () => {
    const result = await lock(0);
    expect(result).toMatchObject({ locked: 1, alreadyLocked: 0 });

    const blinded = (
      await api()
        .get(`${base}/enrollments/${subject(0)}/lock`)
        .set(bearer(coordinator))
        .expect(200)
    ).body;
    expect(blinded).toMatchObject({
      subjectId: subject(0),
      leafIndex: 1,
      inPrimaryAnalysis: true,
      deviation: null,
    });
    expect(blinded.prediction).toBeUndefined();
    expect(blinded.treatmentStartKnown.status).toBe('actual');
    expect(Date.parse(blinded.treatmentStartKnown.at)).toBeGreaterThan(Date.parse(blinded.lockedAt));
    expect(JSON.stringify(blinded)).not.toMatch(/probability/);

    const forStatistician = (
      await api()
        .get(`${base}/enrollments/${subject(0)}/lock`)
        .set(bearer(statistician))
        .expect(200)
    ).body;
    expect(forStatistician.prediction).toBeUndefined();

    const unblinded = (
      await api()
        .get(`${base}/enrollments/${subject(0)}/lock`)
        .set(bearer(dmc))
        .expect(200)
    ).body;
    const predictions = (
      await api()
        .get(`${base}/enrollments/${subject(0)}/predictions`)
        .set(bearer(dmc))
        .expect(200)
    ).body;
    expect(unblinded.prediction.probability).toBe(predictions[0].probability);

    const receipt = (
      await api()
        .get(`${base}/enrollments/${subject(0)}/lock/receipt`)
        .set(bearer(dmc))
        .expect(200)
    ).body;
    expect(verifyOpening(receipt.entry.predictionCommitment, receipt.opening)).toBe(true);
    expect(receipt.opening.probability).toBe(unblinded.prediction.probability);
  });

  it('hands out receipts that verify offline, without the opening for blinded roles', async () => {
    const receipt = (
      await api()
        .get(`${base}/enrollments/${subject(0)}/lock/receipt`)
        .set(bearer(coordinator))
        .expect(200)
    ).body;
    expect(receipt.opening).toBeUndefined();
    expect(receipt).toMatchObject({ type: 'prediction-lock-receipt', leafIndex: 1, trialCode: TRIAL });
    expect(verifyReceipts([receipt])).toMatchObject({ ok: true, failures: [] });
    const tampered = { ...receipt, entry: { ...receipt.entry, lockedAt: '2020-01-01T00:00:00.000Z' } };
    expect(verifyReceipts([tampered]).ok).toBe(false);
  });

  it('adds nothing when a lock job killed after committing is run again', async () => {
    const [job] = await testApp.dataSource.query(
      `SELECT id FROM sync_job WHERE kind = 'prediction-lock' AND status = 'succeeded' ORDER BY created_at LIMIT 1`,
    );
    const entries = async () =>
      Number(
        ((await testApp.dataSource.query('SELECT count(*) AS n FROM ledger_entry')) as { n: string }[])[0]?.n,
      );
    const before = await entries();
    // As if the worker died after the lock committed but before the job was marked done.
    await testApp.dataSource.query(`UPDATE sync_job SET status = 'running' WHERE id = $1`, [job.id]);
    await testApp.app.get(LocksService).run(job.id as string);
    expect(await entries()).toBe(before);
    const [rerun] = await testApp.dataSource.query('SELECT status, result FROM sync_job WHERE id = $1', [
      job.id,
    ]);
    expect(rerun.status).toBe('succeeded');
    expect(rerun.result).toMatchObject({ locked: 0, alreadyLocked: 1 });
  });

  it('returns the first lock to a second attempt', async () => {
    const again = await api()
      .post(`${base}/enrollments/${subject(0)}/lock`)
      .set(bearer(coordinator))
      .expect(200);
    expect(again.body).toMatchObject({ subjectId: subject(0), leafIndex: 1 });
  });

  it('makes exactly one lock, entry and audit event from parallel requests for one enrollment', async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        api()
          .post(`${base}/enrollments/${subject(1)}/lock`)
          .set(bearer(coordinator)),
      ),
    );
    for (const response of responses) expect([200, 202]).toContain(response.status);
    for (const response of responses.filter((candidate) => candidate.status === 202)) {
      await finished(response.body.id as string);
    }
    const count = async (sql: string, parameters: unknown[]) =>
      Number(((await testApp.dataSource.query(sql, parameters)) as { count: string }[])[0]?.count);
    expect(
      await count(
        'SELECT count(*) AS count FROM prediction_lock l JOIN enrollment e ON e.id = l.enrollment_id WHERE e.subject_id = $1',
        [subject(1)],
      ),
    ).toBe(1);
    expect(
      await count('SELECT count(*) AS count FROM ledger_entry WHERE subject_id = $1', [subject(1)]),
    ).toBe(1);
    expect(
      await count(
        `SELECT count(*) AS count FROM audit_event WHERE action = 'prediction.locked' AND after_value->>'subjectId' = $1`,
        [subject(1)],
      ),
    ).toBe(1);
  });

  it('lets exactly one of several concurrent writers lock an enrollment; the others find its lock', async () => {
    const predicted = await api()
      .post(`${base}/predictions`)
      .set(bearer(coordinator))
      .send({ subjectId: subject(5) })
      .expect(202);
    await finished(predicted.body.id as string);
    const trial = { trialId, trialCode: TRIAL };
    const [enrollment] = await testApp.dataSource
      .getRepository(EnrollmentEntity)
      .findBy({ trialId, subjectId: subject(5) });
    const current = await testApp.app.get(PredictionService).currentPrediction(trial, enrollment?.id ?? '');
    if (!enrollment || !current) throw new Error('subject 5 should be predicted');
    const locks = testApp.app.get(LocksService);
    const actor = { userId: null, username: 'concurrency-test', requestId: null };
    const outcomes = (
      await Promise.all(
        Array.from({ length: 5 }, () => locks.lockBatch(trial, [{ enrollment, ...current }], 1, null, actor)),
      )
    ).flat();
    expect(outcomes.filter((outcome) => outcome.status === 'locked')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'already-locked')).toHaveLength(4);
    const [{ n }] = await testApp.dataSource.query(
      'SELECT count(*)::int AS n FROM ledger_entry WHERE subject_id = $1',
      [subject(5)],
    );
    expect(Number(n)).toBe(1);
    await testApp.app.get(LedgerService).signHead(trial, 'on-request', { onlyIfGrown: true });
  });

  it('refuses to lock when the FHIR records show treatment already started', async () => {
    const result = await lock(3);
    expect(result).toMatchObject({ locked: 0 });
    const refused = result['refusedTreatmentStarted'] as { subjectId: string; problems: string[] }[];
    expect(refused.map((outcome) => outcome.subjectId)).toEqual([subject(3)]);
    expect(refused[0]?.problems[0]).toMatch(/not prospective/);
    await api()
      .get(`${base}/enrollments/${subject(3)}/lock`)
      .set(bearer(coordinator))
      .expect(404);
  });

  it('keeps a lock that a later sync shows postdates treatment, flagged as a deviation', async () => {
    expect(await lock(4)).toMatchObject({ locked: 1 });
    const sandbox = testApp.app.get(FhirConnection).sandboxServer;
    for (const bundle of lateCohort.lateBundles) await sandbox?.load(withStableIds(bundle));
    const sync = await api()
      .post(`${base}/syncs`)
      .set(bearer(coordinator))
      .send({ subjectId: subject(4) })
      .expect(202);
    await finished(sync.body.id as string);

    const view = (
      await api()
        .get(`${base}/enrollments/${subject(4)}/lock`)
        .set(bearer(coordinator))
        .expect(200)
    ).body;
    expect(view.inPrimaryAnalysis).toBe(false);
    expect(view.deviation).toMatchObject({ kind: 'treatment-started-before-lock', subjectId: subject(4) });
    const deviations = (await api().get(`${base}/lock-deviations`).set(bearer(statistician)).expect(200))
      .body;
    expect(deviations.map((deviation: { subjectId: string }) => deviation.subjectId)).toEqual([subject(4)]);

    const report = (await api().get(`${base}/ledger/verify`).set(bearer(coordinator)).expect(200)).body;
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.deviations.map((deviation: { subjectId: string }) => deviation.subjectId)).toEqual([
      subject(4),
    ]);
  });

  it('writes each lock to the FHIR server as a RiskAssessment with a Provenance carrying its receipt', async () => {
    const view = await until(
      async () =>
        (
          await api()
            .get(`${base}/enrollments/${subject(0)}/lock`)
            .set(bearer(coordinator))
        ).body,
      (body: {
        lockedAt: string;
        leafIndex: number;
        fhirWriteBack: { status: string; riskAssessment: string; provenance: string };
      }) => body.fhirWriteBack.status === 'done',
      30_000,
    );
    expect(view.fhirWriteBack.riskAssessment).toMatch(/^RiskAssessment\//);
    const gateway = testApp.app.get(FhirConnection).gateway;
    const riskAssessment = await gateway.read(
      'RiskAssessment',
      view.fhirWriteBack.riskAssessment.split('/')[1] ?? '',
    );
    expect(riskAssessment).toMatchObject({ status: 'final', occurrenceDateTime: view.lockedAt });
    expect(riskAssessment.basis?.some((basis) => basis.reference?.startsWith('ImagingStudy/'))).toBe(true);
    const provenance = await gateway.read('Provenance', view.fhirWriteBack.provenance.split('/')[1] ?? '');
    const receipt = JSON.parse(Buffer.from(provenance.signature?.[0]?.data ?? '', 'base64').toString('utf8'));
    expect(verifyReceipts([receipt]).ok).toBe(true);
    expect(receipt.leafIndex).toBe(view.leafIndex);
    // Published after the trial's locks in the same write-back job.
    const checkpoints = await until(
      async () =>
        (await gateway.searchResources('DocumentReference', {})).filter((document) =>
          document.identifier?.some((identifier) => identifier.system === 'urn:prospect:ledger-tree-head'),
        ),
      (found) => found.length > 0,
      10_000,
    );
    expect(checkpoints.length).toBeGreaterThan(0);
    const published = JSON.parse(
      Buffer.from(checkpoints[0]?.content[0]?.attachment.data ?? '', 'base64').toString('utf8'),
    );
    expect(published).toMatchObject({ trialCode: TRIAL, keyId: expect.any(String) });
  });

  it('signs a daily checkpoint for a log whose latest head is a day old', async () => {
    const ledger = testApp.app.get(LedgerService);
    expect(await ledger.signDueCheckpoints()).not.toContain(trialId);
    expect(await ledger.signDueCheckpoints(new Date(Date.now() + 2 * DAY_MS))).toContain(trialId);
    const latest = (await api().get(`${base}/ledger/tree-heads/latest`).set(bearer(coordinator)).expect(200))
      .body;
    expect(latest.reason).toBe('daily');
  });

  it('exports the log; openings only to the DMC; both exports verify', async () => {
    const forDmc = await api().get(`${base}/ledger/export`).set(bearer(dmc)).expect(200);
    const parsedDmc = parseLedgerExport(forDmc.text);
    expect(parsedDmc.failures).toEqual([]);
    expect(parsedDmc.export?.openings.length).toBe(4);
    expect(verifyLedgerExport(parsedDmc.export as never)).toMatchObject({ ok: true, failures: [] });

    const forCoordinator = await api().get(`${base}/ledger/export`).set(bearer(coordinator)).expect(200);
    expect(forCoordinator.text).not.toMatch(/"type":"opening"/);
    expect(forCoordinator.text).not.toMatch(/probability/);
    const parsed = parseLedgerExport(forCoordinator.text);
    expect(verifyLedgerExport(parsed.export as never)).toMatchObject({ ok: true });

    const receipts = await api().get(`${base}/lock-receipts`).set(bearer(coordinator)).expect(200);
    const lines = receipts.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(4);
    expect(verifyReceipts(lines)).toMatchObject({ ok: true });
  });

  it('stores a witness’s cosignature after checking it, and refuses forged ones', async () => {
    const head = (await api().get(`${base}/ledger/tree-heads/latest`).set(bearer(dmc)).expect(200)).body;
    const witness = generateTrialKeyPair();
    const { reason: _reason, cosignatures: _cosignatures, ...signed } = head;
    const cosignature = cosignTreeHead(signed, 'dmc', witness.privateKeyPem);
    const body = {
      treeSize: head.treeSize,
      rootHash: head.rootHash,
      headTimestamp: head.timestamp,
      witnessPublicKey: witness.publicKey,
      cosignature,
    };
    const forged = { ...body, cosignature: { ...cosignature, witness: 'someone-else' } };
    await api().post(`${base}/ledger/cosignatures`).set(bearer(dmc)).send(forged).expect(422);
    await api()
      .post(`${base}/ledger/cosignatures`)
      .set(bearer(dmc))
      .send({ ...body, rootHash: '0'.repeat(64) })
      .expect(404);
    const stored = (await api().post(`${base}/ledger/cosignatures`).set(bearer(dmc)).send(body).expect(201))
      .body;
    expect(stored.cosignatures).toEqual([{ ...cosignature, witnessPublicKey: witness.publicKey }]);
    await api().post(`${base}/ledger/cosignatures`).set(bearer(dmc)).send(body).expect(409);
    await api().post(`${base}/ledger/cosignatures`).set(bearer(coordinator)).send(body).expect(403);

    const exported = parseLedgerExport((await api().get(`${base}/ledger/export`).set(bearer(dmc))).text);
    expect(exported.export?.cosignatures).toHaveLength(1);
    expect(verifyLedgerExport(exported.export as never).ok).toBe(true);
  });

  it('gives inclusion and consistency proofs, refusing sizes the log does not have', async () => {
    const summary = (await api().get(`${base}/ledger`).set(bearer(coordinator))).body;
    const size = summary.treeSize as number;
    const inclusion = await api()
      .get(`${base}/ledger/inclusion-proof?index=1&treeSize=${size}`)
      .set(bearer(coordinator))
      .expect(200);
    expect(inclusion.body.proof.length).toBeGreaterThan(0);
    await api()
      .get(`${base}/ledger/consistency-proof?from=1&to=${size}`)
      .set(bearer(coordinator))
      .expect(200);
    const bad = await api()
      .get(`${base}/ledger/inclusion-proof?index=${size}&treeSize=${size + 5}`)
      .set(bearer(coordinator))
      .expect(422);
    expect(bad.body.errors?.[0]?.field ?? bad.body.fields?.[0]?.field).toBe('treeSize');
    await api().get(`${base}/ledger/consistency-proof?from=abc&to=2`).set(bearer(coordinator)).expect(400);
  });

  it('rotates the signing key: recorded in the log, later heads signed by the new key', async () => {
    const rotated = (
      await api()
        .post(`${base}/ledger/key-rotations`)
        .set(bearer(admin))
        .send({ reason: 'scheduled' })
        .expect(201)
    ).body;
    const summary = (await api().get(`${base}/ledger`).set(bearer(coordinator))).body;
    expect(summary.publicKeys).toHaveLength(2);
    expect(rotated.keyId).toBe(summary.publicKeys[1].keyId);
    expect(rotated.reason).toBe('key-rotation');
    await api()
      .post(`${base}/ledger/key-rotations`)
      .set(bearer(admin))
      .send({ reason: 'initial' })
      .expect(400);
    expect(await lock(2)).toMatchObject({ locked: 1 });
    const report = (await api().get(`${base}/ledger/verify`).set(bearer(dmc)).expect(200)).body;
    expect(report).toMatchObject({ ok: true, failures: [] });
  });

  it('never shows locks to outcome assessors, and shows them the log’s public face', async () => {
    for (const path of [
      `${base}/locks`,
      `${base}/enrollments/${subject(0)}/lock`,
      `${base}/enrollments/${subject(0)}/lock/receipt`,
      `${base}/lock-receipts`,
      `${base}/ledger/export`,
      `${base}/ledger/verify`,
    ]) {
      await api().get(path).set(bearer(assessor)).expect(403);
    }
    await api().get(`${base}/ledger/tree-heads`).set(bearer(assessor)).expect(200);
    const list = (await api().get(`${base}/locks`).set(bearer(coordinator)).expect(200)).body;
    expect(list).toHaveLength(5);
    expect(JSON.stringify(list)).not.toMatch(/probability/);
    const unblinded = (await api().get(`${base}/locks`).set(bearer(dmc)).expect(200)).body;
    expect(unblinded.every((view: { prediction?: unknown }) => view.prediction !== undefined)).toBe(true);
  });

  describe('tampering with the database is detected by the API check', () => {
    /** Runs SQL with the append-only triggers (and foreign keys) off, as a rogue superuser could. */
    async function asRogueSuperuser(sql: string, parameters: unknown[] = []): Promise<void> {
      const runner = testApp.dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.query('SET session_replication_role = replica');
        await runner.query(sql, parameters);
      } finally {
        await runner.query('SET session_replication_role = DEFAULT');
        await runner.release();
      }
    }

    async function entryOf(
      subjectId: string,
    ): Promise<{ leaf_index: string; entry_json: string; leaf_hash: string }> {
      const [row] = await testApp.dataSource.query(
        'SELECT leaf_index, entry_json, leaf_hash FROM ledger_entry WHERE subject_id = $1',
        [subjectId],
      );
      return row;
    }

    async function verifyReport(): Promise<{
      ok: boolean;
      failures: { check: string; index?: number; message: string }[];
    }> {
      return (await api().get(`${base}/ledger/verify`).set(bearer(dmc)).expect(200)).body;
    }

    const editJson = (json: string, edit: (entry: Record<string, unknown>) => void): string => {
      const entry = JSON.parse(json) as Record<string, unknown>;
      edit(entry);
      return JSON.stringify(entry);
    };

    it.each([
      [
        'a swapped model hash in an entry',
        async () => {
          const row = await entryOf(subject(0));
          return {
            tamper: () =>
              asRogueSuperuser('UPDATE ledger_entry SET entry_json = $1 WHERE subject_id = $2', [
                editJson(row.entry_json, (entry) => (entry['modelSha256'] = 'f'.repeat(64))),
                subject(0),
              ]),
            restore: () =>
              asRogueSuperuser('UPDATE ledger_entry SET entry_json = $1 WHERE subject_id = $2', [
                row.entry_json,
                subject(0),
              ]),
          };
        },
      ],
      [
        'a backdated lock time, in the entry (with its leaf hash) and the lock row',
        async () => {
          const row = await entryOf(subject(1));
          const json = editJson(row.entry_json, (entry) => (entry['lockedAt'] = '2026-01-01T00:00:00.000Z'));
          const [lockRow] = await testApp.dataSource.query(
            'SELECT l.id, l.locked_at FROM prediction_lock l JOIN enrollment e ON e.id = l.enrollment_id WHERE e.subject_id = $1',
            [subject(1)],
          );
          return {
            tamper: async () => {
              await asRogueSuperuser(
                'UPDATE ledger_entry SET entry_json = $1, leaf_hash = $2 WHERE subject_id = $3',
                [json, toHex(leafHash(new TextEncoder().encode(json))), subject(1)],
              );
              await asRogueSuperuser(
                `UPDATE prediction_lock SET locked_at = '2026-01-01T00:00:00Z' WHERE id = $1`,
                [lockRow.id],
              );
            },
            restore: async () => {
              await asRogueSuperuser(
                'UPDATE ledger_entry SET entry_json = $1, leaf_hash = $2 WHERE subject_id = $3',
                [row.entry_json, row.leaf_hash, subject(1)],
              );
              await asRogueSuperuser('UPDATE prediction_lock SET locked_at = $1 WHERE id = $2', [
                lockRow.locked_at,
                lockRow.id,
              ]);
            },
          };
        },
      ],
      [
        'a lock row edited alone',
        async () => {
          const [lockRow] = await testApp.dataSource.query(
            'SELECT l.id, l.locked_at FROM prediction_lock l JOIN enrollment e ON e.id = l.enrollment_id WHERE e.subject_id = $1',
            [subject(0)],
          );
          return {
            tamper: () =>
              asRogueSuperuser(
                `UPDATE prediction_lock SET locked_at = locked_at - interval '1 day' WHERE id = $1`,
                [lockRow.id],
              ),
            restore: () =>
              asRogueSuperuser('UPDATE prediction_lock SET locked_at = $1 WHERE id = $2', [
                lockRow.locked_at,
                lockRow.id,
              ]),
          };
        },
      ],
      [
        'an edited tree-head root',
        async () => {
          const [head] = await testApp.dataSource.query(
            'SELECT id, root_hash FROM ledger_tree_head WHERE trial_id = $1 ORDER BY tree_size DESC LIMIT 1',
            [trialId],
          );
          return {
            tamper: () =>
              asRogueSuperuser(`UPDATE ledger_tree_head SET root_hash = repeat('e', 64) WHERE id = $1`, [
                head.id,
              ]),
            restore: () =>
              asRogueSuperuser('UPDATE ledger_tree_head SET root_hash = $1 WHERE id = $2', [
                head.root_hash,
                head.id,
              ]),
          };
        },
      ],
      [
        'a forged tree-head signature',
        async () => {
          const [head] = await testApp.dataSource.query(
            'SELECT id, signature FROM ledger_tree_head WHERE trial_id = $1 ORDER BY tree_size DESC LIMIT 1',
            [trialId],
          );
          const forged = `${(head.signature as string).startsWith('A') ? 'B' : 'A'}${(head.signature as string).slice(1)}`;
          return {
            tamper: () =>
              asRogueSuperuser('UPDATE ledger_tree_head SET signature = $1 WHERE id = $2', [forged, head.id]),
            restore: () =>
              asRogueSuperuser('UPDATE ledger_tree_head SET signature = $1 WHERE id = $2', [
                head.signature,
                head.id,
              ]),
          };
        },
      ],
      [
        'a deleted entry',
        async () => {
          const row = await entryOf(subject(2));
          const [full] = await testApp.dataSource.query('SELECT * FROM ledger_entry WHERE subject_id = $1', [
            subject(2),
          ]);
          return {
            tamper: () => asRogueSuperuser('DELETE FROM ledger_entry WHERE subject_id = $1', [subject(2)]),
            restore: () =>
              asRogueSuperuser(
                'INSERT INTO ledger_entry (trial_id, leaf_index, kind, entry_json, leaf_hash, subject_id, entry_time, appended_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
                [
                  full.trial_id,
                  row.leaf_index,
                  full.kind,
                  row.entry_json,
                  row.leaf_hash,
                  subject(2),
                  full.entry_time,
                  full.appended_at,
                ],
              ),
          };
        },
      ],
      [
        'two entries swapped (reordered)',
        async () => {
          const first = await entryOf(subject(0));
          const second = await entryOf(subject(1));
          type Row = typeof first;
          const put = async (index: string, row: Row, subjectId: string) =>
            asRogueSuperuser(
              `UPDATE ledger_entry SET entry_json = $1, leaf_hash = $2, subject_id = $3, kind = 'prediction-lock' WHERE trial_id = $4 AND leaf_index = $5`,
              [row.entry_json, row.leaf_hash, subjectId, trialId, index],
            );
          // subject_id is unique per trial: park one row while the other moves.
          const exchange = async (
            atFirst: Row,
            firstSubject: string,
            atSecond: Row,
            secondSubject: string,
          ) => {
            await asRogueSuperuser(
              'UPDATE ledger_entry SET subject_id = NULL, kind = $1 WHERE trial_id = $2 AND leaf_index = $3',
              ['key-rotation', trialId, first.leaf_index],
            );
            await put(second.leaf_index, atSecond, secondSubject);
            await put(first.leaf_index, atFirst, firstSubject);
          };
          return {
            tamper: () => exchange(second, subject(1), first, subject(0)),
            restore: () => exchange(first, subject(0), second, subject(1)),
          };
        },
      ],
      [
        'an inserted entry',
        async () => {
          const row = await entryOf(subject(0));
          const [max] = await testApp.dataSource.query(
            'SELECT max(leaf_index) + 1 AS next FROM ledger_entry WHERE trial_id = $1',
            [trialId],
          );
          const json = editJson(row.entry_json, (entry) => (entry['subjectId'] = `${TRIAL}-HD01-9999`));
          return {
            tamper: () =>
              asRogueSuperuser(
                `INSERT INTO ledger_entry (trial_id, leaf_index, kind, entry_json, leaf_hash, subject_id, entry_time) VALUES ($1, $2, 'prediction-lock', $3, $4, $5, now())`,
                [
                  trialId,
                  max.next,
                  json,
                  toHex(leafHash(new TextEncoder().encode(json))),
                  `${TRIAL}-HD01-9999`,
                ],
              ),
            restore: () =>
              asRogueSuperuser('DELETE FROM ledger_entry WHERE trial_id = $1 AND leaf_index = $2', [
                trialId,
                max.next,
              ]),
          };
        },
      ],
      [
        'a stored prediction changed after the lock',
        async () => {
          const [prediction] = await testApp.dataSource.query(
            'SELECT p.id, p.probability FROM prediction p JOIN prediction_lock l ON l.prediction_id = p.id JOIN enrollment e ON e.id = l.enrollment_id WHERE e.subject_id = $1',
            [subject(0)],
          );
          const changed = prediction.probability > 0.5 ? 0.01 : 0.99;
          return {
            tamper: () =>
              asRogueSuperuser('UPDATE prediction SET probability = $1 WHERE id = $2', [
                changed,
                prediction.id,
              ]),
            restore: () =>
              asRogueSuperuser('UPDATE prediction SET probability = $1 WHERE id = $2', [
                prediction.probability,
                prediction.id,
              ]),
          };
        },
      ],
      [
        'an opening whose probability differs from its commitment',
        async () => {
          const [opening] = await testApp.dataSource.query(
            'SELECT o.lock_id, o.opening_json FROM prediction_opening o JOIN prediction_lock l ON l.id = o.lock_id JOIN enrollment e ON e.id = l.enrollment_id WHERE e.subject_id = $1',
            [subject(0)],
          );
          const edited = editJson(opening.opening_json, (value) => (value['probability'] = 0.123));
          return {
            tamper: () =>
              asRogueSuperuser('UPDATE prediction_opening SET opening_json = $1 WHERE lock_id = $2', [
                edited,
                opening.lock_id,
              ]),
            restore: () =>
              asRogueSuperuser('UPDATE prediction_opening SET opening_json = $1 WHERE lock_id = $2', [
                opening.opening_json,
                opening.lock_id,
              ]),
          };
        },
      ],
      [
        'a replaced public key',
        async () => {
          const [key] = await testApp.dataSource.query(
            'SELECT key_id, public_key FROM ledger_key WHERE trial_id = $1 AND leaf_index = 0',
            [trialId],
          );
          const other = generateTrialKeyPair().publicKey;
          return {
            tamper: () =>
              asRogueSuperuser('UPDATE ledger_key SET public_key = $1 WHERE key_id = $2', [
                other,
                key.key_id,
              ]),
            restore: () =>
              asRogueSuperuser('UPDATE ledger_key SET public_key = $1 WHERE key_id = $2', [
                key.public_key,
                key.key_id,
              ]),
          };
        },
      ],
    ])('%s', async (_label, prepare) => {
      expect(await verifyReport()).toMatchObject({ ok: true, failures: [] });
      const { tamper, restore } = await prepare();
      await tamper();
      try {
        const report = await verifyReport();
        expect(report.ok).toBe(false);
        expect(report.failures.length).toBeGreaterThan(0);
        for (const failure of report.failures) expect(failure.message.length).toBeGreaterThan(10);
      } finally {
        await restore();
      }
      expect(await verifyReport()).toMatchObject({ ok: true, failures: [] });
    });
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle, ResearchSubject } from '@medplum/fhirtypes';
import { EXAMPLE_TRIALS } from '@prospect/domain';
import { FhirConnection } from '@prospect/enrollment';
import { FhirGateway } from '@prospect/fhir-server';
import { generateCohort, NO_MESS, withStableIds, type Cohort } from '@prospect/synth';
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

describe('enrollment from FHIR (sandbox FHIR server in process)', () => {
  let testApp: TestApp;
  let coordinator: string;
  let monitor: string;
  let cohort: Cohort;
  const patients: Record<string, string> = {};

  beforeAll(async () => {
    testApp = await startTestApp();
    const admin = await adminToken(testApp);
    await request(testApp.http).post('/api/v1/trials').set(bearer(admin)).send(trialDefinition()).expect(201);
    coordinator = (await userWithRoles(testApp, 'coord.enroll', 'MM-RAD-01', ['coordinator'])).token;
    monitor = (await userWithRoles(testApp, 'monitor.enroll', 'MM-RAD-01', ['monitor'])).token;

    // Patients with known situations, from the synthetic generator.
    const sandbox = testApp.app.get(FhirConnection).sandboxServer;
    if (!sandbox) throw new Error('the test app should run the FHIR sandbox');
    cohort = generateCohort({
      definition: EXAMPLE_TRIALS.myeloma,
      patients: 6,
      seed: 'enrollment-spec',
      mess: NO_MESS,
    });
    const situations = ['clean', 'second', 'late-treatment', 'outside-window', 'missing-covariate', 'child'];
    const tweak = (bundle: Bundle, situation: string): Bundle => {
      let entries = bundle.entry ?? [];
      if (situation === 'late-treatment')
        entries = entries.filter((entry) => entry.resource?.resourceType !== 'MedicationAdministration');
      if (situation === 'missing-covariate') {
        entries = entries.filter(
          (entry) =>
            !(
              entry.resource?.resourceType === 'Observation' &&
              JSON.stringify(entry.resource).includes('"iss-stage"')
            ),
        );
      }
      if (situation === 'outside-window') {
        entries = entries.map((entry) =>
          entry.resource?.resourceType === 'ImagingStudy'
            ? { ...entry, resource: { ...entry.resource, started: '2025-06-01T08:00:00Z' } }
            : entry,
        );
      }
      if (situation === 'child') {
        entries = entries.map((entry) =>
          entry.resource?.resourceType === 'Patient'
            ? { ...entry, resource: { ...entry.resource, birthDate: '2015-05-05' } }
            : entry,
        );
      }
      return withStableIds({ ...bundle, entry: entries });
    };
    for (const [index, situation] of situations.entries()) {
      const bundle = tweak(cohort.baselineBundles[index] as Bundle, situation);
      await sandbox.load(bundle);
      patients[situation] = `Patient/${patientOf(bundle).id ?? ''}`;
    }
  }, 90_000);

  afterAll(() => testApp?.close());

  const enroll = (body: object) =>
    request(testApp.http).post('/api/v1/trials/MM-RAD-01/enrollments').set(bearer(coordinator)).send(body);

  it('refuses to enroll before the protocol is approved', async () => {
    const response = await enroll({ patientReference: patients['clean'], siteCode: 'HD01' }).expect(409);
    expect(response.body.code).toBe('PROTOCOL_NOT_APPROVED');
    const admin = await adminToken(testApp);
    await request(testApp.http)
      .post('/api/v1/trials/MM-RAD-01/protocol-versions/1/approve')
      .set(bearer(admin))
      .send({ password: USER_PASSWORD })
      .expect(201);
  });

  it('finds candidates by identifier, name and condition code, marking those already enrolled', async () => {
    const mrn = cohort.truth[0]?.mrn as string;
    const byIdentifier = await request(testApp.http)
      .get(
        `/api/v1/trials/MM-RAD-01/candidates?identifier=${encodeURIComponent(`urn:prospect:synthetic:mrn|${mrn}`)}`,
      )
      .set(bearer(coordinator))
      .expect(200);
    expect(byIdentifier.body).toHaveLength(1);
    expect(byIdentifier.body[0]).toMatchObject({
      reference: patients['clean'],
      enrolledAs: null,
      identifiers: [{ system: 'urn:prospect:synthetic:mrn', value: mrn }],
    });
    const byCondition = await request(testApp.http)
      .get(
        `/api/v1/trials/MM-RAD-01/candidates?conditionCode=${encodeURIComponent('http://snomed.info/sct|109989006')}`,
      )
      .set(bearer(coordinator))
      .expect(200);
    expect(byCondition.body).toHaveLength(6);
    const family = (byIdentifier.body[0].name as string).split(' ').at(-1) as string;
    const byName = await request(testApp.http)
      .get(`/api/v1/trials/MM-RAD-01/candidates?name=${encodeURIComponent(family)}`)
      .set(bearer(coordinator))
      .expect(200);
    expect(byName.body.map((candidate: { reference: string }) => candidate.reference)).toContain(
      patients['clean'],
    );
    await request(testApp.http)
      .get('/api/v1/trials/MM-RAD-01/candidates')
      .set(bearer(coordinator))
      .expect(400);
    await request(testApp.http)
      .get('/api/v1/trials/MM-RAD-01/candidates?name=x')
      .set(bearer(monitor))
      .expect(403);
  });

  it('enrolls an eligible patient: subject id, baseline link, audit, and ResearchStudy/ResearchSubject written back', async () => {
    const response = await enroll({ patientReference: patients['clean'], siteCode: 'HD01' }).expect(201);
    expect(response.body).toMatchObject({
      subjectId: 'MM-RAD-01-HD01-0001',
      siteCode: 'HD01',
      protocolVersion: 1,
      fhirPatientReference: patients['clean'],
    });
    const baseline = response.body.baseline;
    expect(baseline).toMatchObject({
      version: 1,
      eligibility: 'needs-review',
      treatmentStart: { status: 'actual', at: cohort.truth[0]?.treatmentStart },
    });
    // The manual MRI-contraindication rule always needs a person's review.
    expect(baseline.issues.map((issue: { code: string }) => issue.code)).toContain(
      'eligibility-needs-review',
    );
    expect(baseline.link.imaging.selected.studyInstanceUid).toBe(cohort.truth[0]?.baselineStudyInstanceUid);
    expect(Object.keys(baseline.link.covariates.values).sort()).toEqual([
      'age',
      'cytogenetic_risk',
      'iss_stage',
      'ldh',
      'sex',
    ]);

    const detail = await until(
      async () =>
        (
          await request(testApp.http)
            .get('/api/v1/trials/MM-RAD-01/enrollments/MM-RAD-01-HD01-0001')
            .set(bearer(monitor))
            .expect(200)
        ).body,
      (body: { writeBack: { status: string; reference: string } }) => body.writeBack.status === 'done',
    );
    expect(detail.writeBack.reference).toMatch(/^ResearchSubject\//);
    const gateway = new FhirGateway({ baseUrl: testApp.app.get(FhirConnection).baseUrl() as string });
    const subjects = await gateway.searchResources('ResearchSubject', {
      identifier: 'urn:prospect:subject-id|MM-RAD-01-HD01-0001',
    });
    expect(subjects).toHaveLength(1);
    const subject = subjects[0] as ResearchSubject;
    expect(subject).toMatchObject({ status: 'on-study', individual: { reference: patients['clean'] } });
    const studies = await gateway.searchResources('ResearchStudy', {
      identifier: 'urn:prospect:trial-code|MM-RAD-01',
    });
    expect(studies).toHaveLength(1);
    expect(subject.study.reference).toBe(`ResearchStudy/${studies[0]?.id}`);

    const [event] = (await testApp.dataSource.query(
      `SELECT after_value FROM audit_event WHERE action = 'enrollment.created'`,
    )) as [{ after_value: Record<string, unknown> }];
    expect(event.after_value).toMatchObject({
      subjectId: 'MM-RAD-01-HD01-0001',
      siteCode: 'HD01',
      eligibility: 'needs-review',
    });
    expect(JSON.stringify(event.after_value)).not.toContain(patients['clean'] as string);
  });

  it('numbers subjects per site and refuses a second enrollment of the same patient', async () => {
    const again = await enroll({ patientReference: patients['clean'], siteCode: 'TU02' }).expect(409);
    expect(again.body.code).toBe('ALREADY_ENROLLED');
    const second = await enroll({ patientReference: patients['second'], siteCode: 'TU02' }).expect(201);
    expect(second.body.subjectId).toBe('MM-RAD-01-TU02-0001');
    await enroll({
      patientReference: 'Patient/00000000-0000-4000-8000-000000000000',
      siteCode: 'HD01',
    }).expect(404);
    await enroll({ patientReference: 'Observation/1', siteCode: 'HD01' }).expect(400);
    await enroll({ patientReference: patients['outside-window'], siteCode: 'XX99' }).expect(404);
  });

  it('refuses an ineligible patient with the failed rules named', async () => {
    const response = await enroll({ patientReference: patients['child'], siteCode: 'HD01' }).expect(422);
    expect(response.body.code).toBe('NOT_ELIGIBLE');
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'eligibility.adult' })]);
  });

  it('lists imaging outside the window and a missing required covariate as open issues', async () => {
    const outside = await enroll({ patientReference: patients['outside-window'], siteCode: 'HD01' }).expect(
      201,
    );
    expect(outside.body.baseline.link.imaging.selected).toBeNull();
    expect(outside.body.baseline.issues.map((issue: { code: string }) => issue.code)).toContain(
      'imaging-outside-window',
    );
    const missing = await enroll({
      patientReference: patients['missing-covariate'],
      siteCode: 'HD01',
    }).expect(201);
    expect(missing.body.baseline.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'covariate-missing', severity: 'blocking' })]),
    );
    expect(missing.body.baseline.link.covariates.values.iss_stage).toBeNull();
  });

  it('uses a planned treatment start until the real one appears, then a re-sync records the change once', async () => {
    const planned = await enroll({
      patientReference: patients['late-treatment'],
      siteCode: 'HD01',
      plannedTreatmentStart: { at: '2026-03-01', reason: 'First infusion booked' },
    }).expect(201);
    const subjectId = planned.body.subjectId as string;
    expect(planned.body.baseline.treatmentStart).toEqual({
      status: 'planned',
      at: '2026-03-01T00:00:00.000Z',
    });
    expect(planned.body.baseline.issues.map((issue: { code: string }) => issue.code)).toContain(
      'treatment-start-planned',
    );

    // The treatment record reaches the FHIR server later.
    const late = cohort.baselineBundles[2] as Bundle;
    const treatment = withStableIds(late).entry?.filter((entry) =>
      ['Patient', 'MedicationAdministration'].includes(entry.resource?.resourceType ?? ''),
    );
    await testApp.app
      .get(FhirConnection)
      .sandboxServer?.load({ resourceType: 'Bundle', type: 'transaction', entry: treatment });

    const job = await request(testApp.http)
      .post('/api/v1/trials/MM-RAD-01/syncs')
      .set(bearer(coordinator))
      .send({ subjectId })
      .expect(202);
    expect(job.body).toMatchObject({ kind: 'baseline-sync', subjectId });
    const finished = await until(
      async () =>
        (
          await request(testApp.http)
            .get(`/api/v1/trials/MM-RAD-01/jobs/${job.body.id}`)
            .set(bearer(monitor))
            .expect(200)
        ).body,
      (body: { status: string }) => body.status === 'succeeded' || body.status === 'failed',
    );
    expect(finished).toMatchObject({
      status: 'succeeded',
      result: { enrollments: 1, changed: 1, unchanged: 0, missing: 0 },
    });
    const detail = await request(testApp.http)
      .get(`/api/v1/trials/MM-RAD-01/enrollments/${subjectId}`)
      .set(bearer(coordinator))
      .expect(200);
    expect(detail.body.baseline).toMatchObject({
      version: 2,
      treatmentStart: { status: 'actual', at: cohort.truth[2]?.treatmentStart },
    });
    expect(detail.body.baseline.changes.map((change: { path: string }) => change.path).join(' ')).toContain(
      'treatmentStart',
    );
    const [changed] = (await testApp.dataSource.query(
      `SELECT before_value, after_value FROM audit_event WHERE action = 'enrollment.baseline-changed'`,
    )) as [{ before_value: { version: number }; after_value: { version: number } }];
    expect(changed).toMatchObject({ before_value: { version: 1 }, after_value: { version: 2 } });

    // Idempotent: syncing the whole trial again changes nothing.
    const all = await request(testApp.http)
      .post('/api/v1/trials/MM-RAD-01/syncs')
      .set(bearer(coordinator))
      .send({})
      .expect(202);
    const again = await until(
      async () =>
        (
          await request(testApp.http)
            .get(`/api/v1/trials/MM-RAD-01/jobs/${all.body.id}`)
            .set(bearer(monitor))
            .expect(200)
        ).body,
      (body: { status: string }) => body.status === 'succeeded' || body.status === 'failed',
    );
    expect(again).toMatchObject({
      status: 'succeeded',
      result: { enrollments: 5, changed: 0, unchanged: 5 },
    });
    const history = await request(testApp.http)
      .get(`/api/v1/trials/MM-RAD-01/enrollments/${subjectId}/baseline-history`)
      .set(bearer(monitor))
      .expect(200);
    expect(history.body.map((version: { version: number }) => version.version)).toEqual([1, 2]);
  });

  it('lists enrollments with their status for coordinators and monitors', async () => {
    const list = await request(testApp.http)
      .get('/api/v1/trials/MM-RAD-01/enrollments')
      .set(bearer(monitor))
      .expect(200);
    expect(list.body.map((row: { subjectId: string }) => row.subjectId)).toEqual([
      'MM-RAD-01-HD01-0001',
      'MM-RAD-01-HD01-0002',
      'MM-RAD-01-HD01-0003',
      'MM-RAD-01-HD01-0004',
      'MM-RAD-01-TU02-0001',
    ]);
  });
});

describe('enrollment when the FHIR server fails', () => {
  let testApp: TestApp;
  let server: Server;
  let coordinator: string;
  let unavailableHits = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith('/fhir/metadata')) {
        res
          .writeHead(200, { 'content-type': 'application/fhir+json' })
          .end(JSON.stringify({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' }));
        return;
      }
      if (req.url?.includes('name=unavailable')) {
        unavailableHits++;
        res.writeHead(503, { 'content-type': 'application/fhir+json' }).end(
          JSON.stringify({
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'error', code: 'transient', diagnostics: 'Server is in maintenance' }],
          }),
        );
        return;
      }
      res.writeHead(400, { 'content-type': 'application/fhir+json' }).end(
        JSON.stringify({
          resourceType: 'OperationOutcome',
          issue: [
            {
              severity: 'error',
              code: 'invalid',
              diagnostics: 'Search parameter name is not supported here',
            },
          ],
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    testApp = await startTestApp({
      FHIR_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`,
    });
    const admin = await adminToken(testApp);
    await request(testApp.http).post('/api/v1/trials').set(bearer(admin)).send(trialDefinition()).expect(201);
    coordinator = (await userWithRoles(testApp, 'coord.fail', 'MM-RAD-01', ['coordinator'])).token;
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
    server?.close();
  });

  it('retries a FHIR server that keeps answering 503, then reports it as a 502 with its message', async () => {
    const response = await request(testApp.http)
      .get('/api/v1/trials/MM-RAD-01/candidates?name=unavailable')
      .set(bearer(coordinator))
      .expect(502);
    expect(response.body.detail).toContain('503');
    expect(response.body.errors).toEqual([
      { field: 'fhir', reason: expect.stringContaining('Server is in maintenance') },
    ]);
    // The first request and four retries (exponential backoff from 250 ms) before giving up.
    expect(unavailableHits).toBe(5);
  }, 30_000);

  it('surfaces the FHIR server’s OperationOutcome as a 502 problem, not a 500', async () => {
    const response = await request(testApp.http)
      .get('/api/v1/trials/MM-RAD-01/candidates?name=x')
      .set(bearer(coordinator))
      .expect(502);
    expect(response.body).toMatchObject({
      code: 'FHIR_SERVER_ERROR',
      errors: [
        { field: 'fhir', reason: expect.stringContaining('Search parameter name is not supported here') },
      ],
    });
  });
});

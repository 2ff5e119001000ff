import request from 'supertest';
import {
  adminToken,
  bearer,
  startTestApp,
  trialDefinition,
  USER_PASSWORD,
  userWithRoles,
  type TestApp,
} from '@prospect/api-testing';

interface AuditRow {
  action: string;
  entity_type: string;
  actor_username: string | null;
  reason: string | null;
  trial_id: string | null;
}

describe('trials, protocols, signatures and the audit trail', () => {
  let testApp: TestApp;
  let admin: string;
  let statistician: string;
  let monitor: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await adminToken(testApp);
    await request(testApp.http)
      .post('/api/v1/trials')
      .set(bearer(admin))
      .send(trialDefinition('myeloma-mrd'))
      .expect(201);
    statistician = (await userWithRoles(testApp, 'stat1', 'MM-RAD-01', ['statistician'])).token;
    monitor = (await userWithRoles(testApp, 'monitor1', 'MM-RAD-01', ['monitor'])).token;
  }, 60_000);

  afterAll(() => testApp?.close());

  const auditFor = (trialCode: string): Promise<AuditRow[]> =>
    testApp.dataSource.query(
      `SELECT a.action, a.entity_type, a.actor_username, a.reason, a.trial_id FROM audit_event a
       JOIN trial t ON t.id = a.trial_id WHERE t.code = $1 ORDER BY a.sequence`,
      [trialCode],
    );

  it('registers a trial with its sites and a draft protocol version 1, audited in the same transaction', async () => {
    const trial = await request(testApp.http).get('/api/v1/trials/MM-RAD-01').set(bearer(admin)).expect(200);
    expect(trial.body).toMatchObject({
      code: 'MM-RAD-01',
      indication: 'multiple-myeloma',
      protocolInForce: null,
      latestProtocolVersion: 1,
      sites: [
        { code: 'HD01', name: 'Heidelberg University Hospital' },
        { code: 'TU02', name: 'Tübingen University Hospital' },
      ],
    });
    const versions = await request(testApp.http)
      .get('/api/v1/trials/MM-RAD-01/protocol-versions')
      .set(bearer(statistician))
      .expect(200);
    expect(versions.body).toHaveLength(1);
    expect(versions.body[0]).toMatchObject({
      version: 1,
      status: 'draft',
      endpointType: 'mrd',
      decisionThreshold: 0.5,
      approval: null,
    });
    expect(versions.body[0].contentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(versions.body[0].content).toEqual(trialDefinition('myeloma-mrd')['protocol']);

    const actions = (await auditFor('MM-RAD-01')).map((row) => row.action);
    expect(actions.slice(0, 4)).toEqual([
      'trial.created',
      'trial.site-added',
      'trial.site-added',
      'protocol.version-created',
    ]);
  });

  it('refuses a duplicate trial code with 409 and an invalid definition with 422 naming each field', async () => {
    const duplicate = await request(testApp.http)
      .post('/api/v1/trials')
      .set(bearer(admin))
      .send(trialDefinition('myeloma-mrd'))
      .expect(409);
    expect(duplicate.body.code).toBe('TRIAL_CODE_TAKEN');

    const broken = trialDefinition('breast-pcr') as {
      protocol: { decisionThreshold: number; interimPlan: { looks: unknown[] } };
      sites: unknown[];
    };
    broken.protocol.decisionThreshold = 1.5;
    broken.protocol.interimPlan.looks = [{ informationFraction: 0.7 }, { informationFraction: 0.4 }];
    const invalid = await request(testApp.http)
      .post('/api/v1/trials')
      .set(bearer(admin))
      .send(broken)
      .expect(422);
    expect(invalid.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(invalid.body.code).toBe('INVALID_TRIAL_DEFINITION');
    const fields = (invalid.body.errors as { field: string }[]).map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['protocol.decisionThreshold']));
    expect(fields.some((field) => field.startsWith('protocol.interimPlan.looks'))).toBe(true);
    const trials = await request(testApp.http).get('/api/v1/trials').set(bearer(admin)).expect(200);
    expect(trials.body.map((trial: { code: string }) => trial.code)).toEqual(['MM-RAD-01']);
  });

  it('amends the protocol as a new version with a reason; approval needs the password and signs the version', async () => {
    const content = trialDefinition('myeloma-mrd')['protocol'] as { plannedSampleSize: number };
    const noReason = await request(testApp.http)
      .post('/api/v1/trials/MM-RAD-01/protocol-versions')
      .set(bearer(statistician))
      .send({ content: { ...content, plannedSampleSize: 240 } })
      .expect(400);
    expect(noReason.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'reason' })]),
    );

    const invalidContent = await request(testApp.http)
      .post('/api/v1/trials/MM-RAD-01/protocol-versions')
      .set(bearer(statistician))
      .send({ content: { ...content, plannedSampleSize: 0 }, reason: 'Testing' })
      .expect(422);
    expect(invalidContent.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'content.plannedSampleSize' })]),
    );

    const amended = await request(testApp.http)
      .post('/api/v1/trials/MM-RAD-01/protocol-versions')
      .set(bearer(statistician))
      .send({
        content: { ...content, plannedSampleSize: 240 },
        reason: 'Sample size re-estimated for 10% dropout',
      })
      .expect(201);
    expect(amended.body).toMatchObject({
      version: 2,
      status: 'draft',
      plannedSampleSize: 240,
      amendmentReason: 'Sample size re-estimated for 10% dropout',
    });

    const superseded = await request(testApp.http)
      .post('/api/v1/trials/MM-RAD-01/protocol-versions/1/approve')
      .set(bearer(admin))
      .send({ password: USER_PASSWORD })
      .expect(409);
    expect(superseded.body.code).toBe('PROTOCOL_VERSION_SUPERSEDED');

    const wrongPassword = await request(testApp.http)
      .post('/api/v1/trials/MM-RAD-01/protocol-versions/2/approve')
      .set(bearer(admin))
      .send({ password: 'not-my-password' })
      .expect(401);
    expect(wrongPassword.body.code).toBe('INVALID_CREDENTIALS');
    const [failedSignature] = (await testApp.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_event WHERE action = 'auth.signature.failed'`,
    )) as [{ count: number }];
    expect(failedSignature.count).toBe(1);

    const approved = await request(testApp.http)
      .post('/api/v1/trials/MM-RAD-01/protocol-versions/2/approve')
      .set(bearer(admin))
      .send({ password: USER_PASSWORD })
      .expect(201);
    expect(approved.body.status).toBe('approved');
    expect(approved.body.approval.signatureId).toMatch(/^[0-9a-f-]{36}$/);

    await request(testApp.http)
      .post('/api/v1/trials/MM-RAD-01/protocol-versions/2/approve')
      .set(bearer(admin))
      .send({ password: USER_PASSWORD })
      .expect(409);

    const trial = await request(testApp.http)
      .get('/api/v1/trials/MM-RAD-01')
      .set(bearer(monitor))
      .expect(200);
    expect(trial.body).toMatchObject({ protocolInForce: 2, latestProtocolVersion: 2 });
    const versions = await request(testApp.http)
      .get('/api/v1/trials/MM-RAD-01/protocol-versions')
      .set(bearer(monitor))
      .expect(200);
    expect(versions.body.map((version: { status: string }) => version.status)).toEqual([
      'superseded',
      'approved',
    ]);

    const signatures = await request(testApp.http)
      .get('/api/v1/trials/MM-RAD-01/signatures')
      .set(bearer(monitor))
      .expect(200);
    expect(signatures.body).toHaveLength(1);
    expect(signatures.body[0]).toMatchObject({
      printedName: 'Administrator',
      signerUsername: 'admin',
      meaning: 'approval',
      statement: 'Approve protocol MM-RAD-01 version 2',
      recordType: 'protocol-version',
      recordId: amended.body.id,
    });
    expect(Date.parse(signatures.body[0].signedAt)).not.toBeNaN();
    expect(signatures.body[0].signedAt).toMatch(/Z$/);

    const actions = (await auditFor('MM-RAD-01')).map((row) => row.action);
    expect(actions).toEqual(
      expect.arrayContaining(['protocol.version-created', 'signature.signed', 'protocol.approved']),
    );
    const amendmentEvent = (await auditFor('MM-RAD-01')).find(
      (row) => row.action === 'protocol.version-created' && row.reason,
    );
    expect(amendmentEvent).toMatchObject({
      actor_username: 'stat1',
      reason: 'Sample size re-estimated for 10% dropout',
    });
  });

  it('verifies a signature by re-hashing the record, and reports it broken once the record is altered', async () => {
    const [signature] = (
      await request(testApp.http).get('/api/v1/trials/MM-RAD-01/signatures').set(bearer(monitor)).expect(200)
    ).body as { id: string }[];
    const verification = await request(testApp.http)
      .get(`/api/v1/trials/MM-RAD-01/signatures/${signature?.id}/verification`)
      .set(bearer(monitor))
      .expect(200);
    expect(verification.body).toMatchObject({
      valid: true,
      reason: 'The record is unchanged since it was signed.',
    });
    expect(verification.body.currentSha256).toBe(verification.body.signedSha256);

    // Only someone with the database owner's rights can do this: disable the append-only trigger and edit the approved protocol.
    await testApp.dataSource.transaction(async (manager) => {
      await manager.query('ALTER TABLE protocol_version DISABLE TRIGGER "TRG_protocol_version_append_only"');
      await manager.query(
        `UPDATE protocol_version SET content = jsonb_set(content, '{decisionThreshold}', '0.4') WHERE version = 2`,
      );
      await manager.query('ALTER TABLE protocol_version ENABLE TRIGGER "TRG_protocol_version_append_only"');
    });
    const broken = await request(testApp.http)
      .get(`/api/v1/trials/MM-RAD-01/signatures/${signature?.id}/verification`)
      .set(bearer(monitor))
      .expect(200);
    expect(broken.body).toMatchObject({
      valid: false,
      reason: 'The record has changed since it was signed.',
    });
    expect(broken.body.currentSha256).not.toBe(broken.body.signedSha256);
  });

  it('adds sites (admin only) and refuses duplicates', async () => {
    const site = await request(testApp.http)
      .post('/api/v1/trials/MM-RAD-01/sites')
      .set(bearer(admin))
      .send({ code: 'MZ03', name: 'Mainz' })
      .expect(201);
    expect(site.body).toMatchObject({ code: 'MZ03', name: 'Mainz' });
    await request(testApp.http)
      .post('/api/v1/trials/MM-RAD-01/sites')
      .set(bearer(admin))
      .send({ code: 'MZ03', name: 'Again' })
      .expect(409);
    const invalid = await request(testApp.http)
      .post('/api/v1/trials/MM-RAD-01/sites')
      .set(bearer(admin))
      .send({ code: 'mz-3', name: '' })
      .expect(400);
    expect(invalid.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'code',
      'name',
    ]);
  });

  it('lists only the trials a user has a role in', async () => {
    await request(testApp.http)
      .post('/api/v1/trials')
      .set(bearer(admin))
      .send(trialDefinition('breast-pcr'))
      .expect(201);
    const asAdmin = await request(testApp.http).get('/api/v1/trials').set(bearer(admin)).expect(200);
    expect(asAdmin.body.map((trial: { code: string }) => trial.code)).toEqual(['BC-PCR-02', 'MM-RAD-01']);
    const asMonitor = await request(testApp.http).get('/api/v1/trials').set(bearer(monitor)).expect(200);
    expect(asMonitor.body.map((trial: { code: string }) => trial.code)).toEqual(['MM-RAD-01']);
    await request(testApp.http).get('/api/v1/trials/BC-PCR-02').set(bearer(monitor)).expect(403);
    await request(testApp.http).get('/api/v1/trials/NO-SUCH').set(bearer(monitor)).expect(404);
  });

  it('grants and revokes roles with a reason, effective at once, audited with before and after', async () => {
    const { userId, token } = await userWithRoles(testApp, 'coord1', 'MM-RAD-01', ['coordinator']);
    await request(testApp.http).get('/api/v1/trials/MM-RAD-01').set(bearer(token)).expect(200);
    const roles = await request(testApp.http)
      .get(`/api/v1/users/${userId}/roles`)
      .set(bearer(admin))
      .expect(200);
    expect(roles.body).toHaveLength(1);
    await request(testApp.http)
      .post(`/api/v1/users/${userId}/roles`)
      .set(bearer(admin))
      .send({ trialCode: 'MM-RAD-01', role: 'coordinator' })
      .expect(409);
    await request(testApp.http)
      .post(`/api/v1/users/${userId}/roles`)
      .set(bearer(admin))
      .send({ trialCode: 'MM-RAD-01', role: 'pilot' })
      .expect(400);
    await request(testApp.http)
      .post(`/api/v1/users/${userId}/roles`)
      .set(bearer(admin))
      .send({ trialCode: 'NOPE-1', role: 'monitor' })
      .expect(404);
    const revoked = await request(testApp.http)
      .post(`/api/v1/users/${userId}/roles/${roles.body[0].id}/revoke`)
      .set(bearer(admin))
      .send({ reason: 'Moved to another study' })
      .expect(201);
    expect(revoked.body).toMatchObject({ revokeReason: 'Moved to another study' });
    await request(testApp.http).get('/api/v1/trials/MM-RAD-01').set(bearer(token)).expect(403);
    const history = await request(testApp.http)
      .get(`/api/v1/users/${userId}/roles?includeRevoked=true`)
      .set(bearer(admin))
      .expect(200);
    expect(history.body).toHaveLength(1);
    const [event] = (await testApp.dataSource.query(
      `SELECT before_value, after_value, reason FROM audit_event WHERE action = 'role.revoked' AND entity_id = $1`,
      [roles.body[0].id],
    )) as [{ before_value: { revokedAt: null }; after_value: { revokedAt: string }; reason: string }];
    expect(event.before_value.revokedAt).toBeNull();
    expect(event.after_value.revokedAt).toEqual(expect.any(String));
    expect(event.reason).toBe('Moved to another study');
  });

  it('exports the trial audit trail as CSV and JSON for monitors', async () => {
    const json = await request(testApp.http)
      .get('/api/v1/trials/MM-RAD-01/audit-events/export?format=json')
      .set(bearer(monitor))
      .expect(200);
    expect(json.headers['content-disposition']).toMatch(/attachment; filename="MM-RAD-01-audit-.*\.json"/);
    const events = JSON.parse(json.text) as { sequence: string; action: string; occurredAt: string }[];
    expect(events.length).toBeGreaterThan(5);
    expect(events.map((event) => Number(event.sequence))).toEqual(
      [...events.map((event) => Number(event.sequence))].sort((a, b) => a - b),
    );
    expect(events.every((event) => event.occurredAt.endsWith('Z'))).toBe(true);

    const csv = await request(testApp.http)
      .get('/api/v1/trials/MM-RAD-01/audit-events/export?format=csv')
      .set(bearer(monitor))
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'sequence,occurred_at,actor_id,actor_username,action,entity_type,entity_id,trial_id,before,after,reason,request_id',
    );
    expect(lines).toHaveLength(events.length + 1);

    const page = await request(testApp.http)
      .get('/api/v1/trials/MM-RAD-01/audit-events?limit=2')
      .set(bearer(monitor))
      .expect(200);
    expect(page.body).toHaveLength(2);
    const next = await request(testApp.http)
      .get(`/api/v1/trials/MM-RAD-01/audit-events?limit=2&afterSequence=${page.body[1].sequence}`)
      .set(bearer(monitor))
      .expect(200);
    expect(Number(next.body[0].sequence)).toBeGreaterThan(Number(page.body[1].sequence));
    const filtered = await request(testApp.http)
      .get('/api/v1/trials/MM-RAD-01/audit-events?action=protocol.approved')
      .set(bearer(monitor))
      .expect(200);
    expect(filtered.body).toHaveLength(1);
    await request(testApp.http)
      .get('/api/v1/trials/MM-RAD-01/audit-events/export?format=xml')
      .set(bearer(monitor))
      .expect(400);
  });
});

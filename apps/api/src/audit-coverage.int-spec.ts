import request from 'supertest';
import {
  ADMIN_PASSWORD,
  bearer,
  startTestApp,
  trialDefinition,
  USER_PASSWORD,
  type TestApp,
} from '@prospect/api-testing';

interface AuditRow {
  sequence: string;
  action: string;
  actor_username: string | null;
  entity_type: string;
  reason: string | null;
  before_value: unknown;
  after_value: unknown;
  request_id: string | null;
}

/**
 * Every regulated write and workflow action through the API leaves its audit event, attributed to
 * the caller with the request id; a refused write leaves none.
 */
describe('audit trail coverage', () => {
  let testApp: TestApp;
  let lastSequence = '0';

  beforeAll(async () => {
    testApp = await startTestApp();
  }, 60_000);

  afterAll(() => testApp?.close());

  async function newEvents(): Promise<AuditRow[]> {
    const rows: AuditRow[] = await testApp.dataSource.query(
      `SELECT sequence, action, actor_username, entity_type, reason, before_value, after_value, request_id
       FROM audit_event WHERE sequence > $1 ORDER BY sequence`,
      [lastSequence],
    );
    if (rows.length > 0) lastSequence = rows[rows.length - 1]?.sequence ?? lastSequence;
    return rows;
  }

  async function expectAudited(
    call: request.Test,
    expected: { status: number; actions: string[]; actor: string | null; reason?: string },
  ): Promise<request.Response> {
    const response = await call.set('X-Request-Id', `audit-${expected.actions[0] ?? 'none'}`);
    expect({ status: response.status, body: response.body as unknown }).toMatchObject({
      status: expected.status,
    });
    const events = await newEvents();
    expect(events.map((event) => event.action)).toEqual(expected.actions);
    for (const event of events) {
      expect(event.actor_username).toBe(expected.actor);
      expect(event.request_id).toBe(`audit-${expected.actions[0] ?? 'none'}`);
      if (expected.reason) expect(event.reason).toBe(expected.reason);
    }
    return response;
  }

  it('audits logins, password changes, user administration, roles, trials, protocols and signatures', async () => {
    const http = testApp.http;
    await newEvents(); // the bootstrap admin's creation
    const login = await expectAudited(
      request(http).post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }),
      {
        status: 200,
        actions: ['auth.login.succeeded'],
        actor: 'admin',
      },
    );
    const admin = (login.body as { accessToken: string }).accessToken;
    await expectAudited(
      request(http)
        .post('/api/v1/auth/password')
        .set(bearer(admin))
        .send({ currentPassword: ADMIN_PASSWORD, newPassword: USER_PASSWORD }),
      { status: 204, actions: ['user.password.changed'], actor: 'admin' },
    );
    const created = await expectAudited(
      request(http)
        .post('/api/v1/users')
        .set(bearer(admin))
        .send({ username: 'coord.a', displayName: 'Coordinator A' }),
      { status: 201, actions: ['user.created'], actor: 'admin' },
    );
    const userId = (created.body as { user: { id: string } }).user.id;
    const [createdEvent] = (await testApp.dataSource.query(
      `SELECT after_value FROM audit_event WHERE action = 'user.created' AND entity_id = $1`,
      [userId],
    )) as [{ after_value: Record<string, unknown> }];
    expect(JSON.stringify(createdEvent.after_value)).not.toMatch(/passwordHash|password_hash|scrypt\$/);

    await expectAudited(request(http).post('/api/v1/trials').set(bearer(admin)).send(trialDefinition()), {
      status: 201,
      actions: [
        'trial.created',
        'trial.site-added',
        'trial.site-added',
        'protocol.version-created',
        'ledger.key-created',
      ],
      actor: 'admin',
    });
    await expectAudited(
      request(http)
        .post('/api/v1/trials/MM-RAD-01/sites')
        .set(bearer(admin))
        .send({ code: 'B3', name: 'Berlin' }),
      {
        status: 201,
        actions: ['trial.site-added'],
        actor: 'admin',
      },
    );
    const granted = await expectAudited(
      request(http)
        .post(`/api/v1/users/${userId}/roles`)
        .set(bearer(admin))
        .send({ trialCode: 'MM-RAD-01', role: 'statistician', reason: 'Study statistician' }),
      { status: 201, actions: ['role.granted'], actor: 'admin', reason: 'Study statistician' },
    );
    const content = trialDefinition()['protocol'] as Record<string, unknown>;
    await expectAudited(
      request(http)
        .post('/api/v1/trials/MM-RAD-01/protocol-versions')
        .set(bearer(admin))
        .send({ content, reason: 'Clarified windows' }),
      { status: 201, actions: ['protocol.version-created'], actor: 'admin', reason: 'Clarified windows' },
    );
    await expectAudited(
      request(http)
        .post('/api/v1/trials/MM-RAD-01/protocol-versions/2/approve')
        .set(bearer(admin))
        .send({ password: USER_PASSWORD }),
      {
        status: 201,
        actions: ['signature.signed', 'protocol.approved'],
        actor: 'admin',
      },
    );
    await expectAudited(
      request(http)
        .post(`/api/v1/users/${userId}/roles/${(granted.body as { id: string }).id}/revoke`)
        .set(bearer(admin))
        .send({ reason: 'Left the study' }),
      { status: 201, actions: ['role.revoked'], actor: 'admin', reason: 'Left the study' },
    );
    await expectAudited(
      request(http)
        .post(`/api/v1/users/${userId}/password-reset`)
        .set(bearer(admin))
        .send({ reason: 'Forgotten password' }),
      {
        status: 201,
        actions: ['user.password.reset'],
        actor: 'admin',
        reason: 'Forgotten password',
      },
    );
    await expectAudited(
      request(http)
        .post(`/api/v1/users/${userId}/unlock`)
        .set(bearer(admin))
        .send({ reason: 'Checked identity' }),
      {
        status: 201,
        actions: ['user.unlocked'],
        actor: 'admin',
      },
    );
    await expectAudited(
      request(http)
        .post(`/api/v1/users/${userId}/deactivate`)
        .set(bearer(admin))
        .send({ reason: 'Contract ended' }),
      {
        status: 201,
        actions: ['user.deactivated'],
        actor: 'admin',
      },
    );
    const deactivated = (await testApp.dataSource.query(
      `SELECT before_value, after_value FROM audit_event WHERE action = 'user.deactivated'`,
    )) as [{ before_value: { isActive: boolean }; after_value: { isActive: boolean } }];
    expect(deactivated[0]).toMatchObject({
      before_value: { isActive: true },
      after_value: { isActive: false },
    });
    await expectAudited(
      request(http).post(`/api/v1/users/${userId}/reactivate`).set(bearer(admin)).send({ reason: 'Rehired' }),
      {
        status: 201,
        actions: ['user.reactivated'],
        actor: 'admin',
      },
    );
    await expectAudited(request(http).post('/api/v1/auth/logout').set(bearer(admin)), {
      status: 204,
      actions: ['auth.logout'],
      actor: 'admin',
    });
  }, 60_000);

  it('leaves no audit event, and no change, when a write is refused', async () => {
    const admin = (
      (
        await request(testApp.http)
          .post('/api/v1/auth/login')
          .send({ username: 'admin', password: USER_PASSWORD })
      ).body as { accessToken: string }
    ).accessToken;
    await newEvents();
    await expectAudited(
      request(testApp.http).post('/api/v1/trials').set(bearer(admin)).send(trialDefinition()),
      { status: 409, actions: [], actor: null },
    );
    await expectAudited(
      request(testApp.http)
        .post('/api/v1/trials/MM-RAD-01/sites')
        .set(bearer(admin))
        .send({ code: 'HD01', name: 'Again' }),
      {
        status: 409,
        actions: [],
        actor: null,
      },
    );
    await expectAudited(
      request(testApp.http)
        .post('/api/v1/users')
        .set(bearer(admin))
        .send({ username: 'coord.a', displayName: 'Duplicate' }),
      { status: 409, actions: [], actor: null },
    );
  });
});

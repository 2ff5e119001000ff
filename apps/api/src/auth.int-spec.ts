import request from 'supertest';
import {
  ADMIN_PASSWORD,
  adminToken,
  bearer,
  login,
  startTestApp,
  USER_PASSWORD,
  userWithRoles,
  type TestApp,
} from '@prospect/api-testing';

interface AuditRow {
  action: string;
  actor_username: string | null;
  entity_id: string | null;
  after_value: Record<string, unknown> | null;
}

describe('authentication', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ AUTH_MAX_FAILED_LOGINS: '3' });
  }, 60_000);

  afterAll(() => testApp?.close());

  const audit = (action: string): Promise<AuditRow[]> =>
    testApp.dataSource.query(
      'SELECT action, actor_username, entity_id, after_value FROM audit_event WHERE action = $1 ORDER BY sequence',
      [action],
    );

  it('creates the first administrator from BOOTSTRAP_ADMIN_PASSWORD, who must change it before anything else', async () => {
    const token = await login(testApp, 'admin', ADMIN_PASSWORD);
    const me = await request(testApp.http).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    expect(me.body).toMatchObject({ username: 'admin', isAdmin: true, mustChangePassword: true, trials: [] });

    const blocked = await request(testApp.http).get('/api/v1/users').set(bearer(token)).expect(403);
    expect(blocked.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(blocked.body).toMatchObject({ status: 403, code: 'PASSWORD_CHANGE_REQUIRED' });

    const weak = await request(testApp.http)
      .post('/api/v1/auth/password')
      .set(bearer(token))
      .send({ currentPassword: ADMIN_PASSWORD, newPassword: 'admin-short' })
      .expect(422);
    expect(weak.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'newPassword', reason: 'must be at least 12 characters long' },
        { field: 'newPassword', reason: 'must not contain the username' },
      ]),
    );
    await request(testApp.http)
      .post('/api/v1/auth/password')
      .set(bearer(token))
      .send({ currentPassword: 'not-the-password', newPassword: USER_PASSWORD })
      .expect(422);
    await request(testApp.http)
      .post('/api/v1/auth/password')
      .set(bearer(token))
      .send({ currentPassword: ADMIN_PASSWORD, newPassword: USER_PASSWORD })
      .expect(204);
    await request(testApp.http).get('/api/v1/users').set(bearer(token)).expect(200);
    expect((await audit('user.password.changed')).length).toBe(1);
    expect((await audit('user.password.change-failed')).length).toBe(1);
  });

  it('answers wrong credentials with the same 401 whether or not the user exists, and audits both', async () => {
    const unknown = await request(testApp.http)
      .post('/api/v1/auth/login')
      .send({ username: 'nobody', password: 'whatever-it-is' })
      .expect(401);
    const wrong = await request(testApp.http)
      .post('/api/v1/auth/login')
      .send({ username: 'admin', password: 'whatever-it-is' })
      .expect(401);
    expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.detail).toBe(wrong.body.detail);
    const failures = await audit('auth.login.failed');
    expect(failures.map((row) => row.after_value?.['reason'])).toEqual(
      expect.arrayContaining(['unknown-user', 'wrong-password']),
    );
    // Reset the admin's counter for the next tests.
    await login(testApp, 'admin', USER_PASSWORD);
  });

  it('locks an account after repeated failures until an administrator unlocks it', async () => {
    const { userId } = await userWithRoles(testApp, 'locked.user', null, []);
    for (let attempt = 0; attempt < 3; attempt++) {
      await request(testApp.http)
        .post('/api/v1/auth/login')
        .send({ username: 'locked.user', password: 'wrong-password-x' })
        .expect(401);
    }
    const locked = await request(testApp.http)
      .post('/api/v1/auth/login')
      .send({ username: 'locked.user', password: USER_PASSWORD })
      .expect(401);
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
    expect((await audit('user.locked')).map((row) => row.entity_id)).toContain(userId);

    const admin = await login(testApp, 'admin', USER_PASSWORD);
    await request(testApp.http)
      .post(`/api/v1/users/${userId}/unlock`)
      .set(bearer(admin))
      .send({})
      .expect(400);
    const unlocked = await request(testApp.http)
      .post(`/api/v1/users/${userId}/unlock`)
      .set(bearer(admin))
      .send({ reason: 'Verified identity by phone' })
      .expect(201);
    expect(unlocked.body.lockedUntil).toBeNull();
    await login(testApp, 'locked.user', USER_PASSWORD);
  });

  it('rotates refresh tokens and revokes every session when a used one comes back', async () => {
    const first = await request(testApp.http)
      .post('/api/v1/auth/login')
      .send({ username: 'admin', password: USER_PASSWORD })
      .expect(200);
    const second = await request(testApp.http)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: first.body.refreshToken })
      .expect(200);
    await request(testApp.http).get('/api/v1/auth/me').set(bearer(second.body.accessToken)).expect(200);

    const replay = await request(testApp.http)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: first.body.refreshToken })
      .expect(401);
    expect(replay.body.code).toBe('INVALID_REFRESH_TOKEN');
    // The thief's replay ended the legitimate session too.
    const ended = await request(testApp.http)
      .get('/api/v1/auth/me')
      .set(bearer(second.body.accessToken))
      .expect(401);
    expect(ended.body.code).toBe('SESSION_ENDED');
    expect((await audit('auth.sessions.revoked')).at(-1)?.after_value).toEqual({
      reason: 'refresh-token-reuse',
    });
  });

  it('ends the session on logout', async () => {
    const token = await login(testApp, 'admin', USER_PASSWORD);
    await request(testApp.http).post('/api/v1/auth/logout').set(bearer(token)).expect(204);
    await request(testApp.http).get('/api/v1/auth/me').set(bearer(token)).expect(401);
  });

  it('refuses missing, malformed and forged tokens', async () => {
    const missing = await request(testApp.http).get('/api/v1/auth/me').expect(401);
    expect(missing.body.code).toBe('TOKEN_REQUIRED');
    const malformed = await request(testApp.http)
      .get('/api/v1/auth/me')
      .set('Authorization', 'Basic abc')
      .expect(401);
    expect(malformed.body.code).toBe('TOKEN_REQUIRED');
    const token = await login(testApp, 'admin', USER_PASSWORD);
    const [header, payload] = token.split('.');
    const forged = await request(testApp.http)
      .get('/api/v1/auth/me')
      .set(bearer(`${header}.${payload}.AAAA`))
      .expect(401);
    expect(forged.body.code).toBe('INVALID_TOKEN');
  });

  it('deactivation ends sessions and refuses login; an admin cannot deactivate themselves', async () => {
    const { userId, token } = await userWithRoles(testApp, 'leaving.user', null, []);
    const admin = await adminToken(testApp);
    const self = (await request(testApp.http).get('/api/v1/auth/me').set(bearer(admin))).body.id as string;
    await request(testApp.http)
      .post(`/api/v1/users/${self}/deactivate`)
      .set(bearer(admin))
      .send({ reason: 'testing self' })
      .expect(422);
    await request(testApp.http)
      .post(`/api/v1/users/${userId}/deactivate`)
      .set(bearer(admin))
      .send({ reason: 'Left the team' })
      .expect(201);
    await request(testApp.http).get('/api/v1/auth/me').set(bearer(token)).expect(401);
    await request(testApp.http)
      .post('/api/v1/auth/login')
      .send({ username: 'leaving.user', password: USER_PASSWORD })
      .expect(401);
  });
});

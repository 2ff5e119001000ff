import { JwtService } from '@nestjs/jwt';
import { loadConfig } from '@prospect/platform';
import request from 'supertest';
import {
  ADMIN_PASSWORD,
  bearer,
  login,
  startTestApp,
  USER_PASSWORD,
  type TestApp,
} from '@prospect/api-testing';

interface AuditRow {
  action: string;
  actor_username: string | null;
  after_value: Record<string, unknown> | null;
}

const LOGIN = '/api/v1/auth/login';
const REFRESH = '/api/v1/auth/refresh';

function auditOf(testApp: TestApp, action: string): Promise<AuditRow[]> {
  return testApp.dataSource.query(
    'SELECT action, actor_username, after_value FROM audit_event WHERE action = $1 ORDER BY sequence',
    [action],
  );
}

function expectRateLimited(response: request.Response): number {
  expect(response.status).toBe(429);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
  expect(response.body.detail).toMatch(/^Too many login attempts from this address; try again in \d+ s\.$/);
  const retryAfter = Number(response.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  return retryAfter;
}

describe('login rate limits with the shipped defaults', () => {
  let testApp: TestApp;
  const defaults = loadConfig({}).auth.rateLimit;

  beforeAll(async () => {
    // Outside NODE_ENV=test, so the limits are what a deployment gets without settings.
    testApp = await startTestApp({ NODE_ENV: 'development', LOG_LEVEL: 'silent' });
  }, 60_000);

  afterAll(() => testApp?.close());

  it('runs with the defaults a deployment gets', () => {
    expect(testApp.config.auth.rateLimit).toEqual(defaults);
    expect(defaults).toMatchObject({
      windowSeconds: 60,
      loginPerAddressAndUsername: 10,
      loginPerAddress: 30,
    });
    expect(testApp.config.trustProxy).toBe(0);
  });

  it('refuses a username after its limit with 429 and Retry-After, without telling whether the password was right', async () => {
    const guess = { username: 'ghost.user', password: 'guess-number-0001' };
    for (let i = 0; i < defaults.loginPerAddressAndUsername; i++) {
      await request(testApp.http).post(LOGIN).send(guess).expect(401);
    }
    const refused = await request(testApp.http).post(LOGIN).send(guess);
    const retryAfter = expectRateLimited(refused);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(defaults.windowSeconds);
    // Upper case and spaces are the same username; a forged X-Forwarded-For is not believed.
    expectRateLimited(
      await request(testApp.http)
        .post(LOGIN)
        .set('X-Forwarded-For', '203.0.113.7')
        .send({ ...guess, username: '  GHOST.User ' }),
    );
    // Another username from the same address still gets through (the admin's first login).
    await request(testApp.http).post(LOGIN).send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200);

    const audited = await auditOf(testApp, 'auth.login.rate-limited');
    // One event per burst, not one per refused request.
    expect(audited).toHaveLength(1);
    expect(audited[0]?.actor_username).toBe('ghost.user');
    expect(audited[0]?.after_value).toMatchObject({
      username: 'ghost.user',
      windowSeconds: defaults.windowSeconds,
      clientAddress: expect.stringMatching(/127\.0\.0\.1|::1/),
    });
    const everything = JSON.stringify(
      await testApp.dataSource.query(`SELECT * FROM audit_event WHERE action LIKE 'auth.%'`),
    );
    expect(everything).not.toContain(guess.password);
  }, 60_000);

  it('refuses the whole address after its limit across usernames', async () => {
    // So far: 10 ghost.user attempts and the admin's login were counted (refusals are not).
    const used = defaults.loginPerAddressAndUsername + 1;
    for (let i = used; i < defaults.loginPerAddress; i++) {
      await request(testApp.http)
        .post(LOGIN)
        .send({ username: `sprayed.${i}`, password: 'Summer-2026-guess' })
        .expect(401);
    }
    expectRateLimited(
      await request(testApp.http).post(LOGIN).send({ username: 'admin', password: ADMIN_PASSWORD }),
    );
    expect((await auditOf(testApp, 'auth.login.rate-limited')).length).toBe(2);
  }, 60_000);
});

describe('rate limits behind a trusted proxy, and on token refresh', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({
      TRUST_PROXY: '1',
      AUTH_LOGIN_RATE_LIMIT: '2',
      AUTH_REFRESH_RATE_LIMIT: '3',
    });
  }, 60_000);

  afterAll(() => testApp?.close());

  it('counts per forwarded client address when TRUST_PROXY says a proxy is in front', async () => {
    const guess = { username: 'ghost.user', password: 'guess-number-0001' };
    const from = (address: string) => request(testApp.http).post(LOGIN).set('X-Forwarded-For', address);
    await from('198.51.100.1').send(guess).expect(401);
    await from('198.51.100.1').send(guess).expect(401);
    expectRateLimited(await from('198.51.100.1').send(guess));
    await from('198.51.100.2').send(guess).expect(401);
    expect((await auditOf(testApp, 'auth.login.rate-limited'))[0]?.after_value).toMatchObject({
      clientAddress: '198.51.100.1',
    });
  });

  it('limits refresh attempts per address', async () => {
    for (let i = 0; i < 3; i++) {
      const probe = await request(testApp.http)
        .post(REFRESH)
        .set('X-Forwarded-For', '198.51.100.9')
        .send({ refreshToken: `probing-a-token-${i}-xxxxxxxx` });
      expect(probe.status).toBe(401);
    }
    const refused = await request(testApp.http)
      .post(REFRESH)
      .set('X-Forwarded-For', '198.51.100.9')
      .send({ refreshToken: 'probing-a-token-4-xxxxxxxx' });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(refused.body.detail).toMatch(/token refresh attempts/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await auditOf(testApp, 'auth.refresh.rate-limited')).length).toBe(1);
  });

  it('documents the 429 on login and refresh in the OpenAPI document', () => {
    for (const path of [LOGIN, REFRESH]) {
      const operation = testApp.document.paths[path]?.post;
      expect(operation?.responses['429']).toMatchObject({
        content: { 'application/problem+json': expect.anything() },
        headers: { 'Retry-After': expect.anything() },
      });
    }
  });
});

describe('token expiry and default credentials', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  }, 60_000);

  afterAll(() => testApp?.close());

  async function session(): Promise<{ accessToken: string; refreshToken: string; sub: string; sid: string }> {
    const tokens = (
      await request(testApp.http)
        .post(LOGIN)
        .send({ username: 'admin', password: ADMIN_PASSWORD })
        .expect(200)
    ).body as { accessToken: string; refreshToken: string };
    const claims = JSON.parse(
      Buffer.from(tokens.accessToken.split('.')[1] as string, 'base64url').toString('utf8'),
    ) as { sub: string; sid: string; exp: number; iat: number };
    expect(claims.exp - claims.iat).toBe(testApp.config.auth.accessTokenTtlSeconds);
    return { ...tokens, sub: claims.sub, sid: claims.sid };
  }

  it('refuses an access token past its expiry, signed with the real key for a live session', async () => {
    const { accessToken, sub, sid } = await session();
    await request(testApp.http).get('/api/v1/auth/me').set(bearer(accessToken)).expect(200);
    const jwt = testApp.app.get(JwtService);
    const nowSeconds = Math.floor(Date.now() / 1000);
    const expired = await jwt.signAsync(
      { sub, sid, iat: nowSeconds - 2 * testApp.config.auth.accessTokenTtlSeconds, exp: nowSeconds - 5 },
      { algorithm: 'HS256' },
    );
    const refused = await request(testApp.http).get('/api/v1/auth/me').set(bearer(expired)).expect(401);
    expect(refused.body.code).toBe('INVALID_TOKEN');
    // The same claims, still in date, pass: it was the expiry that refused it.
    const fresh = await jwt.signAsync({ sub, sid }, { algorithm: 'HS256', expiresIn: 60 });
    await request(testApp.http).get('/api/v1/auth/me').set(bearer(fresh)).expect(200);
  });

  it('refuses a refresh token, and the access tokens of its session, once the session is past its TTL', async () => {
    const { accessToken, refreshToken, sid } = await session();
    await testApp.dataSource.query(
      `UPDATE user_session SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [sid],
    );
    const refused = await request(testApp.http).post(REFRESH).send({ refreshToken }).expect(401);
    expect(refused.body.code).toBe('SESSION_EXPIRED');
    const ended = await request(testApp.http).get('/api/v1/auth/me').set(bearer(accessToken)).expect(401);
    expect(ended.body.code).toBe('SESSION_ENDED');
  });
});

describe('no default credentials', () => {
  let testApp: TestApp;
  let printed = '';

  beforeAll(async () => {
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    });
    try {
      testApp = await startTestApp({ BOOTSTRAP_ADMIN_PASSWORD: '' });
    } finally {
      spy.mockRestore();
    }
  }, 60_000);

  afterAll(() => testApp?.close());

  it('creates no account with a known password when BOOTSTRAP_ADMIN_PASSWORD is unset', async () => {
    const users = (await testApp.dataSource.query('SELECT username, must_change_password FROM app_user')) as {
      username: string;
      must_change_password: boolean;
    }[];
    if (testApp.config.database.kind === 'postgres') {
      // Deployments on PostgreSQL start with no user at all; the operator creates one with the CLI.
      expect(users).toEqual([]);
      return;
    }
    // Embedded mode: one administrator with a random one-time password, shown once on the terminal.
    expect(users).toEqual([{ username: 'admin', must_change_password: true }]);
    const oneTime = /one-time password: (\S+)/.exec(printed)?.[1] ?? '';
    expect(oneTime).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
    for (const known of [
      ADMIN_PASSWORD,
      USER_PASSWORD,
      'admin',
      'password',
      'changeme',
      'prospect',
      'a long one-time secret',
      '',
    ]) {
      const attempt = await request(testApp.http).post(LOGIN).send({ username: 'admin', password: known });
      expect(attempt.status).toBe(known === '' ? 400 : 401);
    }
    // The wrong guesses locked the account: unlock it to show the one-time password is the way in.
    await testApp.dataSource.query(`UPDATE app_user SET failed_login_count = 0, locked_until = NULL`);
    const token = await login(testApp, 'admin', oneTime);
    const me = await request(testApp.http).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    expect(me.body).toMatchObject({ username: 'admin', mustChangePassword: true });
  });
});

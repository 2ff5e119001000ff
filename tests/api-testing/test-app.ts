import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { exampleTrialDefinitionJson, type TrialRole } from '@prospect/domain';
import { SYSTEM_ACTOR, UsersService, type AppConfig } from '@prospect/platform';
import { createTestDatabase, testConfig, type TestDatabase } from '@prospect/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createHttpApp } from '@prospect/composition';

export const ADMIN_PASSWORD = 'first-bootstrap-secret-123';
export const USER_PASSWORD = 'a-long-test-password-42';

export interface TestApp {
  readonly app: INestApplication;
  readonly http: ReturnType<INestApplication['getHttpServer']>;
  readonly document: OpenAPIObject;
  readonly config: AppConfig;
  readonly dataSource: DataSource;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

/** The real HTTP application on a fresh database (PGlite, or PostgreSQL when DATABASE_URL is set). */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { engine?: 'pglite' | 'postgresql' } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(options.engine);
  // The sandbox FHIR server starts empty unless a test asks for demo patients.
  const config = testConfig(database.database, {
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
    FHIR_SANDBOX_PATIENTS: '0',
    ...env,
  });
  const { app, document } = await createHttpApp(config);
  await app.init();
  return {
    app,
    http: app.getHttpServer(),
    document,
    config,
    dataSource: app.get(DataSource),
    database,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** Logs in and returns the access token. */
export async function login(testApp: TestApp, username: string, password: string): Promise<string> {
  const response = await request(testApp.http).post('/api/v1/auth/login').send({ username, password });
  if (response.status !== 200)
    throw new Error(`login of ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return (response.body as { accessToken: string }).accessToken;
}

/** The bootstrap admin, with the first-login password change done (once per app), and a token. */
export async function adminToken(testApp: TestApp): Promise<string> {
  const first = await request(testApp.http)
    .post('/api/v1/auth/login')
    .send({ username: 'admin', password: ADMIN_PASSWORD });
  if (first.status !== 200) return login(testApp, 'admin', USER_PASSWORD);
  const token = (first.body as { accessToken: string }).accessToken;
  await request(testApp.http)
    .post('/api/v1/auth/password')
    .set('Authorization', `Bearer ${token}`)
    .send({ currentPassword: ADMIN_PASSWORD, newPassword: USER_PASSWORD })
    .expect(204);
  return token;
}

/**
 * A user with the given roles in one trial, ready to call the API (first-login password change
 * done directly, which is what the password change endpoint's own tests cover).
 */
export async function userWithRoles(
  testApp: TestApp,
  username: string,
  trialCode: string | null,
  roles: readonly TrialRole[],
  options: { isAdmin?: boolean } = {},
): Promise<{ token: string; userId: string }> {
  const users = testApp.app.get(UsersService);
  const { user } = await users.create(SYSTEM_ACTOR, {
    username,
    displayName: `Test ${username}`,
    isAdmin: options.isAdmin ?? false,
    password: USER_PASSWORD,
  });
  const [grantor] = (await testApp.dataSource.query(`SELECT id FROM app_user WHERE username = 'admin'`)) as [
    { id: string },
  ];
  for (const role of roles) {
    if (!trialCode) throw new Error('roles need a trial');
    await users.grantRole(
      { userId: grantor.id, username: 'admin', requestId: null },
      user.id,
      trialCode,
      role,
      'test set-up',
    );
  }
  await testApp.dataSource.query('UPDATE app_user SET must_change_password = false WHERE id = $1', [user.id]);
  return { token: await login(testApp, username, USER_PASSWORD), userId: user.id };
}

export function trialDefinition(name: 'myeloma-mrd' | 'breast-pcr' = 'myeloma-mrd'): Record<string, unknown> {
  return exampleTrialDefinitionJson(name === 'breast-pcr' ? 'breast' : 'myeloma');
}

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

/** The Patient of a synthetic baseline bundle. */
export function patientOf(bundle: Bundle): Patient {
  return bundle.entry?.find((entry) => entry.resource?.resourceType === 'Patient')?.resource as Patient;
}

/** Polls `probe` until `done` holds or the time is up (for jobs), and returns the last value. */
export async function until<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRIAL_ROLES, type TrialRole } from '@prospect/domain';
import request from 'supertest';
import {
  adminToken,
  startTestApp,
  trialDefinition,
  userWithRoles,
  type TestApp,
} from '@prospect/api-testing';

interface MatrixRow {
  method: string;
  path: string;
  rule: 'public' | 'authenticated' | { roles: string[] };
}

/** The documented contract: the table between the role-matrix markers of docs/ROLES.md. */
function documentedMatrix(): MatrixRow[] {
  const markdown = readFileSync(join(__dirname, '../../../docs/ROLES.md'), 'utf8');
  const table = markdown.split('<!-- role-matrix:start -->')[1]?.split('<!-- role-matrix:end -->')[0] ?? '';
  return table
    .split('\n')
    .filter((line) => /^\| (GET|POST|PUT|PATCH|DELETE) /.test(line))
    .map((line) => {
      const [method = '', path = '', who = ''] = line
        .split('|')
        .slice(1, 4)
        .map((cell) => cell.trim());
      const rule: MatrixRow['rule'] =
        who === 'public'
          ? 'public'
          : who.startsWith('any authenticated user')
            ? 'authenticated'
            : { roles: who.split(',').map((role) => role.trim()) };
      return { method, path, rule };
    });
}

type Caller = 'anonymous' | 'admin' | TrialRole | 'member-of-another-trial';
const CALLERS: Caller[] = ['anonymous', 'admin', ...TRIAL_ROLES, 'member-of-another-trial'];

function expectedOutcome(row: MatrixRow, caller: Caller): 'allowed' | 401 | 403 {
  if (row.rule === 'public') return 'allowed';
  if (caller === 'anonymous') return 401;
  if (row.rule === 'authenticated') return 'allowed';
  return row.rule.roles.includes(caller) ? 'allowed' : 403;
}

describe('role matrix (docs/ROLES.md) against the running API', () => {
  let testApp: TestApp;
  const tokens = new Map<Caller, () => Promise<string>>();
  let someUserId = '';
  const matrix = documentedMatrix();

  beforeAll(async () => {
    testApp = await startTestApp();
    const admin = await adminToken(testApp);
    for (const name of ['myeloma-mrd', 'breast-pcr'] as const) {
      await request(testApp.http)
        .post('/api/v1/trials')
        .set('Authorization', `Bearer ${admin}`)
        .send(trialDefinition(name))
        .expect(201);
    }
    const login = (username: string) => async () =>
      (
        (
          await request(testApp.http)
            .post('/api/v1/auth/login')
            .send({ username, password: 'a-long-test-password-42' })
        ).body as { accessToken: string }
      ).accessToken;
    tokens.set('admin', login('admin'));
    for (const role of TRIAL_ROLES) {
      const { userId } = await userWithRoles(testApp, `matrix.${role}`, 'MM-RAD-01', [role]);
      someUserId = userId;
      tokens.set(role, login(`matrix.${role}`));
    }
    await userWithRoles(testApp, 'matrix.outsider', 'BC-PCR-02', TRIAL_ROLES);
    tokens.set('member-of-another-trial', login('matrix.outsider'));
  }, 120_000);

  afterAll(() => testApp?.close());

  it('documents every endpoint of the OpenAPI document, and nothing else', () => {
    const documented = matrix.map((row) => `${row.method} ${row.path}`).sort();
    const served = Object.entries(testApp.document.paths)
      .flatMap(([path, item]) =>
        Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(documented).toEqual(served);
  });

  it('lets exactly the documented callers through on every endpoint', async () => {
    const mismatches: string[] = [];
    // Logout ends the session it is called with: run it last, with fresh tokens.
    const rows = [...matrix].sort(
      (a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')),
    );
    const sessionTokens = new Map<Caller, string>();
    for (const caller of CALLERS) {
      if (caller !== 'anonymous')
        sessionTokens.set(caller, await (tokens.get(caller) as () => Promise<string>)());
    }
    for (const row of rows) {
      const url = row.path
        .replace('{trialCode}', 'MM-RAD-01')
        .replace('{userId}', someUserId)
        .replace('{assignmentId}', '00000000-0000-4000-8000-000000000000')
        .replace('{signatureId}', '00000000-0000-4000-8000-000000000000')
        .replace('{version}', '1')
        .replace('{subjectId}', 'MM-RAD-01-HD01-0001')
        .replace('{jobId}', '00000000-0000-4000-8000-000000000000')
        .replace('{lookNumber}', '1')
        .replace('{evaluationNumber}', '1')
        .replace('{packageNumber}', '1')
        .replace('{sha256}', '0'.repeat(64));
      for (const caller of CALLERS) {
        let call =
          row.method === 'GET' ? request(testApp.http).get(url) : request(testApp.http).post(url).send({});
        const token = sessionTokens.get(caller);
        if (token) call = call.set('Authorization', `Bearer ${token}`);
        const response = await call;
        const expected = expectedOutcome(row, caller);
        const actual = response.status === 401 || response.status === 403 ? response.status : 'allowed';
        if (actual !== expected)
          mismatches.push(
            `${row.method} ${row.path} as ${caller}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body)}`,
          );
        if (response.status >= 500)
          mismatches.push(`${row.method} ${row.path} as ${caller}: ${response.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);
});

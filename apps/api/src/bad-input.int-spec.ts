import request from 'supertest';
import {
  adminToken,
  bearer,
  startTestApp,
  trialDefinition,
  userWithRoles,
  type TestApp,
} from '@prospect/api-testing';

interface Operation {
  method: 'get' | 'post';
  path: string;
  hasBody: boolean;
  bodyProperties: string[];
  queryParameters: string[];
}

const HOSTILE_PATH_VALUES: Record<string, string[]> = {
  trialCode: ['..%2F..%2Fetc%2Fpasswd', "MM'%3B DROP TABLE trial%3B--", 'x'.repeat(300), '%00'],
  userId: ['not-a-uuid', '1%20OR%201%3D1', '00000000-0000-0000-0000-00000000000G'],
  assignmentId: ['not-a-uuid', '..%2F..'],
  signatureId: ['not-a-uuid', "'%20OR%20''%3D'"],
  version: ['0', '-1', '1.5', 'abc', '99999999999', '1e3'],
  subjectId: ['..%2F..%2Fetc', "x'%3B DROP TABLE enrollment%3B--", '%00', 'y'.repeat(300)],
  jobId: ['not-a-uuid', '%00'],
  lookNumber: ['0', '-1', '1.5', 'abc', '99999999999', '%00'],
  evaluationNumber: ['0', '-1', '1.5', 'abc', '99999999999', '%00'],
  packageNumber: ['0', '-1', '1.5', 'abc', '99999999999', '%00'],
  sha256: ['..%2F..%2Fetc', 'ABCDEF', 'g'.repeat(64), '%00', '0'.repeat(65)],
};

const HOSTILE_QUERIES: string[] = [
  'limit=-1',
  'limit=100000',
  'limit=abc',
  'afterSequence=1;DROP TABLE audit_event',
  'from=yesterday',
  'to=2026-13-45T99:00:00Z',
  'actorId=not-a-uuid',
  'format=xml',
  'includeRevoked=yes',
  'unknownParameter=1',
  'entityType=' + 'x'.repeat(500),
];

describe('hostile input on every endpoint: a 4xx problem+json, never a 500, nothing written', () => {
  let testApp: TestApp;
  let token: string;
  let userId: string;
  let operations: Operation[];

  beforeAll(async () => {
    testApp = await startTestApp({ BODY_LIMIT: '256kb' });
    token = await adminToken(testApp);
    await request(testApp.http).post('/api/v1/trials').set(bearer(token)).send(trialDefinition()).expect(201);
    userId = (await userWithRoles(testApp, 'fuzz.target', 'MM-RAD-01', ['monitor'])).userId;
    operations = Object.entries(testApp.document.paths).flatMap(([path, item]) =>
      Object.entries(
        item as Record<
          string,
          {
            requestBody?: { content?: Record<string, { schema?: { $ref?: string; properties?: object } }> };
            parameters?: { in: string; name: string }[];
          }
        >,
      ).map(([method, operation]) => {
        const schema = operation.requestBody?.content?.['application/json']?.schema;
        const ref = schema?.$ref?.split('/').at(-1);
        const properties = ref
          ? Object.keys(
              (testApp.document.components?.schemas?.[ref] as { properties?: object } | undefined)
                ?.properties ?? {},
            )
          : Object.keys(schema?.properties ?? {});
        return {
          method: method as 'get' | 'post',
          path,
          hasBody: operation.requestBody !== undefined,
          bodyProperties: properties,
          queryParameters: (operation.parameters ?? [])
            .filter((parameter) => parameter.in === 'query')
            .map((parameter) => parameter.name),
        };
      }),
    );
  }, 60_000);

  afterAll(() => testApp?.close());

  const concrete = (path: string): string =>
    path
      .replace('{trialCode}', 'MM-RAD-01')
      .replace('{userId}', userId)
      .replace('{assignmentId}', '00000000-0000-4000-8000-000000000000')
      .replace('{signatureId}', '00000000-0000-4000-8000-000000000000')
      .replace('{version}', '1')
      .replace('{subjectId}', 'MM-RAD-01-HD01-0001')
      .replace('{jobId}', '00000000-0000-4000-8000-000000000000')
      .replace('{sha256}', '0'.repeat(64));

  const counts = async (): Promise<Record<string, number>> => {
    const rows: { table: string; count: number }[] = await testApp.dataSource.query(
      `SELECT 'trial' AS table, count(*)::int AS count FROM trial UNION ALL SELECT 'trial_site', count(*)::int FROM trial_site
       UNION ALL SELECT 'protocol_version', count(*)::int FROM protocol_version UNION ALL SELECT 'app_user', count(*)::int FROM app_user
       UNION ALL SELECT 'role_assignment', count(*)::int FROM role_assignment UNION ALL SELECT 'e_signature', count(*)::int FROM e_signature`,
    );
    return Object.fromEntries(rows.map((row) => [row.table, row.count]));
  };

  async function expectClientError(
    response: request.Response,
    what: string,
    failures: string[],
  ): Promise<void> {
    const problemJson = /^application\/problem\+json/.test(String(response.headers['content-type']));
    const body = response.body as { status?: number; code?: string; detail?: string };
    if (
      response.status < 400 ||
      response.status >= 500 ||
      !problemJson ||
      body.status !== response.status ||
      !body.code ||
      !body.detail
    ) {
      failures.push(
        `${what}: ${response.status} ${response.headers['content-type']} ${response.text.slice(0, 200)}`,
      );
    }
    if (/at .*\.(ts|js):\d+/.test(response.text)) failures.push(`${what}: response leaks a stack trace`);
  }

  it('covers every endpoint', () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
  });

  it('refuses malformed, mistyped, polluted and oversized bodies', async () => {
    const before = await counts();
    const failures: string[] = [];
    for (const operation of operations.filter((candidate) => candidate.method === 'post')) {
      const url = concrete(operation.path);
      const send = (body: string | object, contentType = 'application/json') =>
        request(testApp.http)
          .post(url)
          .set(bearer(token))
          .set('Content-Type', contentType)
          .send(typeof body === 'string' ? body : JSON.stringify(body));
      await expectClientError(await send('{"unterminated": '), `${operation.path} malformed JSON`, failures);
      await expectClientError(
        await send(JSON.stringify({ filler: 'x'.repeat(300_000) })),
        `${operation.path} oversized body`,
        failures,
      );
      if (!operation.hasBody) continue;
      const payloads: [string, string | object][] = [
        ['array body', []],
        ['null body', 'null'],
        ['prototype pollution', '{"__proto__": {"isAdmin": true, "polluted": 1}}'],
        ['constructor pollution', { constructor: { prototype: { polluted: 1 } } }],
        ['unknown property', { unexpectedProperty: 'x' }],
        ...operation.bodyProperties.map((property): [string, object] => [
          `${property} as an operator object`,
          { [property]: { $gt: '' } },
        ]),
        ...operation.bodyProperties.map((property): [string, object] => [
          `${property} as a number`,
          { [property]: 12345 },
        ]),
        ...operation.bodyProperties.map((property): [string, object] => [
          `${property} with a NUL character`,
          { [property]: 'a\u0000b' },
        ]),
      ];
      for (const [label, body] of payloads) {
        await expectClientError(await send(body), `${operation.path} ${label}`, failures);
      }
      // Text that looks like SQL is legitimate text (a reason may quote anything): it may be accepted, but
      // only as data, parameterized, never executed and never a server error.
      for (const property of operation.bodyProperties) {
        const response = await send({ [property]: "x'); DROP TABLE trial; --" });
        if (response.status >= 500)
          failures.push(`${operation.path} ${property} SQL text: ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(await counts()).toEqual(before);
  }, 120_000);

  it('refuses hostile path parameters and query strings', async () => {
    const before = await counts();
    const failures: string[] = [];
    for (const operation of operations) {
      for (const [name, values] of Object.entries(HOSTILE_PATH_VALUES)) {
        if (!operation.path.includes(`{${name}}`)) continue;
        for (const value of values) {
          const url = concrete(operation.path.replace(`{${name}}`, value));
          const response =
            operation.method === 'get'
              ? await request(testApp.http).get(url).set(bearer(token))
              : await request(testApp.http).post(url).set(bearer(token)).send({});
          await expectClientError(
            response,
            `${operation.method.toUpperCase()} ${operation.path} with ${name}=${value}`,
            failures,
          );
        }
      }
      if (operation.method !== 'get' || operation.queryParameters.length === 0) continue;
      for (const query of HOSTILE_QUERIES) {
        const response = await request(testApp.http)
          .get(`${concrete(operation.path)}?${query}`)
          .set(bearer(token));
        const parameter = query.split('=')[0] ?? '';
        // A bad value for a parameter the endpoint takes is refused; one it does not take is ignored or refused.
        if (operation.queryParameters.includes(parameter))
          await expectClientError(response, `GET ${operation.path}?${query}`, failures);
        else if (response.status >= 500) failures.push(`GET ${operation.path}?${query}: ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await counts()).toEqual(before);
  }, 120_000);

  it('answers unknown routes and methods with problem+json 404', async () => {
    const failures: string[] = [];
    await expectClientError(
      await request(testApp.http).get('/api/v1/nothing-here'),
      'unknown route',
      failures,
    );
    await expectClientError(
      await request(testApp.http).delete('/api/v1/trials/MM-RAD-01').set(bearer(token)),
      'DELETE trial',
      failures,
    );
    await expectClientError(
      await request(testApp.http).put('/api/v1/users').set(bearer(token)).send({}),
      'PUT users',
      failures,
    );
    expect(failures).toEqual([]);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig } from '@prospect/testing';
import request from 'supertest';
import { createHttpApp } from '@prospect/composition';
import { startTestApp, type TestApp } from '@prospect/api-testing';

function fakeFhirServer(): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/fhir/metadata') {
      res.writeHead(200, { 'content-type': 'application/fhir+json' });
      res.end(
        JSON.stringify({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', status: 'active' }),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('platform: health, OpenAPI, headers', () => {
  let testApp: TestApp;
  let fhir: Server;

  beforeAll(async () => {
    fhir = await fakeFhirServer();
    const port = (fhir.address() as AddressInfo).port;
    testApp = await startTestApp({ FHIR_BASE_URL: `http://127.0.0.1:${port}/fhir` });
  }, 60_000);

  afterAll(async () => {
    await testApp?.close();
    fhir?.close();
  });

  it('reports database, queue and FHIR reachability', async () => {
    const response = await request(testApp.http).get('/api/v1/health').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      version: '0.1.0',
      checks: {
        database: { status: 'up', engine: testApp.database.engine },
        queue: { status: 'up', driver: 'in-process' },
        fhir: { status: 'up', mode: 'configured', fhirVersion: '4.0.1' },
      },
    });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('reports a FHIR server that does not answer as degraded, not down', async () => {
    fhir.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const response = await request(testApp.http).get('/api/v1/health').expect(200);
    expect(response.body.status).toBe('degraded');
    expect(response.body.checks.fhir.status).toBe('down');
  });

  it('serves the OpenAPI document and Swagger UI, generated from the DTOs', async () => {
    const document = await request(testApp.http).get('/api/docs.json').expect(200);
    expect(document.body.openapi).toMatch(/^3\./);
    expect(document.body.info.title).toBe('Prospect API');
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/trials', '/api/v1/health']),
    );
    expect(document.body.components.schemas.CreateUserDto.properties.username.pattern).toBe(
      '^[a-z0-9][a-z0-9._-]{2,63}$',
    );
    expect(document.body.components.securitySchemes.bearer).toBeDefined();
    const ui = await request(testApp.http).get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it('echoes a well-formed request id, replaces a malformed one, and sets security headers', async () => {
    const echoed = await request(testApp.http).get('/api/v1/health').set('X-Request-Id', 'trace-abc.123');
    expect(echoed.headers['x-request-id']).toBe('trace-abc.123');
    const replaced = await request(testApp.http)
      .get('/api/v1/health')
      .set('X-Request-Id', 'bad id with spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(echoed.headers['x-content-type-options']).toBe('nosniff');
    expect(echoed.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(echoed.headers['x-powered-by']).toBeUndefined();
  });
});

describe('first embedded start', () => {
  it('creates an admin with a random one-time password printed once, never again on later starts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'prospect-first-start-'));
    const config = {
      ...testConfig({ kind: 'embedded', dataDir: join(dataDir, 'pglite') }),
      auth: {
        ...testConfig({ kind: 'embedded', dataDir: null }).auth,
        tokenKeyFile: join(dataDir, 'token.key'),
      },
    };
    const printed: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      const first = await createHttpApp(config);
      await first.app.init();
      const banner = printed.join('');
      const password = /one-time password: (\S+)/.exec(banner)?.[1];
      expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
      const login = await request(first.app.getHttpServer())
        .post('/api/v1/auth/login')
        .send({ username: 'admin', password })
        .expect(200);
      expect(login.body.mustChangePassword).toBe(true);
      await first.app.close();

      printed.length = 0;
      const second = await createHttpApp(config);
      await second.app.init();
      expect(printed.join('')).not.toContain('one-time password');
      await request(second.app.getHttpServer())
        .post('/api/v1/auth/login')
        .send({ username: 'admin', password })
        .expect(200);
      await second.app.close();
    } finally {
      write.mockRestore();
    }
  }, 60_000);
});

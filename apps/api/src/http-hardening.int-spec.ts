import request from 'supertest';
import { startTestApp, type TestApp } from '@prospect/api-testing';

describe('CORS allow-list', () => {
  let allowList: TestApp;
  let sameOrigin: TestApp;

  beforeAll(async () => {
    allowList = await startTestApp({ CORS_ORIGINS: 'https://trial.example.org, http://localhost:4200' });
    sameOrigin = await startTestApp();
  }, 60_000);

  afterAll(async () => {
    await allowList?.close();
    await sameOrigin?.close();
  });

  const preflight = (testApp: TestApp, origin: string) =>
    request(testApp.http)
      .options('/api/v1/auth/login')
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type, authorization');

  it('answers a listed origin, and only it, without credentials', async () => {
    const listed = await preflight(allowList, 'https://trial.example.org');
    expect(listed.headers['access-control-allow-origin']).toBe('https://trial.example.org');
    expect(listed.headers['access-control-allow-credentials']).toBeUndefined();
    const other = await preflight(allowList, 'https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const simple = await request(allowList.http)
      .get('/api/v1/health')
      .set('Origin', 'https://evil.example.com');
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    const allowed = await request(allowList.http)
      .get('/api/v1/health')
      .set('Origin', 'http://localhost:4200');
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:4200');
  });

  it('allows no cross-origin caller when CORS_ORIGINS is unset', async () => {
    for (const origin of ['https://trial.example.org', 'http://localhost:4200', 'null']) {
      const response = await preflight(sameOrigin, origin);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
  });
});

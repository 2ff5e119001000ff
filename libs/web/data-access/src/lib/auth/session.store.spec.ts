import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { Me, TokenPair } from './auth.models';
import { authInterceptor } from './auth.interceptor';
import { SessionStore } from './session.store';

const ME: Me = {
  id: 'u1',
  username: 'coordinator1',
  displayName: 'Trial Coordinator',
  isAdmin: false,
  mustChangePassword: false,
  trials: [{ trialCode: 'MM-RAD-01', roles: ['coordinator', 'monitor'] }],
};

function tokens(suffix: string, expiresIn = 900): TokenPair {
  return {
    accessToken: `access-${suffix}`,
    refreshToken: `refresh-${suffix}-0123456789`,
    tokenType: 'Bearer',
    expiresIn,
    refreshExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    mustChangePassword: false,
  };
}

describe('SessionStore', () => {
  let http: HttpTestingController;

  function setUp(): SessionStore {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: 'login', children: [] }]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    return TestBed.inject(SessionStore);
  }

  async function login(store: SessionStore, pair = tokens('1')): Promise<void> {
    const done = store.login('coordinator1', 'secret');
    http.expectOne('/api/v1/auth/login').flush(pair);
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    http.expectOne('/api/v1/auth/me').flush(ME);
    await done;
  }

  beforeEach(() => sessionStorage.clear());
  afterEach(() => http.verify());

  it('logs in, keeps the tokens for the tab and knows the roles per trial', async () => {
    const store = setUp();
    await login(store);
    expect(store.isAuthenticated()).toBe(true);
    expect(store.accessToken()).toBe('access-1');
    expect(store.rolesIn('MM-RAD-01')).toEqual(['coordinator', 'monitor']);
    expect(store.rolesIn('BC-RAD-01')).toEqual([]);
    expect(store.hasAnyRole('MM-RAD-01', ['dmc', 'monitor'])).toBe(true);
    expect(store.hasAnyRole('MM-RAD-01', ['dmc'])).toBe(false);
    expect(JSON.parse(sessionStorage.getItem('prospect.session') ?? '{}').refreshToken).toBe(
      'refresh-1-0123456789',
    );
  });

  it('sends the login without a bearer token and me with one', async () => {
    const store = setUp();
    const done = store.login('coordinator1', 'secret');
    const loginRequest = http.expectOne('/api/v1/auth/login');
    expect(loginRequest.request.headers.has('authorization')).toBe(false);
    expect(loginRequest.request.body).toEqual({ username: 'coordinator1', password: 'secret' });
    loginRequest.flush(tokens('1'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const meRequest = http.expectOne('/api/v1/auth/me');
    expect(meRequest.request.headers.get('authorization')).toBe('Bearer access-1');
    meRequest.flush(ME);
    await done;
  });

  it('shares one refresh between concurrent callers (refresh tokens are single use)', async () => {
    const store = setUp();
    await login(store);
    const first = store.refresh();
    const second = store.refresh();
    const requests = http.match('/api/v1/auth/refresh');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.request.body).toEqual({ refreshToken: 'refresh-1-0123456789' });
    requests[0]?.flush(tokens('2'));
    await expect(Promise.all([first, second])).resolves.toEqual([true, true]);
    expect(store.accessToken()).toBe('access-2');
  });

  it('ends the session as expired when the refresh token is refused', async () => {
    const store = setUp();
    await login(store);
    const refreshed = store.refresh();
    http
      .expectOne('/api/v1/auth/refresh')
      .flush({ detail: 'used' }, { status: 401, statusText: 'Unauthorized' });
    await expect(refreshed).resolves.toBe(false);
    expect(store.isAuthenticated()).toBe(false);
    expect(store.ended()).toBe('expired');
    expect(sessionStorage.getItem('prospect.session')).toBeNull();
  });

  it('retries a call refused with 401 once, after refreshing the tokens', async () => {
    const store = setUp();
    await login(store);
    const client = TestBed.inject((await import('@angular/common/http')).HttpClient);
    let body: unknown;
    client.get('/api/v1/trials').subscribe((value) => (body = value));
    http
      .expectOne('/api/v1/trials')
      .flush(
        { code: 'INVALID_TOKEN', detail: 'The access token is invalid or expired.' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await new Promise((resolve) => setTimeout(resolve, 0));
    http.expectOne('/api/v1/auth/refresh').flush(tokens('2'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const retry = http.expectOne('/api/v1/trials');
    expect(retry.request.headers.get('authorization')).toBe('Bearer access-2');
    retry.flush([{ code: 'MM-RAD-01' }]);
    expect(body).toEqual([{ code: 'MM-RAD-01' }]);
  });

  it('refreshes before sending when the access token is about to expire', async () => {
    const store = setUp();
    const done = store.login('coordinator1', 'secret');
    http.expectOne('/api/v1/auth/login').flush(tokens('1', 5));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.accessTokenStale()).toBe(true);
    http.expectOne('/api/v1/auth/refresh').flush(tokens('2'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const me = http.expectOne('/api/v1/auth/me');
    expect(me.request.headers.get('authorization')).toBe('Bearer access-2');
    me.flush(ME);
    await done;
    expect(store.accessTokenStale()).toBe(false);
  });

  it('restores a stored session after a reload, and drops an expired or damaged one', async () => {
    sessionStorage.setItem(
      'prospect.session',
      JSON.stringify({
        accessToken: 'a',
        refreshToken: 'r',
        accessExpiresAt: Date.now() + 60_000,
        refreshExpiresAt: Date.now() + 60_000,
      }),
    );
    const store = setUp();
    const restored = store.restore();
    http.expectOne('/api/v1/auth/me').flush(ME);
    await expect(restored).resolves.toBe(true);
    expect(store.me()?.username).toBe('coordinator1');

    TestBed.resetTestingModule();
    sessionStorage.setItem(
      'prospect.session',
      JSON.stringify({
        accessToken: 'a',
        refreshToken: 'r',
        accessExpiresAt: 0,
        refreshExpiresAt: Date.now() - 1,
      }),
    );
    const expired = setUp();
    await expect(expired.restore()).resolves.toBe(false);
    expect(expired.ended()).toBe('expired');

    TestBed.resetTestingModule();
    sessionStorage.setItem('prospect.session', '{not json');
    const damaged = setUp();
    await expect(damaged.restore()).resolves.toBe(false);
    expect(sessionStorage.getItem('prospect.session')).toBeNull();
  });

  it('logs out on the server and forgets the tokens even when the server is unreachable', async () => {
    const store = setUp();
    await login(store);
    const done = store.logout();
    http.expectOne('/api/v1/auth/logout').error(new ProgressEvent('error'));
    await done;
    expect(store.isAuthenticated()).toBe(false);
    expect(store.ended()).toBe('logout');
  });

  it('passes a 401 that is not about the token (a wrong signing password) to the caller without a refresh', async () => {
    const store = setUp();
    await login(store);
    const client = TestBed.inject((await import('@angular/common/http')).HttpClient);
    let status = 0;
    client.post('/api/v1/trials/T/analyses/1/signatures', { password: 'wrong' }).subscribe({
      error: (error: { status: number }) => (status = error.status),
    });
    http
      .expectOne('/api/v1/trials/T/analyses/1/signatures')
      .flush(
        { code: 'INVALID_CREDENTIALS', detail: 'Wrong password.' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await new Promise((resolve) => setTimeout(resolve, 0));
    http.expectNone('/api/v1/auth/refresh');
    expect(status).toBe(401);
    expect(store.isAuthenticated()).toBe(true);
  });

  it('ends the session without a refresh when the server says it ended (revoked elsewhere)', async () => {
    const store = setUp();
    await login(store);
    const client = TestBed.inject((await import('@angular/common/http')).HttpClient);
    client.get('/api/v1/trials').subscribe({ error: () => undefined });
    http
      .expectOne('/api/v1/trials')
      .flush(
        { code: 'SESSION_ENDED', detail: 'The session has ended.' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await new Promise((resolve) => setTimeout(resolve, 0));
    http.expectNone('/api/v1/auth/refresh');
    expect(store.isAuthenticated()).toBe(false);
    expect(store.ended()).toBe('revoked');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(TestBed.inject(Router).url).toMatch(/^\/login\?returnUrl=/);
  });
});

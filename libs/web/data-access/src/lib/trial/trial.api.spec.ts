import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { firstValueFrom } from 'rxjs';
import { TrialApi } from './trial.api';

describe('TrialApi', () => {
  let api: TrialApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(TrialApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('reads the trial, its protocol versions, progress and flow', async () => {
    const reads = [
      [api.get('MM-RAD-01'), '/api/v1/trials/MM-RAD-01'],
      [api.protocolVersions('MM-RAD-01'), '/api/v1/trials/MM-RAD-01/protocol-versions'],
      [api.protocolVersion('MM-RAD-01', 2), '/api/v1/trials/MM-RAD-01/protocol-versions/2'],
      [api.progress('MM-RAD-01'), '/api/v1/trials/MM-RAD-01/progress'],
      [api.flow('MM-RAD-01'), '/api/v1/trials/MM-RAD-01/flow'],
    ] as const;
    for (const [call, url] of reads) {
      const result = firstValueFrom(call as never);
      const request = http.expectOne(url);
      expect(request.request.method).toBe('GET');
      request.flush({ ok: url });
      await expect(result).resolves.toEqual({ ok: url });
    }
  });

  it('adds a site and approves a protocol version with the password only', async () => {
    const site = firstValueFrom(api.addSite('MM-RAD-01', { code: 'MZ03', name: 'Mainz' }));
    const siteRequest = http.expectOne('/api/v1/trials/MM-RAD-01/sites');
    expect(siteRequest.request.method).toBe('POST');
    expect(siteRequest.request.body).toEqual({ code: 'MZ03', name: 'Mainz' });
    siteRequest.flush({ id: 's', code: 'MZ03', name: 'Mainz', createdAt: '2026-01-01T00:00:00Z' });
    await site;

    const approved = firstValueFrom(api.approveProtocol('MM-RAD-01', 3, 'secret'));
    const approve = http.expectOne('/api/v1/trials/MM-RAD-01/protocol-versions/3/approve');
    expect(approve.request.method).toBe('POST');
    expect(approve.request.body).toEqual({ password: 'secret' });
    approve.flush({ version: 3, status: 'approved' });
    await expect(approved).resolves.toMatchObject({ status: 'approved' });
  });

  it('escapes the trial code in the path', () => {
    void firstValueFrom(api.get('A B/C'));
    http.expectOne('/api/v1/trials/A%20B%2FC').flush({});
  });
});

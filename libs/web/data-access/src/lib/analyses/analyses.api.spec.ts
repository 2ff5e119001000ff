import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { AnalysesApi } from './analyses.api';

describe('AnalysesApi', () => {
  let api: AnalysesApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(AnalysesApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('requests the next look with its number', async () => {
    const answer = firstValueFrom(api.request('T 1', 2));
    const request = http.expectOne('/api/v1/trials/T%201/analyses');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ lookNumber: 2 });
    request.flush({ job: { id: 'j' }, analysis: { lookNumber: 2 } });
    await expect(answer).resolves.toMatchObject({ job: { id: 'j' } });
  });

  it('signs a look with the password and meaning only', async () => {
    const answer = firstValueFrom(api.sign('T1', 1, { password: 'pw', meaning: 'review' }));
    const request = http.expectOne('/api/v1/trials/T1/analyses/1/signatures');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ password: 'pw', meaning: 'review' });
    request.flush({ lookNumber: 1, signatures: [] });
    await answer;
  });

  it('reads the blinded and unblinded endpoints at their paths', () => {
    const calls: [() => unknown, string, string][] = [
      [() => firstValueFrom(api.progress('T1')), 'GET', '/api/v1/trials/T1/progress'],
      [() => firstValueFrom(api.inputShift('T1')), 'GET', '/api/v1/trials/T1/input-shift'],
      [() => firstValueFrom(api.list('T1')), 'GET', '/api/v1/trials/T1/analyses'],
      [() => firstValueFrom(api.get('T1', 3)), 'GET', '/api/v1/trials/T1/analyses/3'],
      [() => firstValueFrom(api.result('T1', 3)), 'GET', '/api/v1/trials/T1/analyses/3/result'],
      [() => firstValueFrom(api.snapshot('T1', 3)), 'GET', '/api/v1/trials/T1/analyses/3/snapshot'],
      [() => firstValueFrom(api.reproduce('T1', 3)), 'POST', '/api/v1/trials/T1/analyses/3/reproduction'],
      [() => firstValueFrom(api.accessLog('T1', 3)), 'GET', '/api/v1/trials/T1/analyses/3/access-log'],
      [() => firstValueFrom(api.protocolVersion('T1', 2)), 'GET', '/api/v1/trials/T1/protocol-versions/2'],
    ];
    for (const [call, method, url] of calls) {
      void call();
      const request = http.expectOne(url);
      expect(request.request.method).toBe(method);
      request.flush({});
    }
  });
});

import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { type Observable, firstValueFrom } from 'rxjs';
import { probabilityCostEffective } from './cost-effectiveness';
import { EconomicsApi } from './economics.api';
import type { EconomicEvaluationResult } from './economics.models';

describe('EconomicsApi', () => {
  let api: EconomicsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(EconomicsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('requests an evaluation with look, draws and seed', () => {
    void firstValueFrom(api.request('T1', { lookNumber: 2, draws: 500, seed: 's' }));
    const request = http.expectOne('/api/v1/trials/T1/economic-evaluations');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ lookNumber: 2, draws: 500, seed: 's' });
    request.flush({});
  });

  it('proposes a plan amendment with its reason', () => {
    void firstValueFrom(api.definePlan('T1', { currency: 'EUR' } as never, 'new prices'));
    const request = http.expectOne('/api/v1/trials/T1/health-economics-plan');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ plan: { currency: 'EUR' }, reason: 'new prices' });
    request.flush({});
  });

  it('signs an evaluation and records a CHEERS entry', () => {
    void firstValueFrom(api.sign('T1', 4, { password: 'pw', meaning: 'authorship' }));
    const sign = http.expectOne('/api/v1/trials/T1/economic-evaluations/4/signatures');
    expect(sign.request.body).toEqual({ password: 'pw', meaning: 'authorship' });
    sign.flush({});
    void firstValueFrom(api.addCheersEntry('T1', { itemNumber: 21, status: 'not-applicable', text: 'none' }));
    const entry = http.expectOne('/api/v1/trials/T1/cheers-entries');
    expect(entry.request.method).toBe('POST');
    expect(entry.request.body).toEqual({ itemNumber: 21, status: 'not-applicable', text: 'none' });
    entry.flush({});
  });

  it('reads plan, list, record, result and checklist at their paths', () => {
    for (const [call, url] of [
      [() => api.plan('T1'), '/api/v1/trials/T1/health-economics-plan'],
      [() => api.list('T1'), '/api/v1/trials/T1/economic-evaluations'],
      [() => api.get('T1', 1), '/api/v1/trials/T1/economic-evaluations/1'],
      [() => api.result('T1', 1), '/api/v1/trials/T1/economic-evaluations/1/result'],
      [() => api.cheers('T1', 1), '/api/v1/trials/T1/economic-evaluations/1/cheers'],
    ] as [() => Observable<unknown>, string][]) {
      void firstValueFrom(call());
      const request = http.expectOne(url);
      expect(request.request.method).toBe('GET');
      request.flush({});
    }
  });
});

describe('probabilityCostEffective', () => {
  const result = {
    psa: {
      ceac: {
        wtp: [0, 25000, 50000],
        probability: [
          { strategy: 'standard-of-care', values: [0.9, 0.4, 0.2] },
          { strategy: 'model-guided', values: [0.1, 0.6, 0.8] },
        ],
        frontier: [
          { wtp: 0, strategy: 'standard-of-care', probability: 0.9, expectedNetBenefit: 1 },
          { wtp: 25000, strategy: 'model-guided', probability: 0.6, expectedNetBenefit: 2 },
          { wtp: 50000, strategy: 'model-guided', probability: 0.8, expectedNetBenefit: 3 },
        ],
      },
    },
  } as unknown as EconomicEvaluationResult;

  it('reads the acceptability curve at the nearest grid point', () => {
    const [at30k] = probabilityCostEffective(result, [30000]);
    expect(at30k?.gridWtp).toBe(25000);
    expect(at30k?.probabilities).toEqual([
      { strategy: 'standard-of-care', probability: 0.4 },
      { strategy: 'model-guided', probability: 0.6 },
    ]);
    expect(at30k?.optimal).toEqual({ strategy: 'model-guided', probability: 0.6 });
  });

  it('is empty without a PSA', () => {
    expect(probabilityCostEffective({ psa: null } as unknown as EconomicEvaluationResult, [1])).toEqual([]);
  });
});

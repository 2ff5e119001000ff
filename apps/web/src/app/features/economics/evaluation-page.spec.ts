import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { TrialRole } from '@prospect/web-data-access';
import type { EconomicEvaluation, EconomicEvaluationResult } from '@prospect/web-data-access/economics';
import { EvaluationPage } from './evaluation-page';
import { button, must, provideHttpTesting, provideTrialContext, tick } from '../../../testing';

/** Rendering with the charts is slow in jsdom on a busy machine. */
const SLOW = 30_000;

const BASE = '/api/v1/trials/MM-RAD-01/economic-evaluations/1';

const EVALUATION: EconomicEvaluation = {
  evaluationNumber: 1,
  lookNumber: 2,
  protocolVersion: 1,
  planSha256: 'e'.repeat(64),
  draws: 1000,
  seed: 'prospect-demo',
  requestedAt: '2026-11-28T05:09:55.890Z',
  requestedBy: 'u1',
  status: 'computed',
  jobId: 'j',
  resultSha256: 'b'.repeat(64),
  computedAt: '2026-11-28T05:09:56.067Z',
  signatures: [],
};

const RESULT = {
  format: 'prospect.economic-evaluation/1',
  currency: 'EUR',
  priceYear: 2025,
  perspective: 'healthcare-payer',
  effectMeasure: 'qaly',
  timeHorizonYears: 10,
  discountRates: { costs: 0.03, effects: 0.015 },
  threshold: 0.5,
  accuracy: {
    n: 38,
    responders: 9,
    truePositive: 2,
    falseNegative: 7,
    trueNegative: 21,
    falsePositive: 8,
    sensitivity: { estimate: 0.2222, wilson: [0.0632, 0.5474] },
    specificity: { estimate: 0.7241, wilson: [0.5428, 0.853] },
    prevalence: { estimate: 0.2368, wilson: [0.1299, 0.3921] },
  },
  baseCase: {
    strategies: [
      { strategy: 'standard-of-care', cost: 198026, effect: 3.2742 },
      { strategy: 'model-guided', cost: 160426, effect: 3.5828 },
    ],
    incremental: [
      {
        strategy: 'model-guided',
        cost: 160426,
        effect: 3.5828,
        status: 'reference',
        comparator: null,
        incrementalCost: null,
        incrementalEffect: null,
        icer: null,
        note: 'Reference: the least costly strategy not dominated by another',
      },
      {
        strategy: 'standard-of-care',
        cost: 198026,
        effect: 3.2742,
        status: 'dominated',
        dominatedBy: 'model-guided',
        comparator: 'model-guided',
        incrementalCost: 37600,
        incrementalEffect: -0.3086,
        icer: null,
        note: 'Dominated by model-guided: costs no less and is no more effective',
      },
    ],
    netMonetaryBenefit: [
      {
        wtp: 30000,
        best: 'model-guided',
        values: [
          { strategy: 'standard-of-care', nmb: -99801 },
          { strategy: 'model-guided', nmb: -52941 },
        ],
      },
    ],
  },
  oneWay: [],
  psa: {
    draws: 1000,
    seed: 'prospect-demo',
    resamplePatients: true,
    strategies: [],
    plane: [
      {
        strategy: 'model-guided',
        comparator: 'standard-of-care',
        summary: {
          deltaCost: { mean: -37386, lower: -62724, upper: -14262 },
          deltaEffect: { mean: 0.3099, lower: -0.3719, upper: 1.128 },
          icerOfMeans: -120621,
          quadrants: { northEast: 0, northWest: 0.001, southEast: 0.805, southWest: 0.194 },
        },
        points: [],
      },
    ],
    ceac: {
      wtp: [0, 30000],
      probability: [
        { strategy: 'standard-of-care', values: [0.01, 0.02] },
        { strategy: 'model-guided', values: [0.99, 0.98] },
      ],
      frontier: [{ wtp: 30000, strategy: 'model-guided', expectedNetBenefit: 1, probability: 0.98 }],
    },
    evpi: [{ wtp: 30000, perPatient: 36.2, population: 426942 }],
  },
} as unknown as EconomicEvaluationResult;

async function render(roles: readonly TrialRole[]) {
  TestBed.configureTestingModule({
    providers: [...provideHttpTesting(), provideTrialContext(roles)],
  });
  const fixture = TestBed.createComponent(EvaluationPage);
  fixture.componentRef.setInput('evaluationNumber', '1');
  const http = TestBed.inject(HttpTestingController);
  fixture.detectChanges();
  TestBed.tick();
  http.expectOne(BASE).flush(EVALUATION);
  await tick(fixture);
  return { fixture, http, element: fixture.nativeElement as HTMLElement };
}

describe('EvaluationPage', () => {
  it(
    'never requests the result for a coordinator',
    async () => {
      const { http, element } = await render(['coordinator']);
      expect(http.match(`${BASE}/result`)).toHaveLength(0);
      expect(element.textContent).not.toContain('Result SHA-256 not');
      expect(element.textContent).not.toContain('CHEERS');
      http.verify();
    },
    SLOW,
  );

  it(
    'shows the statistician ICER, incremental costs and QALYs with intervals, NMB and acceptability',
    async () => {
      const { fixture, http, element } = await render(['statistician']);
      http.expectOne(`${BASE}/result`).flush({ ...EVALUATION, result: RESULT });
      await tick(fixture);
      const text = element.textContent ?? '';
      expect(text).toContain('Model-guided care: Reference');
      expect(text).toContain('Dominated by model-guided');
      expect(text).toContain('0.310 (-0.372 to 1.128)'); // incremental QALYs with the 95% interval
      expect(text).toContain('80.5%'); // probability dominant
      expect(text).toContain('98.0%'); // probability cost-effective at 30 000
      expect(text).toContain('CHEERS 2022 reporting checklist');
    },
    SLOW,
  );

  it(
    'signs the evaluation without fetching the result again',
    async () => {
      const { fixture, http, element } = await render(['statistician']);
      http.expectOne(`${BASE}/result`).flush({ ...EVALUATION, result: RESULT });
      await tick(fixture);
      const password = must(element.querySelector<HTMLInputElement>('input[type="password"]'));
      password.value = 'secret';
      password.dispatchEvent(new Event('input'));
      await tick(fixture);
      button(element, 'Sign the evaluation').click();
      const sign = http.expectOne(`${BASE}/signatures`);
      expect(sign.request.method).toBe('POST');
      expect(sign.request.body).toEqual({ password: 'secret', meaning: 'authorship' });
      sign.flush({
        ...EVALUATION,
        signatures: [
          {
            id: 's',
            signerUsername: 'demo-statistician',
            printedName: 'Demo statistician',
            meaning: 'authorship',
            signedAt: '2026-11-28T06:00:00Z',
            statement: 'Sign',
            recordSha256: 'f'.repeat(64),
          },
        ],
      });
      await tick(fixture);
      expect(element.textContent).toContain('Evaluation 1 signed (authorship).');
      expect(http.match(`${BASE}/result`)).toHaveLength(0);
    },
    SLOW,
  );
});

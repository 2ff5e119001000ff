import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { TrialRole } from '@prospect/web-data-access';
import { LOOK } from '../analyses/testing';
import { EconomicsPage } from './economics-page';
import { button, must, provideHttpTesting, provideTrialContext, tick } from '../../../testing';

/** Rendering with the charts is slow in jsdom on a busy machine. */
const SLOW = 30_000;

const T = '/api/v1/trials/MM-RAD-01';

async function render(roles: readonly TrialRole[]) {
  TestBed.configureTestingModule({
    providers: [...provideHttpTesting(), provideTrialContext(roles)],
  });
  const fixture = TestBed.createComponent(EconomicsPage);
  const http = TestBed.inject(HttpTestingController);
  fixture.detectChanges();
  TestBed.tick();
  http.expectOne(`${T}/health-economics-plan`).flush(
    {
      status: 404,
      code: 'NO_HEALTH_ECONOMIC_PLAN',
      title: 'Not Found',
      detail: 'The protocol of MM-RAD-01 in force (version 1) has no health-economic plan.',
      errors: [],
    },
    { status: 404, statusText: 'Not Found' },
  );
  http.expectOne(`${T}/economic-evaluations`).flush([]);
  return { fixture, http, element: fixture.nativeElement as HTMLElement };
}

describe('EconomicsPage', () => {
  it(
    'lets the statistician request an evaluation of a computed look with draws and seed',
    async () => {
      const { fixture, http, element } = await render(['statistician']);
      http.expectOne(`${T}/analyses`).flush([LOOK, { ...LOOK, lookNumber: 2, status: 'running' }]);
      await tick(fixture);
      expect(element.textContent).toContain('has no health-economic plan');
      const draws = must(element.querySelector<HTMLInputElement>('input[name="draws"]'));
      draws.value = '250';
      draws.dispatchEvent(new Event('input'));
      await tick(fixture);
      button(element, 'Evaluate').click();
      const post = http.expectOne(`${T}/economic-evaluations`);
      expect(post.request.method).toBe('POST');
      expect(post.request.body).toEqual({ lookNumber: 1, draws: 250, seed: 'prospect' });
      post.flush(
        {
          status: 404,
          code: 'NO_HEALTH_ECONOMIC_PLAN',
          title: 'Not Found',
          detail: 'No plan in force.',
          errors: [],
        },
        { status: 404, statusText: 'Not Found' },
      );
      await tick(fixture);
      expect(element.textContent).toContain('No plan in force.');
    },
    SLOW,
  );

  it(
    'gives the coordinator neither the request form nor a look list',
    async () => {
      const { http, element } = await render(['coordinator']);
      expect(element.textContent).not.toContain('Request an evaluation');
      expect(http.match(`${T}/analyses`)).toHaveLength(0);
      http.verify();
    },
    SLOW,
  );

  it(
    'proposes a plan amendment as JSON with its reason and shows the refused fields',
    async () => {
      TestBed.configureTestingModule({
        providers: [...provideHttpTesting(), provideTrialContext(['statistician'])],
      });
      const fixture = TestBed.createComponent(EconomicsPage);
      const http = TestBed.inject(HttpTestingController);
      const element = fixture.nativeElement as HTMLElement;
      fixture.detectChanges();
      TestBed.tick();
      const plan = { perspective: 'societal', currency: 'EUR', willingnessToPay: [30000], parameters: [] };
      http.expectOne(`${T}/health-economics-plan`).flush({
        protocolVersion: 1,
        plan: {
          ...plan,
          wtpGrid: { from: 0, to: 1, points: 2 },
          discountRates: { costs: 0.03, effects: 0.03 },
          population: { patientsPerYear: 1, years: 1 },
          testCosts: [],
          pathways: {},
        },
      });
      http.expectOne(`${T}/economic-evaluations`).flush([]);
      http.expectOne(`${T}/analyses`).flush([]);
      await tick(fixture);
      const editor = must(element.querySelector<HTMLTextAreaElement>('textarea[name="plan"]'));
      const reason = must(element.querySelector<HTMLTextAreaElement>('textarea[name="reason"]'));
      editor.value = '{ not json';
      editor.dispatchEvent(new Event('input'));
      reason.value = 'Updated prices';
      reason.dispatchEvent(new Event('input'));
      await tick(fixture);
      button(element, 'Submit the amendment').click();
      await tick(fixture);
      expect(element.textContent).toContain('The plan is not valid JSON');
      expect(http.match(`${T}/health-economics-plan`)).toHaveLength(0);
      editor.value = JSON.stringify(plan);
      editor.dispatchEvent(new Event('input'));
      await tick(fixture);
      button(element, 'Submit the amendment').click();
      const post = http.expectOne(`${T}/health-economics-plan`);
      expect(post.request.method).toBe('POST');
      expect(post.request.body).toEqual({ plan, reason: 'Updated prices' });
      post.flush(
        {
          status: 422,
          code: 'INVALID_PROTOCOL',
          title: 'Unprocessable Entity',
          detail: 'The health-economic plan is invalid.',
          errors: [{ field: 'healthEconomics.timeHorizonYears', reason: 'Required' }],
        },
        { status: 422, statusText: 'Unprocessable Entity' },
      );
      await tick(fixture);
      expect(element.textContent).toContain('healthEconomics.timeHorizonYears');
      expect(element.textContent).toContain('Required');
    },
    SLOW,
  );
});

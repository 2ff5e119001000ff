import { TestBed } from '@angular/core/testing';
import { EXAMPLE_TRIALS } from '@prospect/domain';
import { economicEvaluation, type EconomicEvaluationResult } from '@prospect/economics';
import { sampleFromSnapshot } from '@prospect/report';
import { CHART_LOADER } from '@prospect/web-ui/charts';
import {
  cohort,
  drawn,
  RecordingChart,
  recordingLoader,
  seriesNames,
  snapshotOf,
} from '../../analyses/charts/testing';
import { EvaluationCharts } from './evaluation-charts';

const plan = EXAMPLE_TRIALS.myeloma.protocol.healthEconomics;
if (!plan) throw new Error('the example protocol has a health-economic plan');
const sample = sampleFromSnapshot(snapshotOf(cohort(80, 80)));
const evaluation = economicEvaluation({
  plan,
  threshold: 0.35,
  outcomes: sample.outcomes,
  scores: sample.scores,
  draws: 40,
  seed: 'web-charts',
});

async function render(result: EconomicEvaluationResult) {
  RecordingChart.all = [];
  TestBed.resetTestingModule();
  TestBed.configureTestingModule({ providers: [{ provide: CHART_LOADER, useValue: recordingLoader }] });
  const fixture = TestBed.createComponent(EvaluationCharts);
  fixture.componentRef.setInput('result', result);
  fixture.detectChanges();
  await drawn();
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

describe('EvaluationCharts', () => {
  it('draws the CE plane against the comparator and the acceptability curves', async () => {
    const element = await render(evaluation);
    const titles = Array.from(element.querySelectorAll('[role="heading"]')).map((h) => h.textContent?.trim());
    const plane = evaluation.psa?.plane[0];
    expect(titles).toEqual([
      `Cost-effectiveness plane: ${plane?.strategy} vs ${plane?.comparator}`,
      'Cost-effectiveness acceptability curves',
    ]);
    expect(element.textContent).toContain('in 40 probabilistic draws (seed web-charts)');
    expect(seriesNames(RecordingChart.all[0])).toContain(`Simulations (n=${plane?.points.length})`);
    const curves = seriesNames(RecordingChart.all[1]);
    for (const row of evaluation.psa?.ceac.probability ?? []) expect(curves).toContain(row.strategy);
    expect(curves).toContain('Frontier (optimal strategy)');
  });

  it('says there is nothing to draw without a probabilistic analysis', async () => {
    const element = await render({ ...evaluation, psa: null });
    expect(element.querySelector('figure')).toBeNull();
    expect(element.textContent).toContain('No probabilistic sensitivity analysis was run (0 draws)');
  });
});

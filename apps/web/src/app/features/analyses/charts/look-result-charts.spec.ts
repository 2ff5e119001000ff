import { TestBed } from '@angular/core/testing';
import { runAnalysis, type AnalysisSnapshot } from '@prospect/analysis';
import { lookCharts, sampleFromSnapshot } from '@prospect/report';
import { CHART_LOADER } from '@prospect/web-ui/charts';
import { LookResultCharts } from './look-result-charts';
import { cohort, snapshotOf, drawn, RecordingChart, recordingLoader, seriesNames } from './testing';

const look = { lookNumber: 2, resultSha256: 'a'.repeat(64) };

function analysed(subjects: ReturnType<typeof cohort>) {
  const snapshot: AnalysisSnapshot = snapshotOf(subjects);
  return { snapshot, result: runAnalysis(snapshot) };
}

async function render(inputs: Record<string, unknown>) {
  RecordingChart.all = [];
  TestBed.resetTestingModule();
  TestBed.configureTestingModule({ providers: [{ provide: CHART_LOADER, useValue: recordingLoader }] });
  const fixture = TestBed.createComponent(LookResultCharts);
  fixture.componentRef.setInput('look', look);
  fixture.componentRef.setInput('replicates', 100);
  for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
  fixture.detectChanges();
  await drawn();
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

const titles = (element: HTMLElement) =>
  Array.from(element.querySelectorAll('[role="heading"]')).map((heading) => heading.textContent?.trim());

describe('LookResultCharts', () => {
  const { snapshot, result } = analysed(cohort(90, 70));

  it('draws ROC, calibration, decision curve and the forests from the result and snapshot', async () => {
    const element = await render({ result, sample: snapshot });
    expect(titles(element)).toEqual([
      'ROC curve',
      'Calibration',
      'Decision curve',
      'AUC by site',
      'AUC by ISS stage',
    ]);
    expect(element.querySelector('[role="heading"]')?.getAttribute('aria-level')).toBe('3');
    expect(element.textContent).toContain('per protocol, look 2');
    expect(element.textContent).toContain('100 replicates');
    expect(RecordingChart.all).toHaveLength(5);
    // The decision curve marks the snapshot's locked threshold.
    expect(seriesNames(RecordingChart.all[2])).toContain('Locked threshold 0.35');
    // The ROC band and curve are those of the report's mapping for the same look.
    const expected = lookCharts({
      look,
      result,
      sample: sampleFromSnapshot(snapshot),
      threshold: 0.35,
      replicates: 100,
    }).performance?.roc?.spec;
    expect(seriesNames(RecordingChart.all[0])).toEqual(expected?.series.map((series) => series.label ?? ''));
    const show = Array.from(element.querySelectorAll('button')).find((button) =>
      button.textContent?.includes('Show data table'),
    ) as HTMLButtonElement;
    show.click();
    await drawn();
    const table = element.querySelector('table') as HTMLTableElement;
    expect(table.caption?.textContent).toContain('Data: ROC curve');
    expect(table.querySelectorAll('tbody tr').length).toBe(expected?.data?.rows.length);
  });

  it('takes an explicit threshold over the snapshot’s', async () => {
    await render({ result, sample: snapshot, threshold: 0.5 });
    expect(seriesNames(RecordingChart.all[2])).toContain('Locked threshold 0.50');
  });

  it('says why ROC and calibration are missing without the snapshot, and keeps the others', async () => {
    const element = await render({ result, sample: null });
    expect(titles(element)).toEqual(['Decision curve', 'AUC by site', 'AUC by ISS stage']);
    expect(element.querySelector('[role="status"]')?.textContent).toContain('snapshot, which is not loaded');
    const short = sampleFromSnapshot(snapshot);
    const mismatch = await render({
      result,
      sample: { scores: short.scores.slice(1), outcomes: short.outcomes.slice(1) },
    });
    expect(mismatch.querySelector('[role="status"]')?.textContent).toContain(
      `(${short.scores.length - 1} subjects) does not match the result (${short.scores.length} subjects)`,
    );
  });

  it('reports an unavailable primary analysis and unavailable forests', async () => {
    const negative = analysed(cohort(20, 20, true));
    const element = await render({
      result: { ...negative.result, sites: { unavailable: 'only one site has outcomes' } },
      sample: negative.snapshot,
    });
    expect(element.querySelector('.notice--warn')?.textContent).toContain(
      'Look 2: the primary analysis could not be computed (the AUC needs both outcome classes',
    );
    expect(element.textContent).toContain('By site: not available (only one site has outcomes).');
    expect(titles(element)).not.toContain('ROC curve');
  });
});

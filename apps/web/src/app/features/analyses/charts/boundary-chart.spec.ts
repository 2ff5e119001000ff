import { TestBed } from '@angular/core/testing';
import { runAnalysis, type AnalysisSnapshot } from '@prospect/analysis';
import type { InterimPlan } from '@prospect/domain';
import { plannedBoundaries } from '@prospect/report';
import { CHART_LOADER } from '@prospect/web-ui/charts';
import { BoundaryChart } from './boundary-chart';
import { cohort, snapshotOf, drawn, PLAN, RecordingChart, recordingLoader, seriesNames } from './testing';

function analysed(subjects: ReturnType<typeof cohort>) {
  const snapshot: AnalysisSnapshot = snapshotOf(subjects);
  return { snapshot, result: runAnalysis(snapshot) };
}

async function render(inputs: Record<string, unknown>) {
  RecordingChart.all = [];
  TestBed.resetTestingModule();
  TestBed.configureTestingModule({ providers: [{ provide: CHART_LOADER, useValue: recordingLoader }] });
  const fixture = TestBed.createComponent(BoundaryChart);
  for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
  fixture.detectChanges();
  await drawn();
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

async function tableOf(element: HTMLElement): Promise<string[][]> {
  const show = Array.from(element.querySelectorAll('button')).find((button) =>
    button.textContent?.includes('Show data table'),
  ) as HTMLButtonElement;
  show.click();
  await drawn();
  return Array.from(element.querySelectorAll('tbody tr')).map((row) =>
    Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent?.trim() ?? ''),
  );
}

describe('BoundaryChart', () => {
  it('draws the plan’s boundaries alone for blinded users, computed from the spending functions', async () => {
    const element = await render({ plan: PLAN });
    expect(element.querySelector('[role="heading"]')?.textContent?.trim()).toBe(
      'Planned group-sequential boundaries',
    );
    expect(element.textContent).toContain('1-sided α 0.025, O’Brien–Fleming-type spending');
    const rows = await tableOf(element);
    const planned = plannedBoundaries(PLAN);
    expect(rows.map((row) => row[0])).toEqual(['boundary', 'boundary']);
    expect(rows.map((row) => row[2])).toEqual(
      planned.efficacy.map((value) => String(Number(value.toPrecision(4)))),
    );
    expect(rows.every((row) => row[4] === '—')).toBe(true);
    expect(seriesNames(RecordingChart.all[0])).toContain('Futility boundary');
  });

  it('adds the lower boundary of a two-sided plan', async () => {
    const twoSided: InterimPlan = { ...PLAN, sided: 2, alpha: 0.05, futility: { type: 'none' } };
    await render({ plan: twoSided });
    const names = seriesNames(RecordingChart.all[0]);
    expect(names).toContain('Lower efficacy boundary');
    expect(names).not.toContain('Futility boundary');
  });

  it('shows each completed look’s z against the observed boundaries for the DMC', async () => {
    const { result } = analysed(cohort(90, 70));
    const element = await render({ plan: PLAN, result });
    expect(element.querySelector('[role="heading"]')?.textContent?.trim()).toBe(
      'Group-sequential boundaries',
    );
    const rows = await tableOf(element);
    const observed = rows.filter((row) => row[0] === 'observed');
    expect(observed).toHaveLength(1);
    const z = result.primary.available ? result.primary.test?.z : undefined;
    expect(observed[0]?.[4]).toBe(String(Number((z as number).toPrecision(4))));
  });

  it('draws nothing without a plan or result, and says when the plan cannot be computed', async () => {
    const empty = await render({});
    expect(empty.querySelector('figure')).toBeNull();
    const broken = await render({
      plan: { ...PLAN, looks: [{ informationFraction: 0.8 }, { informationFraction: 0.4 }] },
    });
    expect(broken.querySelector('[role="alert"]')?.textContent).toContain(
      'The boundaries could not be computed',
    );
  });
});

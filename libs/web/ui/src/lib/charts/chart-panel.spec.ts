import { TestBed } from '@angular/core/testing';
import { consortFigure, decisionCurveChartSpec, type ConsortFlow, type XyChartSpec } from '@prospect/report';
import { ChartPanel, CHART_LOADER, type ChartInstance } from './chart-panel';
import { csvFileName, figureCsv, figureTableRows } from './chart-data';
import { FigureSvg } from './figure-svg';

const spec = decisionCurveChartSpec({
  points: [
    { threshold: 0.1, model: 0.3123456789, treatAll: 0.25 },
    { threshold: 0.2, model: 0.2, treatAll: null },
  ],
  lockedThreshold: 0.2,
});

class FakeChart implements ChartInstance {
  static created: { element: HTMLElement; chart: FakeChart }[] = [];
  options: object[] = [];
  resized = 0;
  disposed = false;
  setOption(option: object): void {
    this.options.push(option);
  }
  resize(): void {
    this.resized++;
  }
  dispose(): void {
    this.disposed = true;
  }
}

let resizeCallbacks: (() => void)[] = [];
class FakeResizeObserver {
  constructor(callback: () => void) {
    resizeCallbacks.push(callback);
  }
  observe(): void {
    /* the callbacks are called by the test */
  }
  disconnect(): void {
    resizeCallbacks = [];
  }
}

function readBlob(blob: Blob | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!blob) return reject(new Error('no file was offered'));
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

async function settle(): Promise<void> {
  await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

function setup(loader: () => Promise<(element: HTMLElement) => ChartInstance>) {
  TestBed.configureTestingModule({ providers: [{ provide: CHART_LOADER, useValue: loader }] });
  const fixture = TestBed.createComponent(ChartPanel);
  fixture.componentRef.setInput('chart', spec);
  fixture.componentRef.setInput('caption', 'Net benefit across thresholds.');
  return fixture;
}

describe('ChartPanel', () => {
  beforeEach(() => {
    FakeChart.created = [];
    resizeCallbacks = [];
    (globalThis as { ResizeObserver?: unknown }).ResizeObserver = FakeResizeObserver;
  });
  afterEach(() => {
    delete (globalThis as { ResizeObserver?: unknown }).ResizeObserver;
  });

  const loader = () =>
    Promise.resolve((element: HTMLElement) => {
      const chart = new FakeChart();
      FakeChart.created.push({ element, chart });
      return chart;
    });

  it('shows the title and caption, draws the spec’s option, resizes and disposes', async () => {
    const fixture = setup(loader);
    fixture.detectChanges();
    await settle();
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[role="heading"]')?.textContent?.trim()).toBe('Decision curve');
    expect(element.querySelector('[role="heading"]')?.getAttribute('aria-level')).toBe('3');
    expect(element.textContent).toContain('Net benefit across thresholds.');
    const canvas = element.querySelector('.chart-panel__canvas') as HTMLElement;
    expect(canvas.getAttribute('aria-label')).toBe(spec.description);
    expect(FakeChart.created).toHaveLength(1);
    expect(FakeChart.created[0]?.element).toBe(canvas);
    const chart = FakeChart.created[0]?.chart as FakeChart;
    const option = chart.options[0] as { animation: boolean; title: { show: boolean }; series: unknown[] };
    expect(option.animation).toBe(false);
    expect(option.title.show).toBe(false);
    expect(option.series).toHaveLength(4);
    expect(canvas.getAttribute('data-state')).toBe('drawn');

    resizeCallbacks.forEach((callback) => callback());
    expect(chart.resized).toBe(1);

    fixture.componentRef.setInput('chart', { ...spec, title: 'Other' } satisfies XyChartSpec);
    fixture.detectChanges();
    await fixture.whenStable();
    expect(chart.options).toHaveLength(2);

    fixture.destroy();
    expect(chart.disposed).toBe(true);
  });

  it('says so when the chart library fails to load, and keeps the data table', async () => {
    const fixture = setup(() => Promise.reject(new Error('chunk failed')));
    fixture.detectChanges();
    await settle();
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('chunk failed');
    const toggle = Array.from(element.querySelectorAll('button')).find((button) =>
      button.textContent?.includes('Show data table'),
    ) as HTMLButtonElement;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    toggle.click();
    fixture.detectChanges();
    await fixture.whenStable();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.textContent).toContain('Hide data table');
    const table = element.querySelector('table') as HTMLTableElement;
    expect(table.caption?.textContent).toContain('Data: Decision curve');
    expect(Array.from(table.querySelectorAll('th[scope="col"]')).map((th) => th.textContent?.trim())).toEqual(
      ['threshold', 'net_benefit_model', 'net_benefit_treat_all', 'net_benefit_treat_none'],
    );
    const cells = Array.from(table.querySelectorAll('tbody tr:first-child td')).map((td) =>
      td.textContent?.trim(),
    );
    expect(cells).toEqual(['0.1', '0.3123', '0.25', '0']);
    // A missing value reads as a dash, never NaN.
    expect(table.querySelector('tbody tr:nth-child(2)')?.textContent).toContain('—');
  });

  it('downloads the CSV of the same numbers', async () => {
    const fixture = setup(loader);
    fixture.detectChanges();
    await fixture.whenStable();
    const created: Blob[] = [];
    const url = URL as unknown as { createObjectURL: (blob: Blob) => string; revokeObjectURL: () => void };
    url.createObjectURL = (blob: Blob) => {
      created.push(blob);
      return 'blob:chart';
    };
    url.revokeObjectURL = () => undefined;
    let downloaded = '';
    const original = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      downloaded = this.download;
    };
    const button = Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('button')).find(
      (item) => item.textContent?.includes('Download CSV'),
    ) as HTMLButtonElement;
    button.click();
    HTMLAnchorElement.prototype.click = original;
    expect(downloaded).toBe('decision-curve.csv');
    expect(await readBlob(created[0])).toBe(
      'threshold,net_benefit_model,net_benefit_treat_all,net_benefit_treat_none\r\n' +
        '0.1,0.3123456789,0.25,0\r\n0.2,0.2,,0\r\n',
    );
  });
});

describe('figure data helpers', () => {
  const data = {
    columns: ['label', 'value'],
    rows: [
      ['=HYPERLINK("x")', 1 / 3],
      ['b', null],
    ],
  };

  it('formats the table for reading and the CSV at full report precision, guarded', () => {
    expect(figureTableRows(data)).toEqual([
      ['=HYPERLINK("x")', '0.3333'],
      ['b', null],
    ]);
    expect(figureCsv(data)).toBe('label,value\r\n"\'=HYPERLINK(""x"")",0.333333333333\r\nb,\r\n');
    expect(csvFileName('forest-iss stage/1')).toBe('forest-iss-stage-1.csv');
  });
});

describe('FigureSvg', () => {
  const flow: ConsortFlow = {
    enrolled: 12,
    notLocked: 2,
    locked: 10,
    outcome: { observed: 8, adjudicated: 1, pending: 1, conflicting: 0, missing: 0, withdrawn: 0 },
    analysedPrimary: 8,
    analysedSensitivity: 9,
    excludedFromPrimary: 1,
    exclusions: {
      'lock-after-treatment-start': 1,
      'imaging-outside-window': 0,
      'outcome-outside-window': 0,
      withdrawn: 0,
    },
  };

  it('renders the report’s SVG inline, labelled, with its data table', async () => {
    const fixture = TestBed.createComponent(FigureSvg);
    fixture.componentRef.setInput('figure', consortFigure(flow));
    fixture.componentRef.setInput('caption', 'Participant flow.');
    fixture.detectChanges();
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const svg = element.querySelector('svg') as SVGSVGElement;
    expect(svg).not.toBeNull();
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.querySelector('title')?.textContent).toBe(consortFigure(flow).title);
    expect(element.textContent).toContain('Participant flow.');
    expect(element.querySelector('script')).toBeNull();
    const toggle = Array.from(element.querySelectorAll('button')).find((button) =>
      button.textContent?.includes('Show data table'),
    ) as HTMLButtonElement;
    toggle.click();
    fixture.detectChanges();
    await fixture.whenStable();
    expect(element.querySelector('table caption')?.textContent).toContain(consortFigure(flow).title);
    expect(element.querySelectorAll('tbody tr').length).toBe(consortFigure(flow).data.rows.length);
  });

  it('escapes text from the data (no markup gets through)', async () => {
    const figure = consortFigure(flow);
    const fixture = TestBed.createComponent(FigureSvg);
    fixture.componentRef.setInput('figure', { ...figure, title: '<img src=x onerror=alert(1)>' });
    fixture.detectChanges();
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('img')).toBeNull();
    expect(element.querySelector('svg title')?.textContent).toBe('<img src=x onerror=alert(1)>');
  });
});

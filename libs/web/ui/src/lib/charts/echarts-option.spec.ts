import {
  boundaryChartSpec,
  calibrationChartSpec,
  cePlaneChartSpec,
  forestChartSpec,
  PALETTE,
  rocChartSpec,
  type XyChartSpec,
} from '@prospect/report';
import type {
  CustomSeriesOption,
  CustomSeriesRenderItemAPI,
  CustomSeriesRenderItemParams,
  LineSeriesOption,
  ScatterSeriesOption,
} from 'echarts';
import { echartsOption, escapeHtml, tooltipFormatter } from './echarts-option';

type AnyRecord = Record<string, unknown>;

const roc = rocChartSpec({
  curve: [
    { fpr: 0, tpr: 0 },
    { fpr: 0.2, tpr: 0.6 },
    { fpr: 1, tpr: 1 },
  ],
  band: [
    { specificity: 1, lower: 0, upper: 0.2 },
    { specificity: 0.8, lower: 0.4, upper: 0.8 },
    { specificity: 0, lower: 1, upper: 1 },
  ],
  auc: { estimate: 0.8, lower: 0.7, upper: 0.9 },
});

function seriesList(spec: XyChartSpec) {
  const option = echartsOption(spec);
  return option.series as (LineSeriesOption | ScatterSeriesOption | CustomSeriesOption)[];
}

/** A stand-in for ECharts' render API: data coordinates scaled by 100, values from `values`. */
function fakeApi(values: readonly (number | string)[] = []): CustomSeriesRenderItemAPI {
  return {
    coord: (point: number[]) => [(point[0] as number) * 100, (point[1] as number) * 100],
    value: (index: number) => {
      const value = values[index];
      return value === '-' || value === undefined ? Number.NaN : value;
    },
  } as unknown as CustomSeriesRenderItemAPI;
}

describe('echartsOption', () => {
  it('is static, accessible and titled from the spec', () => {
    const option = echartsOption(roc) as AnyRecord;
    expect(option['animation']).toBe(false);
    expect(option['aria']).toEqual({ enabled: true, label: { enabled: true, description: roc.description } });
    expect((option['title'] as AnyRecord)['text']).toBe('ROC curve');
    expect((option['title'] as AnyRecord)['show']).toBe(true);
    expect(((echartsOption(roc, { title: false }) as AnyRecord)['title'] as AnyRecord)['show']).toBe(false);
  });

  it('gives the axes the printed figure’s range, ticks, labels and gridlines', () => {
    const option = echartsOption(roc) as AnyRecord;
    const x = option['xAxis'] as AnyRecord;
    expect(x).toMatchObject({
      type: 'value',
      name: 'False positive rate (1 − specificity)',
      min: 0,
      max: 1,
      splitLine: { show: true, lineStyle: { color: '#e5e5e5' } },
      axisLine: { show: true, onZero: false },
    });
    expect(x['interval']).toBeCloseTo(0.2, 12);
    const labels = x['axisLabel'] as { customValues: number[]; formatter: (value: number) => string };
    expect(labels.customValues).toEqual(
      [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1].map((v) => expect.closeTo(v, 12)),
    );
    expect(labels.customValues.map(labels.formatter)).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect((option['yAxis'] as AnyRecord)['name']).toBe('Sensitivity');
  });

  it('maps the band to a filled polygon, the chance line to a reference, the curve to a line', () => {
    const [band, chance, model] = seriesList(roc);
    expect(band).toMatchObject({ type: 'custom', name: '95% CI (sensitivity)', silent: true, clip: true });
    const polygon = (band as CustomSeriesOption).renderItem as unknown as (
      params: Partial<CustomSeriesRenderItemParams>,
      api: CustomSeriesRenderItemAPI,
    ) => AnyRecord;
    const drawn = polygon({ dataIndex: 0 }, fakeApi());
    // Upper edge left to right, then the lower edge back (x = 1 − specificity).
    expect((drawn['shape'] as AnyRecord)['points']).toEqual([
      [0, 20],
      [expect.closeTo(20, 9), 80],
      [100, 100],
      [100, 100],
      [expect.closeTo(20, 9), 40],
      [0, 0],
    ]);
    expect(drawn['style']).toEqual({ fill: PALETTE.blue, opacity: 0.2 });
    expect(chance).toMatchObject({
      type: 'line',
      name: 'Chance',
      data: [
        [0, 0],
        [1, 1],
      ],
      silent: true,
      lineStyle: { color: PALETTE.grey, type: [4, 3] },
      tooltip: { show: false },
    });
    expect(model).toMatchObject({
      type: 'line',
      name: 'Model, AUC 0.80 (0.70–0.90)',
      step: false,
      showSymbol: false,
      lineStyle: { color: PALETTE.blue, width: 2, type: 'solid' },
      data: [
        [0, 0],
        [0.2, 0.6],
        [1, 1],
      ],
    });
  });

  it('lists labelled series with values in the legend, and uses an axis tooltip for curves', () => {
    const option = echartsOption(roc) as AnyRecord;
    expect((option['legend'] as AnyRecord)['data']).toEqual([
      '95% CI (sensitivity)',
      'Chance',
      'Model, AUC 0.80 (0.70–0.90)',
    ]);
    expect((option['tooltip'] as AnyRecord)['trigger']).toBe('axis');
    const none = echartsOption({ ...roc, legend: 'none' }) as AnyRecord;
    expect((none['legend'] as AnyRecord)['show']).toBe(false);
  });

  it('breaks lines at missing values and draws steps right-continuous', () => {
    const spec: XyChartSpec = {
      id: 'gaps',
      title: 'Gaps',
      description: 'Lines with gaps',
      x: { label: 'x', domain: [0, 3] },
      y: { label: 'y', domain: [0, 3] },
      series: [
        {
          kind: 'step',
          label: 'Steps',
          points: [
            [0, 0],
            [1, Number.NaN],
            [2, 2],
            [null, 1],
            [3, 3],
          ],
        },
        { kind: 'points', label: 'Hollow', filled: false, radius: 4, opacity: 0.5, points: [[1, 1]] },
      ],
    };
    const [steps, hollow] = seriesList(spec);
    expect(steps).toMatchObject({
      type: 'line',
      step: 'end',
      connectNulls: false,
      data: [
        [0, 0],
        ['-', '-'],
        [2, 2],
        ['-', '-'],
        [3, 3],
      ],
      color: PALETTE.blue,
    });
    expect(hollow).toMatchObject({
      type: 'scatter',
      symbolSize: 8,
      itemStyle: { color: '#ffffff', borderColor: PALETTE.vermillion, opacity: 0.5 },
    });
  });

  it('draws vertical, horizontal and steep diagonal references across the axis range', () => {
    const spec = cePlaneChartSpec({
      points: [
        [0.1, 1000],
        [-0.05, 3000],
      ],
      mean: [0.02, 2000],
      wtp: [20000],
      currency: '€',
      effectLabel: 'QALY',
    });
    const option = echartsOption(spec) as AnyRecord;
    const series = option['series'] as AnyRecord[];
    const x = option['xAxis'] as AnyRecord;
    const y = option['yAxis'] as AnyRecord;
    expect(series[0]?.['data']).toEqual([
      [x['min'], 0],
      [x['max'], 0],
    ]);
    expect(series[1]?.['data']).toEqual([
      [0, y['min']],
      [0, y['max']],
    ]);
    expect(series[3]).toMatchObject({ name: 'WTP €20k per QALY', clip: true });
    expect(series[3]?.['data']).toEqual([
      [x['min'], 20000 * (x['min'] as number)],
      [x['max'], 20000 * (x['max'] as number)],
    ]);
    // Currency tick labels as in the figure; only scatter and references: item tooltips.
    const format = (y['axisLabel'] as { formatter: (value: number) => string }).formatter;
    expect(format(2000)).toBe('€2k');
    expect((option['tooltip'] as AnyRecord)['trigger']).toBe('item');
    // The two axes through the origin stay out of the legend (no label).
    expect((option['legend'] as AnyRecord)['data']).toEqual([
      'Simulations (n=2)',
      'WTP €20k per QALY',
      'Mean',
    ]);
  });

  it('draws forest rows as error bars labelled on the y axis, and the pooled diamond', () => {
    const spec = forestChartSpec({
      rows: [
        { label: 'HD01', n: 40, events: 12, estimate: 0.8, lower: 0.7, upper: 0.9 },
        { label: 'TU02', n: 20, events: 6, estimate: null, lower: null, upper: null },
      ],
      pooled: { label: 'Pooled (random effects)', estimate: 0.78, lower: 0.7, upper: 0.86 },
      nullValue: 0.5,
      xLabel: 'AUC (95 % CI)',
    });
    const option = echartsOption(spec) as AnyRecord;
    const y = option['yAxis'] as AnyRecord;
    const labels = y['axisLabel'] as {
      show: boolean;
      customValues: number[];
      formatter: (v: number) => string;
    };
    expect(labels.show).toBe(true);
    expect(labels.customValues.map(labels.formatter)).toEqual(['HD01', 'TU02', 'Pooled (random effects)']);
    expect((y['axisLine'] as AnyRecord)['show']).toBe(false);
    const series = option['series'] as CustomSeriesOption[];
    const bars = series[1] as CustomSeriesOption;
    expect(bars.data).toEqual([
      { name: 'HD01: n 40 (12)', value: [0.8, 0, 0.7, 0.9, 10] },
      { name: 'TU02: n 20 (6)', value: ['-', -1, '-', '-', expect.closeTo(4 + 6 * Math.sqrt(0.5), 9)] },
    ]);
    const draw = bars.renderItem as unknown as (p: unknown, api: CustomSeriesRenderItemAPI) => AnyRecord;
    const square = draw({}, fakeApi([0.8, 0, 0.7, 0.9, 10]));
    expect(square['children']).toEqual([
      {
        type: 'line',
        shape: { x1: 70, y1: 0, x2: 90, y2: 0 },
        style: { stroke: PALETTE.blue, lineWidth: 1.5 },
      },
      { type: 'rect', shape: { x: 75, y: -5, width: 10, height: 10 }, style: { fill: PALETTE.blue } },
    ]);
    expect(draw({}, fakeApi(['-', -1, '-', '-', 6]))['children']).toEqual([]);
    const pooled = series[2] as CustomSeriesOption;
    expect(pooled.name).toBe('Pooled (random effects)');
    const diamond = (pooled.renderItem as unknown as typeof draw)({}, fakeApi([0.78, -2.4, 0.7, 0.86, 12]));
    const shapes = diamond['children'] as AnyRecord[];
    expect(shapes.map((shape) => shape['type'])).toEqual(['line', 'polygon']);
    expect((shapes[1]?.['shape'] as AnyRecord)['points']).toEqual([
      [70, -240],
      [78, -246],
      [86, -240],
      [78, -234],
    ]);
    expect((option['tooltip'] as AnyRecord)['trigger']).toBe('item');
  });

  it('shows notes with the title and leaves empty series out of the legend', () => {
    const calibration = calibrationChartSpec({
      groups: [{ meanPredicted: 0.2, observed: 0.25, lower: 0.1, upper: 0.4, n: 20 }],
      intercept: 0.1,
      slope: 0.9,
    });
    const title = (echartsOption(calibration) as AnyRecord)['title'] as AnyRecord;
    expect(title['subtext']).toBe('Intercept 0.10, slope 0.90');
    const planned = boundaryChartSpec({
      informationFractions: [0.5, 1],
      efficacy: [2.96, 1.97],
      futility: [0.2, 1.97],
      observed: [],
    });
    const legend = (echartsOption(planned) as AnyRecord)['legend'] as AnyRecord;
    expect(legend['data']).toEqual(['Efficacy boundary', 'Futility boundary']);
  });
});

describe('tooltipFormatter', () => {
  const meta = [
    { kind: 'reference' as const, name: 'Chance' },
    { kind: 'line' as const, name: 'Model <b>' },
    { kind: 'errorBars' as const, name: '' },
  ];
  const format = tooltipFormatter({ x: { label: 'FPR' }, y: { label: 'TPR' } }, meta);

  it('lists the x value and each curve’s y, escaped, without reference lines', () => {
    expect(
      format([
        { seriesIndex: 0, value: [0.2, 0.2], marker: '' },
        { seriesIndex: 1, value: [0.2, 0.612345], marker: '<m>' },
      ]),
    ).toBe('FPR 0.2<br><m>Model &lt;b&gt;: TPR 0.6123');
  });

  it('gives an error bar’s estimate and interval, and an item’s coordinates', () => {
    expect(format({ seriesIndex: 2, name: 'HD01: n 40 (12)', value: [0.8, 0, 0.7, 0.9] })).toBe(
      'HD01: n 40 (12): 0.8 (0.7–0.9)',
    );
    expect(format({ seriesIndex: 1, value: [0.5, '-'] })).toBe('Model &lt;b&gt;: FPR 0.5, TPR —');
    expect(format({ seriesIndex: 0, value: [0, 0] })).toBe('');
  });

  it('escapes HTML', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

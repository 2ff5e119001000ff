import { PALETTE, SERIES_COLOURS } from './figure';
import { chartAxis, chartData, chartSeriesColour, xyChart, type XyChartSpec } from './xy-chart';

const spec: XyChartSpec = {
  id: 'helpers',
  title: 'Helpers',
  description: 'Chart helpers',
  x: { label: 'x', include: [0] },
  y: { label: 'y', domain: [0, 1], format: (value) => `${value * 100}%` },
  series: [
    {
      kind: 'line',
      label: 'A',
      points: [
        [1, 0.2],
        [7.3, 0.5],
      ],
    },
    { kind: 'reference', orientation: 'horizontal', value: 0.5 },
    { kind: 'points', colour: '#123456', points: [[2, 0.4]] },
  ],
};

describe('chart helpers for other renderers', () => {
  it('resolve the axes as the figure draws them', () => {
    const x = chartAxis(spec, 'x');
    expect(x.domain).toEqual([0, 8]);
    expect(x.ticks).toEqual([0, 2, 4, 6, 8]);
    expect(x.format(2)).toBe('2');
    const y = chartAxis(spec, 'y');
    expect(y.domain).toEqual([0, 1]);
    expect(y.format(0.5)).toBe('50%');
  });

  it('give the figure’s colours and data table', () => {
    expect(chartSeriesColour(spec.series[0] as never, 0)).toBe(SERIES_COLOURS[0]);
    expect(chartSeriesColour(spec.series[1] as never, 1)).toBe(PALETTE.grey);
    expect(chartSeriesColour(spec.series[2] as never, 2)).toBe('#123456');
    expect(chartData(spec)).toEqual(xyChart(spec).data);
    expect(chartData(spec).rows[0]).toEqual(['A', 1, 0.2, null, null]);
  });

  it('draws a diamond error bar spanning its interval', () => {
    const figure = xyChart({
      ...spec,
      x: { label: 'x', domain: [0, 1] },
      series: [
        {
          kind: 'errorBars',
          marker: 'diamond',
          markerSize: 10,
          bars: [{ y: 0.5, estimate: 0.5, lower: 0.25, upper: 0.75 }],
        },
      ],
    });
    const diamond = figure.elements.find((element) => element.kind === 'polygon');
    if (diamond?.kind !== 'polygon') throw new Error('expected a diamond');
    const xs = diamond.points.map((point) => point[0]);
    const ys = diamond.points.map((point) => point[1]);
    expect(Math.max(...ys) - Math.min(...ys)).toBeCloseTo(10, 9);
    expect(xs[1]).toBeCloseTo(((xs[0] as number) + (xs[2] as number)) / 2, 9);
    expect(figure.elements.some((element) => element.kind === 'rect' && element.width === 10)).toBe(false);
  });
});

import { clipPolygon, clipSegment } from './clip';
import type { FigureElement, PolylineElement, TextElement } from './figure';
import { figureToSvg } from './svg';
import { xyChart, type PlotFrame, type XyChartSpec } from './xy-chart';

const base: XyChartSpec = {
  id: 'chart',
  title: 'Chart',
  description: 'A chart',
  x: { label: 'x', domain: [0, 1] },
  y: { label: 'y', domain: [0, 1] },
  series: [],
};

function ofKind<K extends FigureElement['kind']>(elements: readonly FigureElement[], kind: K) {
  return elements.filter((element): element is Extract<FigureElement, { kind: K }> => element.kind === kind);
}

function captureFrame(spec: XyChartSpec): { figure: ReturnType<typeof xyChart>; frame: PlotFrame } {
  let frame: PlotFrame | undefined;
  const figure = xyChart({
    ...spec,
    decorate: (value) => {
      frame = value;
      return [];
    },
  });
  if (frame === undefined) throw new Error('decorate was not called');
  return { figure, frame };
}

describe('clipping', () => {
  const box = { left: 0, top: 0, right: 10, bottom: 10 };
  it('cuts segments at the box and drops those outside', () => {
    expect(clipSegment([-5, 5], [5, 5], box)).toEqual([
      [0, 5],
      [5, 5],
    ]);
    expect(clipSegment([-5, -5], [-1, -1], box)).toBeUndefined();
  });
  it('clips polygons (Sutherland–Hodgman)', () => {
    const clipped = clipPolygon(
      [
        [-5, -5],
        [5, -5],
        [5, 5],
        [-5, 5],
      ],
      box,
    );
    expect(clipped.every(([x, y]) => x >= 0 && x <= 10 && y >= 0 && y <= 10)).toBe(true);
    expect(clipped).toHaveLength(4);
  });
});

describe('xyChart', () => {
  it('draws axes with nice tick labels and the axis titles (y rotated)', () => {
    const figure = xyChart({
      ...base,
      x: { label: 'Threshold', domain: [0, 1] },
      y: { label: 'Net benefit', domain: [-0.05, 0.3] },
    });
    const texts = ofKind(figure.elements, 'text').map((text) => text.text);
    expect(texts).toEqual(
      expect.arrayContaining(['0.0', '0.2', '1.0', '0.1', '0.3', 'Threshold', 'Net benefit']),
    );
    const yTitle = ofKind(figure.elements, 'text').find((text) => text.text === 'Net benefit') as TextElement;
    expect(yTitle.rotation).toBe(-90);
  });

  it('splits lines at missing values and never emits NaN', () => {
    const figure = xyChart({
      ...base,
      series: [
        {
          kind: 'line',
          points: [
            [0, 0],
            [0.2, 0.2],
            [0.4, null],
            [0.5, Number.NaN],
            [0.6, 0.6],
            [0.8, Number.POSITIVE_INFINITY],
            [0.9, 0.9],
            [1, 1],
          ],
        },
      ],
    });
    const lines = ofKind(figure.elements, 'polyline');
    expect(lines).toHaveLength(2); // the isolated 0.6 point cannot make a line
    expect(figureToSvg(figure)).not.toMatch(/NaN|Infinity/);
  });

  it('clips lines to the plot area and draws step lines as staircases', () => {
    const { figure, frame } = captureFrame({
      ...base,
      series: [
        {
          kind: 'line',
          points: [
            [0, 0],
            [1, 2],
          ],
        },
        {
          kind: 'step',
          points: [
            [0, 0],
            [0.5, 0.5],
            [1, 1],
          ],
        },
      ],
    });
    const [clipped, step] = ofKind(figure.elements, 'polyline') as PolylineElement[];
    const lastPoint = clipped?.points[clipped.points.length - 1];
    expect(lastPoint?.[0]).toBeCloseTo(frame.x(0.5));
    expect(lastPoint?.[1]).toBeCloseTo(frame.plot.top);
    expect(step?.points).toHaveLength(5);
    expect(step?.points[1]).toEqual([frame.x(0.5), frame.y(0)]);
  });

  it('draws bands as polygons, reference lines, error bars with square markers, and a legend', () => {
    const { figure, frame } = captureFrame({
      ...base,
      series: [
        {
          kind: 'band',
          label: 'CI',
          points: [
            { x: 0, lower: 0, upper: 0.2 },
            { x: 1, lower: 0.8, upper: 1 },
          ],
        },
        { kind: 'reference', orientation: 'diagonal', label: 'Chance' },
        { kind: 'reference', orientation: 'horizontal', value: 0.5 },
        { kind: 'reference', orientation: 'vertical', value: 2 }, // outside: not drawn
        { kind: 'errorBars', label: 'Sites', bars: [{ y: 0.5, estimate: 0.5, lower: 0.3, upper: 0.7 }] },
      ],
    });
    expect(ofKind(figure.elements, 'polygon')).toHaveLength(1);
    const lines = ofKind(figure.elements, 'line');
    expect(lines).toContainEqual(
      expect.objectContaining({ x1: frame.x(0), y1: frame.y(0), x2: frame.x(1), y2: frame.y(1) }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ x1: frame.x(0.3), x2: frame.x(0.7), y1: frame.y(0.5) }),
    );
    expect(lines.some((line) => line.x1 === frame.x(2))).toBe(false);
    const marker = ofKind(figure.elements, 'rect').find((rect) => rect.width === 6);
    expect(marker).toEqual(expect.objectContaining({ x: frame.x(0.5) - 3, y: frame.y(0.5) - 3 }));
    const legendTexts = ofKind(figure.elements, 'text').map((text) => text.text);
    expect(legendTexts).toEqual(expect.arrayContaining(['CI', 'Chance', 'Sites']));
  });

  it('derives a nice domain from the data when none is given', () => {
    const { frame } = captureFrame({
      ...base,
      x: { label: 'x' },
      y: { label: 'y', include: [0] },
      series: [
        {
          kind: 'points',
          points: [
            [3, 12],
            [17, 48],
          ],
        },
      ],
    });
    expect(frame.x.domain).toEqual([0, 20]);
    expect(frame.y.domain).toEqual([0, 50]);
  });

  it('survives having no data at all', () => {
    const figure = xyChart({
      ...base,
      x: { label: 'x' },
      y: { label: 'y' },
      series: [{ kind: 'line', points: [] }],
    });
    expect(figureToSvg(figure)).not.toMatch(/NaN/);
    expect(figure.data.rows).toEqual([]);
  });
});

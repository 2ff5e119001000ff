import type { Figure, FigureElement } from '../graphics/figure';
import { figureDataToCsv } from '../graphics/figure-data';
import { figureToSvg } from '../graphics/svg';
import { PdfDocument } from '../pdf/pdf-document';
import { readPdf } from '../pdf/testing/read-pdf';
import { boundaryFigure } from './boundary';
import { calibrationFigure } from './calibration';
import { ceacFigure } from './ceac';
import { cePlaneFigure } from './ce-plane';
import { consortFigure } from './consort';
import { decisionCurveFigure } from './decision-curve';
import { forestFigure } from './forest';
import { rocFigure } from './roc';
import * as samples from './testing/sample-data';

function ofKind<K extends FigureElement['kind']>(figure: Figure, kind: K) {
  return figure.elements.filter(
    (element): element is Extract<FigureElement, { kind: K }> => element.kind === kind,
  );
}

function texts(figure: Figure): string[] {
  return ofKind(figure, 'text').map((text) => text.text);
}

/** Every figure must give clean SVG, CSV and a readable PDF page. */
function expectRenderable(figure: Figure): void {
  const svg = figureToSvg(figure);
  expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  expect(figureDataToCsv(figure)).not.toMatch(/NaN|undefined/);
  const document = new PdfDocument({ title: figure.title, creationDate: new Date(0) });
  document.drawFigure(figure, 20, 820, 1);
  const content = readPdf(document.toBytes()).pages[0]?.content ?? '';
  expect(content).not.toMatch(/NaN|Infinity/);
}

/** Chart scales rebuilt from the axis ticks: the x and y of two labelled ticks per axis. */
function axisMapping(figure: Figure, axis: 'x' | 'y', a: string, b: string): (value: number) => number {
  const tick = (label: string) => {
    const text = ofKind(figure, 'text').find(
      (element) =>
        element.text === label && (axis === 'x' ? element.anchor === 'middle' : element.anchor === 'end'),
    );
    if (text === undefined) throw new Error(`no ${axis} tick ${label}`);
    return axis === 'x' ? text.x : text.y - 9 * 0.35;
  };
  const [va, vb] = [Number(a), Number(b)];
  const [pa, pb] = [tick(a), tick(b)];
  return (value) => pa + ((value - va) / (vb - va)) * (pb - pa);
}

describe('rocFigure', () => {
  const figure = rocFigure(samples.sampleRoc);

  it('has the chance diagonal, the band polygon, the curves and AUC with CI in the legend', () => {
    const polygons = ofKind(figure, 'polygon');
    expect(polygons).toHaveLength(1);
    const x = axisMapping(figure, 'x', '0.0', '1.0');
    const y = axisMapping(figure, 'y', '0.0', '1.0');
    expect(ofKind(figure, 'line')).toContainEqual(
      expect.objectContaining({
        x1: expect.closeTo(x(0), 1),
        y1: expect.closeTo(y(0), 1),
        x2: expect.closeTo(x(1), 1),
        y2: expect.closeTo(y(1), 1),
      }),
    );
    expect(ofKind(figure, 'polyline')).toHaveLength(2); // model and comparator
    expect(texts(figure)).toEqual(
      expect.arrayContaining(['Model, AUC 0.81 (0.76–0.86)', 'Chance', 'Clinician']),
    );
    expect(figure.data.columns).toEqual(['series', 'fpr', 'tpr', 'tpr_lower', 'tpr_upper']);
    expect(figure.data.rows).toHaveLength(21 + 11 + 11);
    expectRenderable(figure);
  });

  it('renders without a band or comparator', () => {
    const bare = rocFigure({
      curve: [
        { fpr: 0, tpr: 0 },
        { fpr: 1, tpr: 1 },
      ],
      band: [],
      auc: { estimate: 0.5, lower: Number.NaN, upper: Number.NaN },
    });
    expect(ofKind(bare, 'polygon')).toHaveLength(0);
    expect(texts(bare)).toContain('Model, AUC 0.50');
    expectRenderable(bare);
  });
});

describe('calibrationFigure', () => {
  it('draws grouped points with CIs, the smooth curve, the ideal diagonal and the summary', () => {
    const figure = calibrationFigure(samples.sampleCalibration);
    expect(ofKind(figure, 'circle').length).toBeGreaterThanOrEqual(samples.sampleCalibration.groups.length);
    expect(texts(figure)).toEqual(
      expect.arrayContaining(['Ideal', 'Smoothed', 'Intercept -0.04, slope 0.93']),
    );
    expect(texts(figure)).toEqual(expect.arrayContaining(['0.0', '1.0']));
    expectRenderable(figure);
  });

  it('renders one group without smooth curve or estimates', () => {
    const figure = calibrationFigure({
      groups: [{ meanPredicted: 0.3, observed: 0.25, lower: 0.1, upper: 0.4, n: 10 }],
      intercept: null,
      slope: null,
    });
    expect(texts(figure)).toContain('Intercept NA, slope NA');
    expectRenderable(figure);
  });
});

describe('decisionCurveFigure', () => {
  it('clips treat-all to an axis from -0.05 to the prevalence and marks the locked threshold', () => {
    const figure = decisionCurveFigure(samples.sampleDecisionCurve);
    const y = axisMapping(figure, 'y', '0.0', '0.1');
    const bottom = y(-0.05);
    for (const line of ofKind(figure, 'polyline')) {
      for (const [, py] of line.points) expect(py).toBeLessThanOrEqual(bottom + 0.01);
    }
    expect(texts(figure)).toEqual(
      expect.arrayContaining(['Treat none', 'Treat all', 'Model', 'Locked threshold 0.15', '0.3']),
    );
    expectRenderable(figure);
  });

  it('renders all-missing net benefits', () => {
    expectRenderable(
      decisionCurveFigure({
        points: [{ threshold: 0.1, model: null, treatAll: null }],
        lockedThreshold: null,
      }),
    );
  });
});

describe('forestFigure', () => {
  it('has one CI bar and label per row, n/events text and a pooled diamond', () => {
    const figure = forestFigure(samples.sampleForest);
    const rowsWithCi = samples.sampleForest.rows.filter((row) => row.estimate !== null);
    const markers = ofKind(figure, 'rect').filter((rect) => rect.style.fill !== undefined && rect.width < 12);
    expect(markers).toHaveLength(rowsWithCi.length);
    const bars = ofKind(figure, 'line').filter(
      (line) => line.y1 === line.y2 && line.style.strokeWidth === 1.25,
    );
    expect(bars).toHaveLength(rowsWithCi.length);
    expect(texts(figure)).toEqual(
      expect.arrayContaining([
        'Site A – Leeds',
        '420 (61)',
        '0.83 (0.77–0.88)',
        'NA',
        'Pooled',
        '0.81 (0.76–0.85)',
      ]),
    );
    const diamond = ofKind(figure, 'polygon');
    expect(diamond).toHaveLength(1);
    expect(diamond[0]?.points).toHaveLength(4);
    expectRenderable(figure);
  });

  it('renders a single site without pooled estimate', () => {
    const figure = forestFigure({
      rows: samples.sampleForest.rows.slice(0, 1),
      nullValue: 0.5,
      xLabel: 'AUC',
    });
    expect(ofKind(figure, 'polygon')).toHaveLength(0);
    expectRenderable(figure);
  });
});

describe('boundaryFigure', () => {
  it('places observed z markers at their information fraction and z via the axes', () => {
    const figure = boundaryFigure(samples.sampleBoundary);
    const x = axisMapping(figure, 'x', '0.0', '1.0');
    const y = axisMapping(figure, 'y', '0', '1');
    const observed = ofKind(figure, 'circle').filter((circle) => circle.r === 4);
    expect(observed).toHaveLength(2);
    expect(observed[0]?.cx).toBeCloseTo(x(0.26), 1);
    expect(observed[0]?.cy).toBeCloseTo(y(1.2), 1);
    expect(observed[1]?.cy).toBeCloseTo(y(2.1), 1);
    expect(texts(figure)).toEqual(
      expect.arrayContaining(['Efficacy boundary', 'Futility boundary', 'Observed z']),
    );
    expectRenderable(figure);
  });

  it('renders all-null observed z and no futility boundary', () => {
    const figure = boundaryFigure({
      ...samples.sampleBoundary,
      futility: null,
      observed: [{ informationFraction: 0.25, z: null }],
    });
    expect(ofKind(figure, 'circle').filter((circle) => circle.r === 4)).toHaveLength(0);
    expect(texts(figure)).not.toContain('Futility boundary');
    expectRenderable(figure);
  });
});

describe('cePlaneFigure', () => {
  it('plots every draw, the mean, WTP lines through the origin and quadrant axes', () => {
    const figure = cePlaneFigure(samples.sampleCePlane);
    expect(ofKind(figure, 'circle').length).toBeGreaterThanOrEqual(2000);
    expect(texts(figure)).toEqual(
      expect.arrayContaining(['WTP £20k per QALY', 'WTP £30k per QALY', 'Mean', '£0']),
    );
    const x = axisMapping(figure, 'x', '0.00', '0.02');
    const zeroLines = ofKind(figure, 'line').filter(
      (line) => Math.abs(line.x1 - x(0)) < 0.01 && line.x1 === line.x2,
    );
    expect(zeroLines.length).toBeGreaterThanOrEqual(1);
    expect(figure.data.rows).toHaveLength(2001);
    expectRenderable(figure);
  });

  it('renders with no draws', () => {
    expectRenderable(cePlaneFigure({ ...samples.sampleCePlane, points: [], wtp: [] }));
  });
});

describe('ceacFigure', () => {
  it('draws one curve per strategy on 0–1 with the frontier', () => {
    const figure = ceacFigure(samples.sampleCeac);
    expect(ofKind(figure, 'polyline')).toHaveLength(2);
    expect(texts(figure)).toEqual(
      expect.arrayContaining(['Standard care', 'AI triage', 'Frontier (optimal strategy)', '£50k', '1.0']),
    );
    expect(figure.data.columns).toEqual(['wtp', 'Standard care', 'AI triage', 'frontier']);
    expectRenderable(figure);
  });

  it('renders a single WTP point', () => {
    expectRenderable(ceacFigure({ wtp: [0], curves: [{ label: 'A', probability: [null] }], currency: '€' }));
  });
});

describe('consortFigure', () => {
  it('has the boxes with counts and arrows between them', () => {
    const figure = consortFigure(samples.sampleConsort);
    const boxes = ofKind(figure, 'rect');
    expect(boxes).toHaveLength(7);
    const all = texts(figure).join(' ');
    for (const expected of [
      'Enrolled (n=1250)',
      'Not locked (n=38)',
      'Prediction locked (n=1212)',
      'Outcome status',
      'Excluded from primary (n=92)',
      'Analysed per protocol (n=1120)',
      'Analysed in sensitivity',
      'Imaging outside window: 22',
    ]) {
      expect(all).toContain(expected);
    }
    expect(ofKind(figure, 'polygon').length).toBeGreaterThanOrEqual(6); // arrow heads
    // Text stays inside its box.
    for (const text of ofKind(figure, 'text')) {
      expect(
        boxes.some(
          (box) =>
            text.x >= box.x && text.x <= box.x + box.width && text.y >= box.y && text.y <= box.y + box.height,
        ),
      ).toBe(true);
    }
    expectRenderable(figure);
  });

  it('renders an empty flow', () => {
    const zero = consortFigure({
      enrolled: 0,
      notLocked: 0,
      locked: 0,
      outcome: { observed: 0, adjudicated: 0, pending: 0, conflicting: 0, missing: 0, withdrawn: 0 },
      analysedPrimary: 0,
      analysedSensitivity: 0,
      excludedFromPrimary: 0,
      exclusions: {
        'lock-after-treatment-start': 0,
        'imaging-outside-window': 0,
        'outcome-outside-window': 0,
        withdrawn: 0,
      },
    });
    expect(texts(zero)).toContain('Enrolled (n=0)');
    expectRenderable(zero);
  });
});

import { PALETTE, type Figure, type FigureElement, type Point } from '../graphics/figure';
import { arrowElements, lineElement, textElement } from '../graphics/shapes';
import { wrapText } from '../pdf/font-metrics';

/** Participant flow of a prospective validation, as counts. */
export interface ConsortFlow {
  readonly enrolled: number;
  readonly notLocked: number;
  readonly locked: number;
  readonly outcome: {
    readonly observed: number;
    readonly adjudicated: number;
    readonly pending: number;
    readonly conflicting: number;
    readonly missing: number;
    readonly withdrawn: number;
  };
  readonly analysedPrimary: number;
  readonly analysedSensitivity: number;
  readonly excludedFromPrimary: number;
  readonly exclusions: {
    readonly 'lock-after-treatment-start': number;
    readonly 'imaging-outside-window': number;
    readonly 'outcome-outside-window': number;
    readonly withdrawn: number;
  };
}

export interface ConsortFigureOptions {
  readonly id?: string;
  readonly title?: string;
}

const WIDTH = 520;
const MAIN_LEFT = 20;
const MAIN_WIDTH = 250;
const SIDE_LEFT = 320;
const SIDE_WIDTH = 180;
const TEXT_SIZE = 9;
const LEADING = 11.5;
const PADDING = 6;
const GAP = 26;
const BOX_STROKE = '#333333';

interface BoxText {
  readonly title: string;
  readonly details: readonly string[];
}

interface PlacedBox {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

function count(value: number): string {
  return Number.isFinite(value) ? String(value) : 'NA';
}

function boxLines(
  text: BoxText,
  width: number,
): readonly { readonly text: string; readonly bold: boolean }[] {
  const inner = width - 2 * PADDING;
  return [
    ...wrapText(text.title, 'Helvetica-Bold', TEXT_SIZE, inner).map((line) => ({ text: line, bold: true })),
    ...text.details.flatMap((detail) =>
      wrapText(detail, 'Helvetica', TEXT_SIZE, inner).map((line) => ({ text: line, bold: false })),
    ),
  ];
}

function boxHeight(text: BoxText, width: number): number {
  return boxLines(text, width).length * LEADING + 2 * PADDING - 2;
}

function drawBox(text: BoxText, box: PlacedBox): FigureElement[] {
  const elements: FigureElement[] = [
    {
      kind: 'rect',
      x: box.left,
      y: box.top,
      width: box.width,
      height: box.height,
      style: { stroke: BOX_STROKE, strokeWidth: 0.75, fill: PALETTE.white },
    },
  ];
  boxLines(text, box.width).forEach((line, index) => {
    elements.push(
      textElement(box.left + PADDING, box.top + PADDING + TEXT_SIZE + index * LEADING - 1, line.text, {
        size: TEXT_SIZE,
        weight: line.bold ? 'bold' : 'normal',
      }),
    );
  });
  return elements;
}

/**
 * CONSORT-style flow diagram: enrolment, prediction locking, outcome ascertainment, exclusions
 * from the primary analysis and the analysed populations, as boxes with wrapped text joined by
 * arrows.
 */
export function consortFigure(flow: ConsortFlow, options: ConsortFigureOptions = {}): Figure {
  const { outcome, exclusions } = flow;
  const texts = {
    enrolled: { title: `Enrolled (n=${count(flow.enrolled)})`, details: [] },
    notLocked: {
      title: `Not locked (n=${count(flow.notLocked)})`,
      details: ['No prediction locked before the outcome could be known'],
    },
    locked: { title: `Prediction locked (n=${count(flow.locked)})`, details: [] },
    outcome: {
      title: `Outcome status (n=${count(flow.locked)})`,
      details: [
        `Observed: ${count(outcome.observed)}`,
        `Adjudicated: ${count(outcome.adjudicated)}`,
        `Pending: ${count(outcome.pending)}`,
        `Conflicting: ${count(outcome.conflicting)}`,
        `Missing: ${count(outcome.missing)}`,
        `Withdrawn: ${count(outcome.withdrawn)}`,
      ],
    },
    excluded: {
      title: `Excluded from primary (n=${count(flow.excludedFromPrimary)})`,
      details: [
        `Prediction locked after treatment start: ${count(exclusions['lock-after-treatment-start'])}`,
        `Imaging outside window: ${count(exclusions['imaging-outside-window'])}`,
        `Outcome outside window: ${count(exclusions['outcome-outside-window'])}`,
        `Withdrawn: ${count(exclusions.withdrawn)}`,
      ],
    },
    primary: {
      title: `Analysed per protocol (n=${count(flow.analysedPrimary)})`,
      details: ['Primary analysis population'],
    },
    sensitivity: {
      title: `Analysed in sensitivity population (n=${count(flow.analysedSensitivity)})`,
      details: ['All locked predictions with an outcome'],
    },
  } satisfies Record<string, BoxText>;

  const elements: FigureElement[] = [];
  const arrow = (from: Point, to: Point): void => {
    elements.push(...arrowElements(from, to, BOX_STROKE, 6, 0.75));
  };
  const mainCentre = MAIN_LEFT + MAIN_WIDTH / 2;
  let top = 12;
  const place = (text: BoxText, left: number, width: number, at: number): PlacedBox => ({
    left,
    top: at,
    width,
    height: boxHeight(text, width),
  });

  const enrolled = place(texts.enrolled, MAIN_LEFT, MAIN_WIDTH, top);
  top += enrolled.height;
  // Side box hangs off the gap between "Enrolled" and "Prediction locked".
  const notLocked = place(texts.notLocked, SIDE_LEFT, SIDE_WIDTH, top + GAP / 2);
  const lockedTop = Math.max(top + 2 * GAP, notLocked.top + notLocked.height + GAP / 2);
  const locked = place(texts.locked, MAIN_LEFT, MAIN_WIDTH, lockedTop);
  const outcomeBox = place(texts.outcome, MAIN_LEFT, MAIN_WIDTH, locked.top + locked.height + GAP);
  const excludedTop = outcomeBox.top + outcomeBox.height + GAP / 2;
  const excluded = place(texts.excluded, SIDE_LEFT, SIDE_WIDTH, excludedTop);
  const analysedTop = Math.max(
    excludedTop + excluded.height + GAP,
    outcomeBox.top + outcomeBox.height + 2 * GAP,
  );
  const primary = place(texts.primary, MAIN_LEFT, MAIN_WIDTH, analysedTop);
  const sensitivity = place(texts.sensitivity, SIDE_LEFT, SIDE_WIDTH, analysedTop);

  const notLockedMiddle = notLocked.top + Math.min(notLocked.height / 2, 10);
  elements.push(
    lineElement([mainCentre, enrolled.top + enrolled.height], [mainCentre, notLockedMiddle], {
      stroke: BOX_STROKE,
      strokeWidth: 0.75,
    }),
  );
  arrow([mainCentre, notLockedMiddle], [SIDE_LEFT, notLockedMiddle]);
  arrow([mainCentre, notLockedMiddle], [mainCentre, locked.top]);
  arrow([mainCentre, locked.top + locked.height], [mainCentre, outcomeBox.top]);
  const excludedMiddle = excluded.top + Math.min(excluded.height / 2, 10);
  elements.push(
    lineElement([mainCentre, outcomeBox.top + outcomeBox.height], [mainCentre, excludedMiddle], {
      stroke: BOX_STROKE,
      strokeWidth: 0.75,
    }),
  );
  arrow([mainCentre, excludedMiddle], [SIDE_LEFT, excludedMiddle]);
  arrow([mainCentre, excludedMiddle], [mainCentre, primary.top]);
  // Sensitivity population branches from the outcome box, around the exclusion box.
  const branchX = SIDE_LEFT + SIDE_WIDTH + 10;
  const branchY = outcomeBox.top + outcomeBox.height - 10;
  elements.push({
    kind: 'polyline',
    points: [
      [MAIN_LEFT + MAIN_WIDTH, branchY],
      [branchX, branchY],
      [branchX, analysedTop - GAP / 2],
      [SIDE_LEFT + SIDE_WIDTH / 2, analysedTop - GAP / 2],
    ],
    style: { stroke: BOX_STROKE, strokeWidth: 0.75 },
  });
  arrow([SIDE_LEFT + SIDE_WIDTH / 2, analysedTop - GAP / 2], [SIDE_LEFT + SIDE_WIDTH / 2, sensitivity.top]);

  elements.push(
    ...drawBox(texts.enrolled, enrolled),
    ...drawBox(texts.notLocked, notLocked),
    ...drawBox(texts.locked, locked),
    ...drawBox(texts.outcome, outcomeBox),
    ...drawBox(texts.excluded, excluded),
    ...drawBox(texts.primary, primary),
    ...drawBox(texts.sensitivity, sensitivity),
  );
  const height = Math.max(primary.top + primary.height, sensitivity.top + sensitivity.height) + 12;

  return {
    id: options.id ?? 'consort',
    title: options.title ?? 'Participant flow',
    description:
      `Participant flow: ${count(flow.enrolled)} enrolled, ${count(flow.notLocked)} without a locked prediction, ` +
      `${count(flow.locked)} locked; ${count(flow.excludedFromPrimary)} excluded from the primary analysis; ` +
      `${count(flow.analysedPrimary)} analysed per protocol and ${count(flow.analysedSensitivity)} in the sensitivity population.`,
    width: WIDTH,
    height,
    elements,
    data: {
      columns: ['stage', 'n'],
      rows: [
        ['Enrolled', flow.enrolled],
        ['Not locked', flow.notLocked],
        ['Prediction locked', flow.locked],
        ['Outcome observed', outcome.observed],
        ['Outcome adjudicated', outcome.adjudicated],
        ['Outcome pending', outcome.pending],
        ['Outcome conflicting', outcome.conflicting],
        ['Outcome missing', outcome.missing],
        ['Outcome withdrawn', outcome.withdrawn],
        ['Excluded from primary', flow.excludedFromPrimary],
        ['Excluded: prediction locked after treatment start', exclusions['lock-after-treatment-start']],
        ['Excluded: imaging outside window', exclusions['imaging-outside-window']],
        ['Excluded: outcome outside window', exclusions['outcome-outside-window']],
        ['Excluded: withdrawn', exclusions.withdrawn],
        ['Analysed per protocol', flow.analysedPrimary],
        ['Analysed in sensitivity population', flow.analysedSensitivity],
      ].map(([stage, n]) => [stage as string, typeof n === 'number' && Number.isFinite(n) ? n : null]),
    },
  };
}

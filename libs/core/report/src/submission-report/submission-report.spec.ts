import { runAnalysis, type AnalysisSnapshot, type SnapshotSubject } from '@prospect/analysis';
import { EXAMPLE_TRIALS } from '@prospect/domain';
import { economicEvaluation } from '@prospect/economics';
import { createRng } from '@prospect/stats';
import { mrdFacts } from '../checklists/reporting-facts.fixture';
import { readPdf } from '../pdf/testing/read-pdf';
import { submissionReport, type SubmissionReportInput } from './submission-report';

const PROTOCOL = EXAMPLE_TRIALS.myeloma.protocol;

/** A seeded cohort: two sites, probabilities with real but imperfect signal, some pending. */
function subjects(count: number, withOutcome: number): SnapshotSubject[] {
  const rng = createRng('report-spec');
  return Array.from({ length: count }, (_unused, index) => {
    const outcome: 0 | 1 = rng.next() < 0.4 ? 1 : 0;
    const logit = -0.4 + 1.1 * outcome + 0.9 * (rng.next() + rng.next() + rng.next() - 1.5) * 2;
    const known = index < withOutcome;
    return {
      subjectId: `MM-RAD-01-${index % 2 === 0 ? 'HD01' : 'TU02'}-${String(index + 1).padStart(4, '0')}`,
      site: index % 2 === 0 ? 'HD01' : 'TU02',
      leafIndex: index,
      lockedAt: '2027-01-01T00:00:00.000Z',
      probability: 1 / (1 + Math.exp(-logit)),
      outcome: known ? outcome : null,
      outcomeStatus: known ? 'observed' : 'pending',
      exclusions: [],
      subgroups: { iss_stage: index % 3 === 0 ? 'III' : 'I-II', cytogenetic_risk: null },
    };
  });
}

function snapshot(lookNumber: number, all: SnapshotSubject[], previous: AnalysisSnapshot['previousLooks']) {
  const value: AnalysisSnapshot = {
    format: 'prospect.analysis-snapshot/1',
    trialCode: 'MM-RAD-01',
    protocolVersion: 1,
    lookNumber,
    frozenAt: '2027-06-01T00:00:00.000Z',
    design: {
      threshold: PROTOCOL.decisionThreshold,
      plannedSampleSize: 160,
      primaryHypothesis: PROTOCOL.primaryHypothesis,
      interimPlan: PROTOCOL.interimPlan,
      subgroups: [{ name: 'iss_stage', label: 'ISS stage', covariate: 'iss_stage' }],
      confidence: 0.95,
    },
    previousLooks: previous,
    subjects: all,
  };
  return value;
}

function input(): SubmissionReportInput {
  const first = runAnalysis(snapshot(1, subjects(160, 80), []));
  const second = runAnalysis(
    snapshot(2, subjects(160, 160), [
      {
        lookNumber: 1,
        informationFraction: first.informationFraction,
        z: first.primary.available ? (first.primary.test?.z ?? null) : null,
      },
    ]),
  );
  const sample = subjects(160, 160);
  const scores = sample.map((row) => row.probability);
  const outcomes = sample.map((row) => row.outcome as 0 | 1);
  const plan = PROTOCOL.healthEconomics;
  if (!plan) throw new Error('the example protocol has a health-economic plan');
  const evaluation = economicEvaluation({
    plan,
    threshold: PROTOCOL.decisionThreshold,
    outcomes,
    scores,
    draws: 200,
    seed: 'report-spec',
  });
  return {
    createdAt: new Date('2027-07-01T12:00:00.000Z'),
    facts: mrdFacts(),
    flow: {
      enrolled: 170,
      notLocked: 10,
      locked: 160,
      outcome: { observed: 158, adjudicated: 2, pending: 0, conflicting: 0, missing: 0, withdrawn: 0 },
      analysedPrimary: 160,
      analysedSensitivity: 160,
      excludedFromPrimary: 0,
      exclusions: {
        'lock-after-treatment-start': 0,
        'imaging-outside-window': 0,
        'outcome-outside-window': 0,
        withdrawn: 0,
      },
    },
    looks: [
      {
        lookNumber: 1,
        snapshotSha256: 'a'.repeat(64),
        resultSha256: 'b'.repeat(64),
        signatures: ['stat (approval)'],
        result: first,
      },
      {
        lookNumber: 2,
        snapshotSha256: 'c'.repeat(64),
        resultSha256: 'd'.repeat(64),
        signatures: [],
        result: second,
      },
    ],
    latestSample: { scores, outcomes },
    evaluation: {
      evaluationNumber: 1,
      lookNumber: 2,
      resultSha256: 'e'.repeat(64),
      result: evaluation,
      cheers: null,
    },
    ledger: { entries: 160, treeSize: 160, rootHash: 'f'.repeat(64), keyIds: ['key-1'], cosignatures: 1 },
  };
}

const SECTIONS = [
  'Trial summary',
  'Participant flow',
  'Prediction locking',
  'Prospective performance',
  'Sites and subgroups',
  'Interim analyses',
  'Cost-effectiveness',
  'Reporting checklists',
];

describe('submissionReport', () => {
  const report = submissionReport(input());

  it('draws every figure the package promises, in the HTML as inline SVG with its numbers', () => {
    const ids = [...report.html.matchAll(/<figure id="figure-([^"]+)"/g)].map((match) => match[1]);
    expect(ids).toEqual([
      'consort',
      'roc',
      'calibration',
      'decision-curve',
      'forest-sites',
      'forest-iss_stage',
      'boundaries',
      'ce-plane',
      'ceac',
    ]);
    expect(report.figures.map((figure) => figure.id)).toEqual(ids);
    expect(report.html.match(/<svg /g)?.length).toBe(ids.length);
    expect(report.html.match(/Download as CSV/g)?.length).toBe(ids.length);
    expect(report.html).not.toMatch(/NaN|undefined|Infinity/);
    for (const section of SECTIONS) expect(report.html).toContain(`>${section}</h2>`);
  });

  it('shows the ROC band the bootstrap gives and the looks against their boundaries', () => {
    const roc = report.figures.find((figure) => figure.id === 'roc');
    expect(roc?.elements.some((element) => element.kind === 'polygon')).toBe(true);
    const boundaries = report.figures.find((figure) => figure.id === 'boundaries');
    // Two observed z markers, one per analysed look.
    expect(boundaries?.data.rows.length).toBeGreaterThanOrEqual(2);
    expect(report.html).toContain('CONSORT-AI');
    expect(report.html).toContain('SPIRIT-AI');
    expect(report.html).toContain('TRIPOD+AI');
  });

  it('writes a PDF whose pages carry each section, a figure per chart and page numbers', () => {
    const pdf = readPdf(report.pdf);
    const pageOf = (text: string) => pdf.pages.findIndex((page) => page.texts.includes(text));
    const starts = SECTIONS.map(pageOf);
    expect(starts.every((page) => page >= 0)).toBe(true);
    // Each section starts a page, in order.
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect(new Set(starts).size).toBe(SECTIONS.length);
    const count = pdf.pages.length;
    expect(count).toBeGreaterThan(SECTIONS.length);
    pdf.pages.forEach((page, index) => expect(page.texts).toContain(`Page ${index + 1} of ${count}`));
    expect(pdf.info['Title']).toBe('MM-RAD-01: prospective validation report');
    const allText = pdf.pages.flatMap((page) => page.texts).join('\n');
    expect(allText).toContain('AUC');
    expect(allText).not.toMatch(/NaN|undefined/);
  });

  it('is byte-identical for the same input', () => {
    const again = submissionReport(input());
    expect(Buffer.from(again.pdf).equals(Buffer.from(report.pdf))).toBe(true);
    expect(again.html).toBe(report.html);
  });

  it('renders before any analysis: summary, flow, locking and checklists, with the gaps said', () => {
    const empty = submissionReport({ ...input(), looks: [], latestSample: null, evaluation: null });
    expect(empty.figures.map((figure) => figure.id)).toEqual(['consort']);
    expect(empty.html).toContain('No analysis has been computed yet');
    expect(empty.html).toContain('No economic evaluation has been computed.');
    expect(readPdf(empty.pdf).pages.length).toBeGreaterThanOrEqual(SECTIONS.length);
  });
});

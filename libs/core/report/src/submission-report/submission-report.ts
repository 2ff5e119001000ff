import type { CheersChecklist, EconomicEvaluationResult } from '@prospect/economics';
import type { PerformanceReport } from '@prospect/stats';
import type { ReportAnalysisResult } from '../charts/analysis-types';
import {
  analysisBoundaryChart,
  evaluationCharts,
  forestCharts,
  performanceCharts,
  ROC_BAND_REPLICATES,
} from '../charts/result-charts';
import { consortAiChecklist, spiritAiChecklist, tripodAiChecklist } from '../checklists';
import type { FilledChecklist, ReportingFacts } from '../checklists';
import { consortFigure, formatEstimate, formatWithCi, type ConsortFlow } from '../figures';
import type { Figure } from '../graphics/figure';
import { xyChart } from '../graphics/xy-chart';
import type { ReportBlock, ReportDocument } from './report-blocks';
import { renderHtml } from './render-html';
import { renderPdf } from './render-pdf';

/** One computed look, as stored: its result and the hashes that identify it. */
export interface ReportLook {
  readonly lookNumber: number;
  readonly snapshotSha256: string;
  readonly resultSha256: string;
  /** Who signed the result and what the signature means, e.g. "stat.one (approval)". */
  readonly signatures: readonly string[];
  readonly result: ReportAnalysisResult;
}

export interface ReportEvaluation {
  readonly evaluationNumber: number;
  readonly lookNumber: number;
  readonly resultSha256: string;
  readonly result: EconomicEvaluationResult;
  readonly cheers: CheersChecklist | null;
}

export interface SubmissionReportInput {
  /** When the package was built (the database's clock): the report's date, and the PDF's. */
  readonly createdAt: Date;
  readonly facts: ReportingFacts;
  readonly flow: ConsortFlow;
  readonly looks: readonly ReportLook[];
  /**
   * The latest look's per-protocol subjects (locked probability, outcome) from its frozen
   * snapshot: what the ROC curve, its band and the calibration groups are drawn from.
   */
  readonly latestSample: { readonly scores: readonly number[]; readonly outcomes: readonly (0 | 1)[] } | null;
  readonly evaluation: ReportEvaluation | null;
  readonly ledger: {
    readonly entries: number;
    readonly treeSize: number | null;
    readonly rootHash: string | null;
    readonly keyIds: readonly string[];
    readonly cosignatures: number;
  };
}

export interface SubmissionReport {
  readonly html: string;
  readonly pdf: Uint8Array;
  readonly figures: readonly Figure[];
}

/** Bootstrap replicates of the ROC curve's pointwise sensitivity band (pROC's `ci.se` default). */
const BAND_REPLICATES = ROC_BAND_REPLICATES;

/**
 * The submission report: trial summary, participant flow, prediction locking, prospective
 * performance (ROC with its bootstrap band, calibration, decision curve), sites and subgroups
 * (forest plots), the interim analyses against their boundaries, the cost-effectiveness
 * evaluation (CE plane, CEAC) and the filled reporting checklists (CONSORT-AI, SPIRIT-AI,
 * TRIPOD+AI, CHEERS 2022), as HTML and as PDF from the same content. Deterministic: the same
 * input gives the same bytes (the band's bootstrap is seeded by the latest result's hash).
 */
export function submissionReport(input: SubmissionReportInput): SubmissionReport {
  const blocks: ReportBlock[] = [];
  const figures: Figure[] = [];
  const figure = (value: Figure, caption: string): void => {
    figures.push(value);
    blocks.push({ kind: 'figure', figure: value, caption });
  };
  const { facts } = input;
  const latest = input.looks.at(-1) ?? null;

  summarySection(blocks, input);

  blocks.push({ kind: 'heading', level: 1, text: 'Participant flow', id: 'flow' });
  figure(
    consortFigure(input.flow),
    'CONSORT-style flow of the enrolled subjects: locks, outcome status and the per-protocol population.',
  );
  blocks.push({
    kind: 'table',
    caption: 'Exclusions from the per-protocol population (a subject can have several reasons)',
    columns: [{ header: 'Reason' }, { header: 'Subjects', numeric: true }],
    rows: Object.entries(input.flow.exclusions).map(([reason, count]) => [
      capitalised(EXCLUSION_REASONS[reason as keyof ConsortFlow['exclusions']]),
      String(count),
    ]),
  });

  lockingSection(blocks, input);

  blocks.push({ kind: 'heading', level: 1, text: 'Prospective performance', id: 'performance' });
  if (!latest) {
    blocks.push({
      kind: 'paragraph',
      text: 'No analysis has been computed yet: there are no results to report.',
    });
  } else if (!latest.result.primary.available) {
    blocks.push({
      kind: 'paragraph',
      text: `Look ${latest.lookNumber}: the primary analysis could not be computed (${latest.result.primary.reason}).`,
    });
  } else {
    performanceSection(
      blocks,
      figure,
      latest,
      latest.result.primary.report,
      input,
      facts.model.decisionThreshold,
    );
  }

  blocks.push({ kind: 'heading', level: 1, text: 'Sites and subgroups', id: 'forest' });
  if (latest) subgroupSection(blocks, figure, latest.result);
  else blocks.push({ kind: 'paragraph', text: 'No analysis has been computed yet.' });

  blocks.push({ kind: 'heading', level: 1, text: 'Interim analyses', id: 'boundaries' });
  interimSection(blocks, figure, input, latest);

  blocks.push({ kind: 'heading', level: 1, text: 'Cost-effectiveness', id: 'economics' });
  if (input.evaluation) economicsSection(blocks, figure, input.evaluation);
  else blocks.push({ kind: 'paragraph', text: 'No economic evaluation has been computed.' });

  blocks.push({ kind: 'heading', level: 1, text: 'Reporting checklists', id: 'checklists' });
  blocks.push({
    kind: 'paragraph',
    text:
      'Items the platform can answer from the protocol, the model card and the locked data are filled in; the others ' +
      'say what the sponsor must add. Nothing is inferred beyond the recorded facts.',
  });
  for (const checklist of [consortAiChecklist(facts), spiritAiChecklist(facts), tripodAiChecklist(facts)]) {
    checklistTable(blocks, checklist);
  }
  if (input.evaluation?.cheers) cheersTable(blocks, input.evaluation.cheers);

  const document: ReportDocument = {
    title: `${facts.trial.id}: prospective validation report`,
    subtitle: [
      facts.trial.title,
      `Model ${facts.model.name} ${facts.model.version} (SHA-256 ${facts.model.sha256})`,
      `Built ${input.createdAt.toISOString()} by Prospect${latest ? `; latest analysis: look ${latest.lookNumber}${latest.result.final ? ' (final)' : ''}` : ''}`,
    ],
    footer: `${facts.trial.id} · prospective validation report · ${input.createdAt.toISOString().slice(0, 10)}`,
    createdAt: input.createdAt,
    blocks,
  };
  return { html: renderHtml(document), pdf: renderPdf(document), figures };
}

/** Each per-protocol exclusion in words, for tables and for the checklists' sentences. */
export const EXCLUSION_REASONS: Readonly<Record<keyof ConsortFlow['exclusions'], string>> = {
  'lock-after-treatment-start': 'prediction locked after the treatment start',
  'imaging-outside-window': 'baseline imaging outside the protocol window',
  'outcome-outside-window': 'outcome assessed outside the protocol window',
  withdrawn: 'withdrawn before the outcome',
};

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

type AddFigure = (figure: Figure, caption: string) => void;

// Tables print numbers as the figures do (missing values read "NA"), three decimals by default.
const fixed = (value: number | null | undefined, digits = 3): string => formatEstimate(value, digits);
const withCi = (estimate: number | null, ci: readonly [number, number] | null | undefined): string =>
  formatWithCi(estimate, ci?.[0], ci?.[1], 3);
const money = (value: number, currency: string): string =>
  `${currency} ${Math.round(value).toLocaleString('en-GB')}`;

function summarySection(blocks: ReportBlock[], input: SubmissionReportInput): void {
  const { facts } = input;
  const design = facts.design;
  const endpoint = facts.endpoint;
  const endpointText =
    endpoint.type === 'mrd'
      ? `MRD negativity at a sensitivity of ${endpoint.negativityThreshold}`
      : endpoint.type === 'pcr'
        ? `Pathological complete response (${endpoint.definition})`
        : `${endpoint.description} (positive class ${endpoint.positiveClass})`;
  blocks.push({ kind: 'heading', level: 1, text: 'Trial summary', id: 'summary' });
  blocks.push({
    kind: 'key-value',
    rows: [
      ['Trial', `${facts.trial.id}${facts.trial.registryId ? ` (${facts.trial.registryId})` : ''}`],
      ['Title', facts.trial.title],
      ['Protocol version', String(facts.trial.protocolVersion ?? '—')],
      ['Sites', facts.sites.map((site) => `${site.code} (${site.name})`).join(', ')],
      ['Primary endpoint', endpointText],
      [
        'Assessment window',
        `days ${endpoint.assessmentWindowDays.start}–${endpoint.assessmentWindowDays.end} after the treatment start`,
      ],
      ['Model', `${facts.model.name} ${facts.model.version}`],
      ['Model SHA-256', facts.model.sha256],
      ['Model inputs', facts.model.inputFeatures.map((feature) => feature.name).join(', ')],
      [
        'Locked decision threshold',
        `predicted positive when the probability is ≥ ${facts.model.decisionThreshold}`,
      ],
      ['Planned sample size', String(design.plannedSampleSize)],
      [
        'Group-sequential plan',
        `${design.looks.length} looks at information ${design.looks.map((look) => look.informationFraction).join(', ')}; ` +
          `${design.sided}-sided α ${design.alpha}, ${design.spending.type} spending; futility: ${design.futility.type}`,
      ],
      [
        'Primary hypothesis',
        design.hypothesis
          ? `H0: AUC ≤ ${design.hypothesis.nullValue}; alternative AUC ${design.hypothesis.alternativeValue}`
          : '—',
      ],
    ],
  });
  blocks.push({
    kind: 'paragraph',
    text:
      'Every prediction was computed by the frozen model named above from the baseline imaging and covariates, and ' +
      'locked in the trial’s signed, append-only ledger before anyone could know the outcome. Outcomes were recorded ' +
      'by assessors blinded to the predictions; the analyses follow the pre-registered plan. Subjects appear only by ' +
      'their pseudonymous subject identifiers; the package holds no direct identifiers.',
  });
}

function lockingSection(blocks: ReportBlock[], input: SubmissionReportInput): void {
  const { ledger, facts } = input;
  blocks.push({ kind: 'heading', level: 1, text: 'Prediction locking', id: 'locking' });
  blocks.push({
    kind: 'key-value',
    rows: [
      ['Ledger', facts.locking.ledger],
      ['Entries', String(ledger.entries)],
      [
        'Latest signed tree head',
        ledger.treeSize === null ? '—' : `size ${ledger.treeSize}, root ${ledger.rootHash}`,
      ],
      ['Signing keys', ledger.keyIds.join(', ') || '—'],
      ['Cosignatures', String(ledger.cosignatures)],
      ['Verification', facts.locking.verificationCommand ?? 'prospect verify <package folder>'],
    ],
  });
  blocks.push({
    kind: 'paragraph',
    text:
      'The package’s ledger folder holds every entry with its opening, the signed tree heads, cosignatures, public ' +
      'keys and inclusion proofs. Verification needs no database and no network: it recomputes the tree, checks the ' +
      'signatures and proofs, opens each prediction commitment and checks that each lock precedes the subject’s ' +
      'treatment start.',
  });
}

function performanceSection(
  blocks: ReportBlock[],
  figure: AddFigure,
  look: ReportLook,
  report: PerformanceReport,
  input: SubmissionReportInput,
  threshold: number,
): void {
  const result = look.result;
  blocks.push({
    kind: 'paragraph',
    text:
      `Look ${look.lookNumber}${result.final ? ' (final)' : ''}, per-protocol population: ${report.n} subjects, ` +
      `${report.events} with the outcome. Result SHA-256 ${look.resultSha256}; snapshot SHA-256 ${look.snapshotSha256}.`,
  });
  const calibration = 'unavailable' in report.calibration ? null : report.calibration;
  blocks.push({
    kind: 'table',
    caption: `Performance at the locked threshold ${threshold} (95 % confidence intervals)`,
    columns: [
      { header: 'Measure', width: 1.4 },
      { header: 'Estimate (95 % CI)', numeric: true },
      { header: 'Method', width: 1.4 },
    ],
    rows: [
      ['AUC', withCi(report.auc.estimate, report.auc.ci), 'DeLong'],
      ['Sensitivity', withCi(report.sensitivity.estimate, report.sensitivity.wilson), 'Wilson'],
      ['Specificity', withCi(report.specificity.estimate, report.specificity.wilson), 'Wilson'],
      ['Positive predictive value', withCi(report.ppv.estimate, report.ppv.wilson), 'Wilson'],
      ['Negative predictive value', withCi(report.npv.estimate, report.npv.wilson), 'Wilson'],
      [
        'Calibration intercept',
        calibration ? withCi(calibration.intercept.estimate, calibration.intercept.ci) : '—',
        'logistic recalibration',
      ],
      [
        'Calibration slope',
        calibration ? withCi(calibration.slope.estimate, calibration.slope.ci) : '—',
        'logistic recalibration',
      ],
      ['Brier score', calibration ? fixed(calibration.brier) : '—', ''],
      [
        'Confusion (TP / FP / TN / FN)',
        `${report.confusion.tp} / ${report.confusion.fp} / ${report.confusion.tn} / ${report.confusion.fn}`,
        '',
      ],
    ],
  });
  const charts = performanceCharts({
    look,
    report,
    sample: input.latestSample,
    threshold,
    replicates: BAND_REPLICATES,
  });
  if (charts.roc && charts.calibration) {
    figure(xyChart(charts.roc.spec), charts.roc.caption);
    figure(xyChart(charts.calibration.spec), charts.calibration.caption);
  } else {
    blocks.push({
      kind: 'paragraph',
      text: 'The per-subject sample of this look is not available: the ROC curve and calibration plot are omitted.',
    });
  }
  figure(xyChart(charts.decisionCurve.spec), charts.decisionCurve.caption);
}

function subgroupSection(blocks: ReportBlock[], figure: AddFigure, result: ReportAnalysisResult): void {
  for (const forest of forestCharts(result)) {
    if ('chart' in forest) figure(xyChart(forest.chart.spec), forest.chart.caption);
    else if (forest.by === 'site') {
      blocks.push({ kind: 'paragraph', text: `By site: not available (${forest.unavailable}).` });
    } else {
      blocks.push({
        kind: 'paragraph',
        text: `Subgroup ${forest.name}: not available (${forest.unavailable}).`,
      });
    }
  }
}

function interimSection(
  blocks: ReportBlock[],
  figure: AddFigure,
  input: SubmissionReportInput,
  latest: ReportLook | null,
): void {
  if (!latest) {
    blocks.push({ kind: 'paragraph', text: 'No look has been analysed yet.' });
    return;
  }
  blocks.push({
    kind: 'table',
    caption:
      'Looks analysed under the pre-registered plan (z: Wald statistic of H0 AUC ≤ AUC0 with the DeLong SE)',
    columns: [
      { header: 'Look', numeric: true, width: 0.5 },
      { header: 'Information', numeric: true, width: 0.8 },
      { header: 'n (events)', numeric: true, width: 0.8 },
      { header: 'z', numeric: true, width: 0.6 },
      { header: 'Critical value', numeric: true, width: 0.8 },
      { header: 'Futility bound', numeric: true, width: 0.8 },
      { header: 'Decision', width: 1.4 },
      { header: 'Signed by', width: 1.2 },
    ],
    rows: input.looks.map((look) => {
      const result = look.result;
      return [
        String(look.lookNumber),
        fixed(result.informationFraction),
        `${result.primary.n} (${result.primary.events})`,
        result.primary.available ? fixed(result.primary.test?.z ?? null, 2) : '—',
        fixed(result.criticalValue, 3),
        fixed(result.futility.bound, 3),
        result.decision,
        look.signatures.join(', ') || '—',
      ];
    }),
  });
  blocks.push({ kind: 'paragraph', text: `Look ${latest.lookNumber}: ${latest.result.rationale}` });
  const boundary = analysisBoundaryChart(latest.result);
  figure(xyChart(boundary.spec), boundary.caption);
}

function economicsSection(blocks: ReportBlock[], figure: AddFigure, evaluation: ReportEvaluation): void {
  const result = evaluation.result;
  const currency = result.currency;
  blocks.push({
    kind: 'paragraph',
    text:
      `Evaluation ${evaluation.evaluationNumber} on look ${evaluation.lookNumber}: ${result.perspective} perspective, ` +
      `${result.timeHorizonYears}-year horizon, discount rates ${result.discountRates.costs} (costs) and ` +
      `${result.discountRates.effects} (effects), ${currency} at ${result.priceYear} prices, effects in ${result.effectMeasure}. ` +
      `Result SHA-256 ${evaluation.resultSha256}.`,
  });
  blocks.push({
    kind: 'table',
    caption: 'Base case: expected cost and effect per patient, incremental analysis',
    columns: [
      { header: 'Strategy', width: 1.2 },
      { header: `Cost (${currency})`, numeric: true },
      { header: `Effect (${result.effectMeasure})`, numeric: true },
      { header: 'ICER', numeric: true },
      { header: 'Status', width: 2 },
    ],
    rows: result.baseCase.incremental.map((row) => [
      row.strategy,
      money(row.cost, ''),
      fixed(row.effect, 3),
      row.icer === null ? '—' : money(row.icer, currency),
      row.note,
    ]),
  });
  const psa = result.psa;
  if (!psa) {
    blocks.push({ kind: 'paragraph', text: 'No probabilistic sensitivity analysis was run (0 draws).' });
    return;
  }
  for (const chart of evaluationCharts(result)) figure(xyChart(chart.spec), chart.caption);
  blocks.push({
    kind: 'table',
    caption: 'Expected value of perfect information',
    columns: [
      { header: `Willingness to pay (${currency})`, numeric: true },
      { header: `Per patient (${currency})`, numeric: true },
      { header: `Population (${currency})`, numeric: true },
    ],
    rows: psa.evpi.map((row) => [money(row.wtp, ''), money(row.perPatient, ''), money(row.population, '')]),
  });
}

const STATUS_LABELS: Readonly<Record<string, string>> = {
  reported: 'Reported',
  'not-applicable': 'Not applicable',
  'sponsor-to-complete': 'Sponsor to complete',
  'not-reported': 'Not reported',
  missing: 'Missing',
};

function checklistTable(blocks: ReportBlock[], checklist: FilledChecklist): void {
  blocks.push({ kind: 'heading', level: 2, text: checklist.name });
  blocks.push({ kind: 'paragraph', text: checklist.reference });
  blocks.push({
    kind: 'table',
    caption: `${checklist.name}: ${checklist.items.filter((item) => item.status === 'reported').length} of ${checklist.items.length} items reported`,
    columns: [
      { header: 'Item', width: 0.45 },
      { header: 'Topic', width: 0.9 },
      { header: 'Status', width: 0.7 },
      { header: 'Answer', width: 3 },
      { header: 'Where', width: 0.9 },
    ],
    rows: checklist.items.map((item) => [
      item.id,
      item.topic,
      STATUS_LABELS[item.status] ?? item.status,
      item.answer,
      item.location ?? '—',
    ]),
  });
}

function cheersTable(blocks: ReportBlock[], cheers: CheersChecklist): void {
  blocks.push({ kind: 'heading', level: 2, text: 'CHEERS 2022' });
  blocks.push({
    kind: 'paragraph',
    text:
      'Husereau D, et al. Consolidated Health Economic Evaluation Reporting Standards 2022 (CHEERS 2022) statement. ' +
      'BMJ 2022;376:e067975.',
  });
  blocks.push({
    kind: 'table',
    caption: `CHEERS 2022: ${cheers.items.filter((item) => item.status === 'reported').length} of ${cheers.items.length} items reported`,
    columns: [
      { header: 'Item', width: 0.45 },
      { header: 'Topic', width: 1 },
      { header: 'Status', width: 0.7 },
      { header: 'Answer', width: 3.3 },
    ],
    rows: cheers.items.map((item) => [
      String(item.number),
      item.topic,
      STATUS_LABELS[item.status] ?? item.status,
      item.text || 'Not answered.',
    ]),
  });
}

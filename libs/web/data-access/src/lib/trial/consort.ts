import type { TrialFlow, FlowOutcomeStatus, FlowExclusion } from './trial.models';

/** A reason with its count, inside a box of the flow diagram. */
export interface ConsortReason {
  readonly key: string;
  readonly label: string;
  readonly count: number;
}

/** One stage of the flow: the main box, and beside it who left the flow there and why. */
export interface ConsortStage {
  readonly key: string;
  readonly title: string;
  readonly count: number;
  readonly note: string;
  readonly aside: {
    readonly title: string;
    readonly count: number;
    readonly reasons: readonly ConsortReason[];
  } | null;
}

export const FLOW_OUTCOME_LABELS: Readonly<Record<FlowOutcomeStatus, string>> = {
  observed: 'Observed',
  adjudicated: 'Adjudicated',
  pending: 'Pending (window open or not yet recorded)',
  conflicting: 'Conflicting results, awaiting adjudication',
  missing: 'Missing (window closed without a result)',
  withdrawn: 'Withdrawn',
};

export const FLOW_EXCLUSION_LABELS: Readonly<Record<FlowExclusion, string>> = {
  'lock-after-treatment-start': 'Prediction locked after treatment start',
  'imaging-outside-window': 'Baseline imaging outside the protocol window',
  'outcome-outside-window': 'Outcome assessed outside the protocol window',
  withdrawn: 'Withdrawn',
};

const WITHOUT_OUTCOME: readonly FlowOutcomeStatus[] = ['pending', 'conflicting', 'missing', 'withdrawn'];

/**
 * The CONSORT-style stages of a trial's flow, top to bottom: enrolled, locked, with an outcome,
 * analysed (primary, per protocol) and analysed (sensitivity). Every number comes from the API;
 * nothing is derived except the labels.
 */
export function consortStages(flow: TrialFlow): ConsortStage[] {
  const withoutOutcome = WITHOUT_OUTCOME.map((status) => ({
    key: status,
    label: FLOW_OUTCOME_LABELS[status],
    count: flow.outcome[status] ?? 0,
  }));
  const exclusions = (Object.keys(FLOW_EXCLUSION_LABELS) as FlowExclusion[]).map((key) => ({
    key,
    label: FLOW_EXCLUSION_LABELS[key],
    count: flow.exclusions[key] ?? 0,
  }));
  return [
    {
      key: 'enrolled',
      title: 'Enrolled',
      count: flow.enrolled,
      note: 'Patients enrolled from the FHIR server at a trial site.',
      aside: {
        title: 'Not locked',
        count: flow.notLocked,
        reasons: [{ key: 'not-locked', label: 'No prediction locked yet', count: flow.notLocked }],
      },
    },
    {
      key: 'locked',
      title: 'Prediction locked',
      count: flow.locked,
      note: 'A prediction committed to the signed ledger.',
      aside: {
        title: 'Without an outcome',
        count: flow.locked - flow.withOutcome,
        reasons: withoutOutcome,
      },
    },
    {
      key: 'with-outcome',
      title: 'Outcome known',
      count: flow.withOutcome,
      note: `Observed ${flow.outcome.observed ?? 0}, adjudicated ${flow.outcome.adjudicated ?? 0}.`,
      aside: {
        title: 'Excluded from the primary analysis',
        count: flow.excludedFromPrimary,
        reasons: exclusions,
      },
    },
    {
      key: 'analysed-primary',
      title: 'Analysed, primary (per protocol)',
      count: flow.analysedPrimary,
      note: 'Locked before treatment start, imaging and outcome in their windows.',
      aside: null,
    },
    {
      key: 'analysed-sensitivity',
      title: 'Analysed, sensitivity',
      count: flow.analysedSensitivity,
      note: 'Every locked subject with an outcome, deviations included.',
      aside: null,
    },
  ];
}

/** The flow as table rows: stage, count, and each reason indented under its stage. */
export function consortTableRows(flow: TrialFlow): { label: string; count: number; level: number }[] {
  const rows: { label: string; count: number; level: number }[] = [];
  for (const stage of consortStages(flow)) {
    rows.push({ label: stage.title, count: stage.count, level: 0 });
    if (stage.aside) {
      rows.push({ label: stage.aside.title, count: stage.aside.count, level: 1 });
      for (const reason of stage.aside.reasons) {
        if (stage.aside.reasons.length > 1) rows.push({ label: reason.label, count: reason.count, level: 2 });
      }
    }
  }
  return rows;
}

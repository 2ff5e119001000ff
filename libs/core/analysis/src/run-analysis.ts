import {
  aucTestAgainst,
  conditionalPower,
  type GroupSequentialBoundaries,
  performanceReport,
  type PerformanceReport,
  subgroupPerformance,
  type SubgroupPerformance,
} from '@prospect/stats';
import { futilityBounds, observedBoundaries, plannedBoundaries } from './interim-boundaries';
import type { AnalysisSnapshot, PerProtocolExclusion, SnapshotSubject } from './snapshot';

/**
 * What the plan implies at this look:
 * - `continue`: no boundary crossed (and no futility signal);
 * - `stop-for-efficacy`: the primary z statistic reached the efficacy boundary at an interim look;
 * - `stop-below-null` (two-sided plans): it crossed the lower boundary, the model doing
 *   significantly worse than the null value;
 * - `consider-stopping-for-futility`: the non-binding conditional-power rule fired; the DMC may
 *   stop, and continuing does not inflate α because the efficacy boundaries ignored the rule;
 * - `final-reject-null`, `final-do-not-reject-null`: the final look's answer;
 * - `insufficient-data`: the primary analysis could not be computed (e.g. no event yet).
 */
export type AnalysisDecision =
  | 'continue'
  | 'stop-for-efficacy'
  | 'stop-below-null'
  | 'consider-stopping-for-futility'
  | 'final-reject-null'
  | 'final-do-not-reject-null'
  | 'insufficient-data';

/** One analysis population's results, or why they could not be computed. */
export type PopulationResult =
  | {
      readonly available: true;
      readonly n: number;
      readonly events: number;
      readonly report: PerformanceReport;
      /** Wald test of H0: AUC ≤ AUC0 with the DeLong SE; p one-sided (greater). */
      readonly test: { readonly auc0: number; readonly z: number; readonly p: number } | null;
      readonly testUnavailable?: string;
    }
  | { readonly available: false; readonly n: number; readonly events: number; readonly reason: string };

export interface SubgroupResult {
  readonly name: string;
  readonly label: string;
  readonly covariate: string;
  readonly performance: SubgroupPerformance;
}

export interface AnalysisResult {
  readonly format: 'prospect.analysis-result/1';
  readonly lookNumber: number;
  readonly plannedLooks: number;
  readonly final: boolean;
  /** Per-protocol subjects with an outcome over the planned sample size. */
  readonly informationFraction: number;
  readonly counts: {
    readonly locked: number;
    readonly withOutcome: number;
    readonly perProtocol: number;
    readonly excluded: Readonly<Record<PerProtocolExclusion, number>>;
    readonly outcomePending: number;
    readonly outcomeConflicting: number;
    readonly outcomeMissing: number;
    readonly withdrawn: number;
  };
  /** Per-protocol: locked before treatment, outcome in window, not withdrawn. */
  readonly primary: PopulationResult;
  /** Every locked subject with an outcome, deviations included. */
  readonly sensitivity: PopulationResult;
  readonly boundaries: {
    /** The plan's boundaries, with its β-spending futility bounds (null without that rule). */
    readonly planned: {
      readonly informationFractions: readonly number[];
      readonly futilityBounds: readonly number[] | null;
    } & GroupSequentialBoundaries;
    readonly observed: { readonly informationFractions: readonly number[] } & GroupSequentialBoundaries;
    /** z statistic of each look taken so far (this one last); null where it was unavailable. */
    readonly zStatistics: readonly (number | null)[];
  };
  readonly criticalValue: number;
  readonly crossed: 'upper' | 'lower' | null;
  readonly conditionalPower: {
    readonly currentTrend: number;
    readonly underAlternative: number;
    readonly futilityThreshold: number | null;
  } | null;
  /**
   * The plan's futility rule at this look: for β spending, this look's bound (recommend stopping
   * when z < bound) and the drift under which the design has power 1 − β; null bound at the
   * final look, after a crossing, or when the test is unavailable.
   */
  readonly futility: {
    readonly rule: 'none' | 'non-binding-beta-spending' | 'conditional-power';
    readonly bound: number | null;
    readonly drift: number | null;
  };
  readonly decision: AnalysisDecision;
  readonly rationale: string;
  readonly sites: SubgroupPerformance | { readonly unavailable: string };
  readonly subgroups: readonly (SubgroupResult | { readonly name: string; readonly unavailable: string })[];
}

const emptyExclusions = (): Record<PerProtocolExclusion, number> => ({
  'lock-after-treatment-start': 0,
  'imaging-outside-window': 0,
  'outcome-outside-window': 0,
  withdrawn: 0,
});

function population(subjects: readonly SnapshotSubject[], snapshot: AnalysisSnapshot): PopulationResult {
  const usable = subjects.filter((subject) => subject.outcome !== null);
  const outcomes = usable.map((subject) => subject.outcome as 0 | 1);
  const scores = usable.map((subject) => subject.probability);
  const events = outcomes.filter((outcome) => outcome === 1).length;
  const { design } = snapshot;
  if (events === 0 || events === usable.length) {
    return {
      available: false,
      n: usable.length,
      events,
      reason:
        usable.length === 0
          ? 'no subject has an outcome yet'
          : `the AUC needs both outcome classes; all ${usable.length} outcomes are ${events === 0 ? 'negative' : 'positive'}`,
    };
  }
  const report = performanceReport({
    scores,
    outcomes,
    threshold: design.threshold,
    confidence: design.confidence,
  });
  const auc0 = design.primaryHypothesis.nullValue;
  if (!(report.auc.se > 0)) {
    return {
      available: true,
      n: usable.length,
      events,
      report,
      test: null,
      testUnavailable: `the DeLong standard error is 0 (empirical AUC ${report.auc.estimate}); the Wald test is undefined`,
    };
  }
  const test = aucTestAgainst(report.auc.estimate, report.auc.se, auc0, 'greater');
  return { available: true, n: usable.length, events, report, test: { auc0, z: test.z, p: test.p } };
}

function groupsBy(subjects: readonly SnapshotSubject[], key: (subject: SnapshotSubject) => string) {
  const groups = new Map<string, SnapshotSubject[]>();
  for (const subject of subjects) {
    if (subject.outcome === null) continue;
    const name = key(subject);
    groups.set(name, [...(groups.get(name) ?? []), subject]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, members]) => ({
      name,
      outcomes: members.map((member) => member.outcome as 0 | 1),
      scores: members.map((member) => member.probability),
    }));
}

function forest(
  subjects: readonly SnapshotSubject[],
  key: (subject: SnapshotSubject) => string,
  snapshot: AnalysisSnapshot,
): SubgroupPerformance | { unavailable: string } {
  const groups = groupsBy(subjects, key);
  if (groups.length === 0) return { unavailable: 'no subject has an outcome yet' };
  try {
    return subgroupPerformance(groups, {
      threshold: snapshot.design.threshold,
      confidence: snapshot.design.confidence,
    });
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The analysis of one look, a pure function of its frozen snapshot:
 * 1. Populations: per-protocol (primary) and all locked subjects with an outcome (sensitivity).
 * 2. Information fraction: per-protocol outcomes over the planned sample size. The plan's last
 *    look, or any look at or past the planned information, is the final analysis.
 * 3. Boundaries recomputed at the observed fractions of all looks so far (Lan–DeMets).
 * 4. The primary hypothesis H0: AUC ≤ AUC0, Wald z with the DeLong SE, against this look's
 *    critical value; for a two-sided plan, −c is the lower boundary.
 * 5. At an interim look without a crossing, conditional power under the current trend and under
 *    the protocol's alternative (Lan & Wittes B-value), against the final critical value the
 *    remaining planned looks imply; the futility rule, if the plan has a conditional-power one,
 *    compares the current-trend value with its threshold.
 * 6. Forest-plot data by site and by each pre-registered subgroup (per-protocol population),
 *    with a heterogeneity test across groups.
 */
export function runAnalysis(snapshot: AnalysisSnapshot): AnalysisResult {
  const { design } = snapshot;
  const plan = design.interimPlan;
  const subjects = snapshot.subjects;
  const excluded = emptyExclusions();
  for (const subject of subjects) {
    if (subject.outcome === null) continue;
    for (const reason of subject.exclusions) excluded[reason] += 1;
  }
  const perProtocol = subjects.filter((subject) => subject.exclusions.length === 0);
  const primary = population(perProtocol, snapshot);
  const sensitivity = population(subjects, snapshot);
  const perProtocolWithOutcome = perProtocol.filter((subject) => subject.outcome !== null).length;
  const informationFraction = perProtocolWithOutcome / design.plannedSampleSize;
  const final = snapshot.lookNumber >= plan.looks.length || informationFraction >= 1;

  const previousFractions = snapshot.previousLooks.map((look) => look.informationFraction);
  const lastPrevious = previousFractions[previousFractions.length - 1] ?? 0;
  if (!(informationFraction > lastPrevious)) {
    throw new RangeError(
      `look ${snapshot.lookNumber} has no new information: fraction ${informationFraction} is not above the previous look's ${lastPrevious}`,
    );
  }
  const fractions = [...previousFractions, informationFraction];
  const observed = observedBoundaries(plan, fractions, final);
  const planned = plannedBoundaries(plan);
  const plannedFractions = plan.looks.map((look) => look.informationFraction);
  const criticalValue = observed.criticalValues[observed.criticalValues.length - 1] as number;
  const z = primary.available && primary.test ? primary.test.z : null;
  const crossed =
    z === null
      ? null
      : z >= criticalValue
        ? 'upper'
        : plan.sided === 2 && z <= -criticalValue
          ? 'lower'
          : null;

  let conditional: AnalysisResult['conditionalPower'] = null;
  if (!final && z !== null && crossed === null && primary.available) {
    const finalCritical = finalCriticalValue(plan, fractions);
    const t = informationFraction;
    const seAtFullInformation = primary.report.auc.se * Math.sqrt(t);
    const driftUnderAlternative =
      (design.primaryHypothesis.alternativeValue - design.primaryHypothesis.nullValue) / seAtFullInformation;
    conditional = {
      currentTrend: conditionalPower({ zObserved: z, informationFraction: t, criticalValue: finalCritical }),
      underAlternative: conditionalPower({
        zObserved: z,
        informationFraction: t,
        criticalValue: finalCritical,
        drift: driftUnderAlternative,
      }),
      futilityThreshold: plan.futility.type === 'conditional-power' ? plan.futility.threshold : null,
    };
  }
  let futility: AnalysisResult['futility'] = { rule: plan.futility.type, bound: null, drift: null };
  if (!final && z !== null && crossed === null) {
    const schedule = remainingSchedule(plan, fractions);
    const bounds = futilityBounds(plan, schedule);
    if (bounds)
      futility = { ...futility, bound: bounds.bounds[fractions.length - 1] as number, drift: bounds.drift };
  }
  const { decision, rationale } = decide({
    final,
    z,
    criticalValue,
    crossed,
    conditional,
    futilityBound: futility.bound,
    primary,
    sided: plan.sided,
  });
  return {
    format: 'prospect.analysis-result/1',
    lookNumber: snapshot.lookNumber,
    plannedLooks: plan.looks.length,
    final,
    informationFraction,
    counts: {
      locked: subjects.length,
      withOutcome: subjects.filter((subject) => subject.outcome !== null).length,
      perProtocol: perProtocolWithOutcome,
      excluded,
      outcomePending: subjects.filter((subject) => subject.outcomeStatus === 'pending').length,
      outcomeConflicting: subjects.filter((subject) => subject.outcomeStatus === 'conflicting').length,
      outcomeMissing: subjects.filter((subject) => subject.outcomeStatus === 'missing').length,
      withdrawn: subjects.filter((subject) => subject.outcomeStatus === 'withdrawn').length,
    },
    primary,
    sensitivity,
    boundaries: {
      planned: {
        informationFractions: plannedFractions,
        futilityBounds: futilityBounds(plan, plannedFractions)?.bounds ?? null,
        ...planned,
      },
      observed: { informationFractions: fractions, ...observed },
      zStatistics: [...snapshot.previousLooks.map((look) => look.z), z],
    },
    criticalValue,
    crossed,
    conditionalPower: conditional,
    futility,
    decision,
    rationale,
    sites: forest(perProtocol, (subject) => subject.site, snapshot),
    subgroups: design.subgroups.map((subgroup) => {
      const performance = forest(
        perProtocol,
        (subject) => subject.subgroups[subgroup.name] ?? 'unknown',
        snapshot,
      );
      return 'unavailable' in performance
        ? { name: subgroup.name, unavailable: performance.unavailable }
        : { name: subgroup.name, label: subgroup.label, covariate: subgroup.covariate, performance };
    }),
  };
}

/**
 * The final look's critical value if the remaining planned looks are taken as planned: the
 * observed fractions so far, then the plan's later looks, the last spending all remaining α.
 */
function finalCriticalValue(plan: AnalysisSnapshot['design']['interimPlan'], fractions: readonly number[]) {
  const boundaries = observedBoundaries(plan, remainingSchedule(plan, fractions), true);
  return boundaries.criticalValues[boundaries.criticalValues.length - 1] as number;
}

/** The looks taken so far, then the plan's later looks, ending with a final look. */
function remainingSchedule(
  plan: AnalysisSnapshot['design']['interimPlan'],
  fractions: readonly number[],
): number[] {
  const current = fractions[fractions.length - 1] as number;
  const later = plan.looks.map((look) => look.informationFraction).filter((fraction) => fraction > current);
  return [...fractions, ...(later.length > 0 ? later : [1])];
}

function decide(input: {
  final: boolean;
  z: number | null;
  criticalValue: number;
  crossed: 'upper' | 'lower' | null;
  conditional: AnalysisResult['conditionalPower'];
  futilityBound: number | null;
  primary: PopulationResult;
  sided: 1 | 2;
}): { decision: AnalysisDecision; rationale: string } {
  const { final, z, criticalValue, crossed, conditional, primary } = input;
  const zText = z === null ? '' : `z = ${z.toFixed(3)}`;
  const bound = `${input.sided === 2 ? '±' : ''}${criticalValue.toFixed(3)}`;
  if (z === null) {
    const reason = primary.available
      ? (primary.testUnavailable ?? 'the test statistic is unavailable')
      : primary.reason;
    return {
      decision: 'insufficient-data',
      rationale: `The primary test could not be computed: ${reason}.${final ? ' The final analysis is inconclusive.' : ' Continue.'}`,
    };
  }
  if (crossed === 'upper') {
    return final
      ? {
          decision: 'final-reject-null',
          rationale: `${zText} ≥ ${bound}: H0 rejected at the final analysis.`,
        }
      : {
          decision: 'stop-for-efficacy',
          rationale: `${zText} ≥ ${bound}: the efficacy boundary is crossed.`,
        };
  }
  if (crossed === 'lower') {
    return {
      decision: final ? 'final-reject-null' : 'stop-below-null',
      rationale: `${zText} ≤ −${criticalValue.toFixed(3)}: the lower boundary is crossed; the model performs significantly below the null value.`,
    };
  }
  if (final) {
    return {
      decision: 'final-do-not-reject-null',
      rationale: `${zText} < ${bound}: H0 is not rejected at the final analysis.`,
    };
  }
  if (input.futilityBound !== null && z < input.futilityBound) {
    return {
      decision: 'consider-stopping-for-futility',
      rationale: `${zText} < ${input.futilityBound.toFixed(3)}, the β-spending futility bound of this look (non-binding); no efficacy boundary crossed.`,
    };
  }
  if (
    conditional !== null &&
    conditional.futilityThreshold !== null &&
    conditional.currentTrend < conditional.futilityThreshold
  ) {
    return {
      decision: 'consider-stopping-for-futility',
      rationale: `${zText} < ${bound}; conditional power under the current trend ${conditional.currentTrend.toFixed(3)} is below the futility threshold ${conditional.futilityThreshold} (non-binding).`,
    };
  }
  return { decision: 'continue', rationale: `${zText} < ${bound}: no boundary crossed; continue.` };
}

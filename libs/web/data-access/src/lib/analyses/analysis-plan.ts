import { plannedSpendingBoundaries } from '@prospect/stats';
import type { AnalysisDecision, InterimPlan, SpendingFunction } from './analyses.models';

/** The spending function in words, e.g. "Lan–DeMets O'Brien–Fleming type". */
export function describeSpending(spending: SpendingFunction): string {
  switch (spending.type) {
    case 'obrien-fleming':
      return 'Lan–DeMets, O’Brien–Fleming type';
    case 'pocock':
      return 'Lan–DeMets, Pocock type';
    case 'hwang-shih-decani':
      return `Hwang–Shih–DeCani (γ = ${spending.gamma})`;
    case 'power':
      return `Kim–DeMets power family α·t^ρ (ρ = ${spending.rho})`;
  }
}

/** The futility rule in words. */
export function describeFutility(plan: InterimPlan): string {
  const rule = plan.futility;
  switch (rule.type) {
    case 'none':
      return 'None (no futility stopping)';
    case 'non-binding-beta-spending':
      return `Non-binding β-spending, β = ${rule.beta}, ${describeSpending(rule.spending)}`;
    case 'conditional-power':
      return `Non-binding: consider stopping when conditional power under the current trend is below ${rule.threshold}`;
  }
}

/** One row of the pre-registered boundaries table. */
export interface PlannedBoundaryRow {
  readonly lookNumber: number;
  readonly informationFraction: number;
  /** Efficacy boundary on the z scale (−c is the lower boundary of a two-sided plan). */
  readonly criticalValue: number;
  /** One-sided nominal level 1 − Φ(c). */
  readonly nominalLevel: number;
  readonly cumulativeAlphaSpent: number;
  /** Non-binding β-spending futility bound, null without that rule (and at the final look). */
  readonly futilityBound: number | null;
}

/**
 * The plan's boundaries at its planned information fractions, computed with the same library and
 * the same spending designs as the server's analysis (`@prospect/analysis` plannedBoundaries and
 * futilityBounds). Needs no data, so blinded roles may see it. Throws when the plan is malformed.
 */
export function plannedBoundaryTable(plan: InterimPlan): PlannedBoundaryRow[] {
  const fractions = plan.looks.map((look) => look.informationFraction);
  const { efficacy, futility } = plannedSpendingBoundaries(plan, fractions);
  return fractions.map((informationFraction, index) => ({
    lookNumber: index + 1,
    informationFraction,
    criticalValue: efficacy.criticalValues[index] as number,
    nominalLevel: efficacy.stageLevels[index] as number,
    cumulativeAlphaSpent: efficacy.alphaSpent[index] as number,
    futilityBound: futility && index < fractions.length - 1 ? (futility[index] ?? null) : null,
  }));
}

export type DecisionTone = 'stop' | 'futility' | 'continue' | 'final' | 'inconclusive';

/** What the plan implies, said plainly for the DMC. */
export interface DecisionStatement {
  readonly headline: string;
  readonly explanation: string;
  readonly tone: DecisionTone;
}

/** The plan's decision at a look, in plain words (the API's `decision` code). */
export function decisionStatement(decision: AnalysisDecision): DecisionStatement {
  switch (decision) {
    case 'stop-for-efficacy':
      return {
        headline: 'Stop for efficacy',
        explanation:
          'The primary test statistic reached the efficacy boundary at this interim look: the plan implies stopping the trial for efficacy.',
        tone: 'stop',
      };
    case 'stop-below-null':
      return {
        headline: 'Stop: the model performs significantly below the null value',
        explanation:
          'The test statistic crossed the lower boundary of the two-sided plan: the model discriminates significantly worse than the value the protocol calls acceptable.',
        tone: 'stop',
      };
    case 'consider-stopping-for-futility':
      return {
        headline: 'Consider stopping for futility',
        explanation:
          'The non-binding futility rule fired: the DMC may stop the trial for futility. Continuing does not inflate the type I error, because the efficacy boundaries ignore the futility rule.',
        tone: 'futility',
      };
    case 'continue':
      return {
        headline: 'Continue the trial',
        explanation:
          'No boundary was crossed and the futility rule did not fire: the plan implies continuing to the next look.',
        tone: 'continue',
      };
    case 'final-reject-null':
      return {
        headline: 'Final analysis: null hypothesis rejected',
        explanation:
          'At the final analysis the test statistic reached the boundary: the primary hypothesis is met.',
        tone: 'final',
      };
    case 'final-do-not-reject-null':
      return {
        headline: 'Final analysis: null hypothesis not rejected',
        explanation:
          'At the final analysis the test statistic stayed below the boundary: the primary hypothesis is not met.',
        tone: 'final',
      };
    case 'insufficient-data':
      return {
        headline: 'Insufficient data: no decision',
        explanation: 'The primary test could not be computed at this look, so no boundary can be compared.',
        tone: 'inconclusive',
      };
  }
}

import type { InterimPlan } from '@prospect/domain';
import {
  type GroupSequentialBoundaries,
  nonBindingFutilityBounds,
  plannedSpendingBoundaries,
  recomputeBoundaries,
  type SpendingDesign,
  spendingDesign,
} from '@prospect/stats';

/** The protocol's interim plan as a stats-library design (the Lan–DeMets spending analogue of each family). */
export function designOf(plan: InterimPlan): SpendingDesign {
  return spendingDesign(plan.spending, plan.alpha, plan.sided);
}

/** Efficacy boundaries of the plan at its planned information fractions (for the boundary chart). */
export function plannedBoundaries(plan: InterimPlan): GroupSequentialBoundaries {
  return plannedSpendingBoundaries(
    { ...plan, futility: { type: 'none' } },
    plan.looks.map((look) => look.informationFraction),
  ).efficacy;
}

/**
 * Efficacy boundaries for the looks actually taken (Lan & DeMets 1983): the plan's spending
 * function at the observed information fractions, so boundaries of earlier looks never change; a
 * final look spends all α not yet spent whether the trial under- or over-ran its planned
 * information. See recomputeBoundaries in @prospect/stats.
 *
 * @throws {RangeError} when the fractions are not strictly increasing in (0, …), or an interim
 *   look reached the planned maximum information.
 */
export function observedBoundaries(
  plan: InterimPlan,
  informationFractions: readonly number[],
  final: boolean,
): GroupSequentialBoundaries {
  return recomputeBoundaries(designOf(plan), { informationFractions, final });
}

/**
 * Non-binding β-spending futility bounds for a schedule of information fractions whose last look
 * is the final analysis (spending time 1), or null when the plan has no β-spending rule (see
 * nonBindingFutilityBounds in @prospect/stats).
 */
export function futilityBounds(
  plan: InterimPlan,
  informationFractions: readonly number[],
): { bounds: readonly number[]; drift: number } | null {
  return nonBindingFutilityBounds(plan, informationFractions);
}

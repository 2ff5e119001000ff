import type { InterimPlan, SpendingFunction } from '@prospect/domain';
import {
  betaSpendingFutility,
  cumulativeAlphaSpending,
  type GroupSequentialBoundaries,
  type GroupSequentialDesign,
  groupSequentialBoundaries,
  recomputeBoundaries,
} from '@prospect/stats';

type SpendingDesign = Pick<GroupSequentialDesign, 'design' | 'alpha' | 'sided' | 'gamma'>;

/** A protocol spending function at level `alpha` as a stats-library spending design. */
function spendingDesign(spending: SpendingFunction, alpha: number, sided: 1 | 2): SpendingDesign {
  switch (spending.type) {
    case 'obrien-fleming':
      return { design: 'asOF', alpha, sided };
    case 'pocock':
      return { design: 'asP', alpha, sided };
    case 'hwang-shih-decani':
      return { design: 'asHSD', alpha, sided, gamma: spending.gamma };
    case 'power':
      return { design: 'asKD', alpha, sided, gamma: spending.rho };
  }
}

/** The protocol's interim plan as a stats-library design (the Lan–DeMets spending analogue of each family). */
export function designOf(plan: InterimPlan): SpendingDesign {
  return spendingDesign(plan.spending, plan.alpha, plan.sided);
}

/** Efficacy boundaries of the plan at its planned information fractions (for the boundary chart). */
export function plannedBoundaries(plan: InterimPlan): GroupSequentialBoundaries {
  return groupSequentialBoundaries({
    ...designOf(plan),
    informationRates: plan.looks.map((look) => look.informationFraction),
  });
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
 * is the final analysis (spending time 1), or null when the plan has no β-spending rule. The
 * efficacy bounds are the plan's at the same fractions; the drift is solved so that the design
 * has power 1 − β (rpact's typeBetaSpending with bindingFutility = FALSE).
 */
export function futilityBounds(
  plan: InterimPlan,
  informationFractions: readonly number[],
): { bounds: readonly number[]; drift: number } | null {
  const rule = plan.futility;
  if (rule.type !== 'non-binding-beta-spending' || informationFractions.length < 2) return null;
  const efficacy = observedBoundaries(plan, informationFractions, true);
  const spendingTimes = informationFractions.map((fraction, index) =>
    index === informationFractions.length - 1 ? 1 : fraction,
  );
  const result = betaSpendingFutility({
    informationRates: informationFractions,
    criticalValues: efficacy.criticalValues,
    cumulativeBeta: cumulativeAlphaSpending(spendingDesign(rule.spending, rule.beta, 1), spendingTimes),
  });
  return { bounds: result.futilityBounds, drift: result.drift };
}

import type { InterimPlan } from '@prospect/domain';
import {
  type GroupSequentialBoundaries,
  type GroupSequentialDesign,
  groupSequentialBoundaries,
  recomputeBoundaries,
} from '@prospect/stats';

/** The protocol's interim plan as a stats-library design (the Lan–DeMets spending analogue of each family). */
export function designOf(
  plan: InterimPlan,
): Pick<GroupSequentialDesign, 'design' | 'alpha' | 'sided' | 'gamma'> {
  const { alpha, sided } = plan;
  switch (plan.spending.type) {
    case 'obrien-fleming':
      return { design: 'asOF', alpha, sided };
    case 'pocock':
      return { design: 'asP', alpha, sided };
    case 'hwang-shih-decani':
      return { design: 'asHSD', alpha, sided, gamma: plan.spending.gamma };
    case 'power':
      return { design: 'asKD', alpha, sided, gamma: plan.spending.rho };
  }
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

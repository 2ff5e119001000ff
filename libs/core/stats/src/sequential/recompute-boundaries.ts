import { assertInformationRates } from './assert-information-rates';
import { cumulativeAlphaSpending } from './cumulative-alpha-spending';
import { spendingBoundaries } from './spending-boundaries';
import type { GroupSequentialBoundaries, GroupSequentialDesign } from './types';

export interface ObservedLooks {
  /**
   * Information observed at each look so far, as a fraction of the planned maximum information
   * (strictly increasing; may pass 1 only at a final look).
   */
  readonly informationFractions: readonly number[];
  /**
   * Whether the last look is the final analysis. It then spends all of the α not yet spent,
   * whether the trial under- or over-ran its planned information.
   */
  readonly final: boolean;
}

/**
 * Efficacy boundaries for the looks actually taken, when the observed information fractions
 * differ from the plan (Lan & DeMets 1983): the planned spending function is evaluated at the
 * observed fractions, so earlier boundaries never change as later looks arrive, and the final
 * look spends the rest (spending time 1). The correlation between looks uses the observed
 * information itself, √(I_j/I_k), which is what the data have.
 *
 * Without over- or under-running, a final look at fraction 1 gives exactly
 * groupSequentialBoundaries with the observed fractions as informationRates, and a not-final
 * sequence gives that result's first looks (spending boundaries do not depend on future looks).
 * Only spending designs qualify: a classical 'OF' or 'P' boundary is defined for a fixed
 * schedule and has no rule for unplanned looks.
 */
export function recomputeBoundaries(
  planned: Pick<GroupSequentialDesign, 'design' | 'alpha' | 'sided' | 'gamma' | 'gridSize'>,
  observed: ObservedLooks,
): GroupSequentialBoundaries {
  const fractions = observed.informationFractions;
  assertInformationRates(fractions, false);
  if (planned.design === 'OF' || planned.design === 'P') {
    throw new RangeError(
      `design '${planned.design}' has fixed boundaries; use its spending analogue ('asOF'/'asP') to follow observed information`,
    );
  }
  if (!(planned.alpha > 0 && planned.alpha < 1)) {
    throw new RangeError(`alpha must lie in (0, 1), got ${planned.alpha}`);
  }
  const last = fractions.length - 1;
  const interim = observed.final ? fractions.slice(0, last) : fractions;
  const overrun = interim.findIndex((fraction) => fraction >= 1);
  if (overrun >= 0) {
    throw new RangeError(
      `look ${overrun + 1} reached the planned maximum information (${interim[overrun]}); it must be the final look`,
    );
  }
  const spendingTimes = observed.final ? [...interim, 1] : interim;
  return spendingBoundaries({
    informationRates: fractions,
    cumulativeAlpha: cumulativeAlphaSpending(planned, spendingTimes),
    sided: planned.sided,
    gridSize: planned.gridSize,
  });
}

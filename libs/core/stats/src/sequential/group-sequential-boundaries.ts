import { assertInformationRates } from './assert-information-rates';
import { classicalBoundaries } from './classical-boundaries';
import { cumulativeAlphaSpending } from './cumulative-alpha-spending';
import { spendingBoundaries } from './spending-boundaries';
import type { GroupSequentialBoundaries, GroupSequentialDesign } from './types';

/**
 * Efficacy boundaries of a group-sequential design, matching rpact's
 * getDesignGroupSequential(kMax, alpha, sided, informationRates, typeOfDesign, gammaA)
 * $criticalValues, $stageLevels and $alphaSpent (no futility boundary).
 *
 * Spending designs ('asOF', 'asP', 'asHSD') spend α*(t_k) by look k; classical ones ('OF', 'P')
 * scale a fixed boundary shape to overall level α. With sided = 2, `alpha` is the total
 * two-sided level and the boundaries are ±c_k; each side then carries α/2.
 * Crossing probabilities: Armitage–McPherson–Rowe recursion with Jennison–Turnbull grids;
 * boundaries solved by Brent's method to 1e-12.
 */
export function groupSequentialBoundaries(design: GroupSequentialDesign): GroupSequentialBoundaries {
  const { alpha, sided, informationRates } = design;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must lie in (0, 1), got ${alpha}`);
  if (sided !== 1 && sided !== 2) throw new RangeError(`sided must be 1 or 2, got ${String(sided)}`);
  assertInformationRates(informationRates, true);
  if (design.design === 'OF' || design.design === 'P') {
    return classicalBoundaries({ ...design, design: design.design });
  }
  return spendingBoundaries({
    informationRates,
    cumulativeAlpha: cumulativeAlphaSpending(design, informationRates),
    sided,
    gridSize: design.gridSize,
  });
}

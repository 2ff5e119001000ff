import { hwangShihDeCaniSpending } from './hwang-shih-decani-spending';
import { kimDeMetsSpending } from './kim-demets-spending';
import { obrienFlemingTypeSpending } from './obrien-fleming-spending';
import { pocockTypeSpending } from './pocock-spending';
import type { GroupSequentialDesign } from './types';

/** The spending function's cumulative α at each spending time, as the design prescribes. */
export function cumulativeAlphaSpending(
  design: Pick<GroupSequentialDesign, 'design' | 'alpha' | 'sided' | 'gamma'>,
  spendingTimes: readonly number[],
): number[] {
  const { alpha, sided } = design;
  switch (design.design) {
    case 'asOF':
      return spendingTimes.map((t) => obrienFlemingTypeSpending(alpha, t, sided));
    case 'asP':
      return spendingTimes.map((t) => pocockTypeSpending(alpha, t));
    case 'asHSD': {
      const gamma = design.gamma;
      if (gamma === undefined || !Number.isFinite(gamma)) {
        throw new RangeError("design 'asHSD' needs a finite gamma");
      }
      return spendingTimes.map((t) => hwangShihDeCaniSpending(alpha, t, gamma));
    }
    case 'asKD': {
      const rho = design.gamma;
      if (rho === undefined || !(rho > 0) || !Number.isFinite(rho)) {
        throw new RangeError("design 'asKD' needs a finite positive gamma (the Kim–DeMets exponent ρ)");
      }
      return spendingTimes.map((t) => kimDeMetsSpending(alpha, t, rho));
    }
    case 'OF':
    case 'P':
      throw new RangeError(
        `design '${design.design}' has no spending function: its boundaries are classical`,
      );
  }
}

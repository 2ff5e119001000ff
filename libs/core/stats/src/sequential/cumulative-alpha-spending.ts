import { hwangShihDeCaniSpending } from './hwang-shih-decani-spending';
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
    case 'OF':
    case 'P':
      throw new RangeError(
        `design '${design.design}' has no spending function: its boundaries are classical`,
      );
  }
}

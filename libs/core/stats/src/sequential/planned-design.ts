import { betaSpendingFutility } from './beta-spending-futility';
import { cumulativeAlphaSpending } from './cumulative-alpha-spending';
import { groupSequentialBoundaries } from './group-sequential-boundaries';
import { recomputeBoundaries } from './recompute-boundaries';
import type { GroupSequentialBoundaries, GroupSequentialDesign, Sidedness } from './types';

/** A protocol's α- (or β-) spending function family, as pre-registered. */
export type SpendingFunctionSpec =
  | { readonly type: 'obrien-fleming' }
  | { readonly type: 'pocock' }
  | { readonly type: 'hwang-shih-decani'; readonly gamma: number }
  | { readonly type: 'power'; readonly rho: number };

/** A protocol's futility rule; only non-binding β-spending yields bounds. */
export type FutilityRuleSpec =
  | {
      readonly type: 'non-binding-beta-spending';
      readonly beta: number;
      readonly spending: SpendingFunctionSpec;
    }
  | { readonly type: string };

/** The pre-registered design of an interim plan, from plain inputs. */
export interface SpendingPlan {
  readonly alpha: number;
  readonly sided: Sidedness;
  readonly spending: SpendingFunctionSpec;
  readonly futility: FutilityRuleSpec;
}

export type SpendingDesign = Pick<GroupSequentialDesign, 'design' | 'alpha' | 'sided' | 'gamma'>;

/** A spending function family at level `alpha` as a spending design (the Lan–DeMets analogue of each family). */
export function spendingDesign(
  spending: SpendingFunctionSpec,
  alpha: number,
  sided: Sidedness,
): SpendingDesign {
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

/**
 * Non-binding β-spending futility bounds for a schedule of information fractions whose last look
 * is the final analysis (spending time 1), or null when the plan has no β-spending rule. The
 * efficacy bounds are the plan's at the same fractions; the drift is solved so that the design
 * has power 1 − β (rpact's typeBetaSpending with bindingFutility = FALSE).
 */
export function nonBindingFutilityBounds(
  plan: SpendingPlan,
  informationFractions: readonly number[],
): { bounds: readonly number[]; drift: number } | null {
  const rule = plan.futility;
  if (!isBetaSpending(rule) || informationFractions.length < 2) return null;
  const efficacy = recomputeBoundaries(spendingDesign(plan.spending, plan.alpha, plan.sided), {
    informationFractions,
    final: true,
  });
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

/** A plan's efficacy boundaries and (non-binding β-spending) futility bounds at its planned information fractions. */
export interface PlannedBoundaries {
  readonly informationFractions: readonly number[];
  readonly efficacy: GroupSequentialBoundaries;
  /** Null without a β-spending futility rule or with a single look. */
  readonly futility: readonly number[] | null;
}

/** The plan's boundaries at its planned information fractions: needs no data, so blinded roles may see it. */
export function plannedSpendingBoundaries(
  plan: SpendingPlan,
  informationFractions: readonly number[],
): PlannedBoundaries {
  const efficacy = groupSequentialBoundaries({
    ...spendingDesign(plan.spending, plan.alpha, plan.sided),
    informationRates: informationFractions,
  });
  return {
    informationFractions,
    efficacy,
    futility: nonBindingFutilityBounds(plan, informationFractions)?.bounds ?? null,
  };
}

function isBetaSpending(
  rule: FutilityRuleSpec,
): rule is Extract<FutilityRuleSpec, { type: 'non-binding-beta-spending' }> {
  return rule.type === 'non-binding-beta-spending';
}

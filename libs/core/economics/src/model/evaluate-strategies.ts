import type { CostTerm, EconomicPathway, EconomicPathwayName, HealthEconomicsPlan } from '@prospect/domain';
import { cellProbabilities, type ClassificationAccuracy } from './cell-probabilities';
import { discountedYears } from './discounted-years';
import { baseParameterValues } from './parameter-values';

/** The strategies a health-economic plan compares. */
export type Strategy = 'standard-of-care' | 'model-guided' | 'treat-all-alternative';

/** The expected cost and effect (QALYs or life-years) per patient of one strategy. */
export interface StrategyOutcome {
  readonly strategy: Strategy;
  readonly cost: number;
  readonly effect: number;
}

interface CostEffect {
  cost: number;
  effect: number;
}

/**
 * Expected discounted cost and effect per patient of each strategy, from a decision tree over
 * the confusion matrix (positive = responder; see {@link cellProbabilities}):
 *
 * - `standard-of-care`: everyone takes the standard pathway, so responders (share `prevalence`)
 *   get `responder-standard` and the others `non-responder-standard`.
 * - `model-guided`: everyone incurs `testCosts`; predicted responders (true and false positives)
 *   stay on the standard pathway, predicted non-responders (true and false negatives) get the
 *   alternative pathway.
 * - `treat-all-alternative` (only when the plan includes it): everyone gets the alternative.
 *
 * Within a pathway, a cost term is one-off at time 0 (undiscounted), or, with `recurringYears`,
 * an annual cost × `discountedYears(min(years, horizon), rates.costs)`; an effect term is
 * utility × `discountedYears(min(years, horizon), rates.effects)`. Durations are capped at the
 * plan's time horizon, since nothing beyond it is counted.
 *
 * @param plan a validated health-economic analysis plan
 * @param accuracy sensitivity, specificity and prevalence, each in [0, 1]
 * @param values the value of every parameter by name; the plan's base case by default (pass
 *   other values for sensitivity analyses)
 * @returns standard of care, model-guided, then treat-all-alternative when included
 * @throws {RangeError} when a proportion is outside [0, 1], a referenced parameter has no finite
 *   value, or a duration is negative
 */
export function evaluateStrategies(
  plan: HealthEconomicsPlan,
  accuracy: ClassificationAccuracy,
  values: Readonly<Record<string, number>> = baseParameterValues(plan),
): StrategyOutcome[] {
  const cells = cellProbabilities(accuracy);
  const horizon = plan.timeHorizonYears;

  const valueOf = (name: string): number => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    if (value === undefined || !Number.isFinite(value)) {
      throw new RangeError(`evaluateStrategies: parameter "${name}" needs a finite value, got ${value}`);
    }
    return value;
  };
  const yearsOf = (name: string): number => {
    const years = valueOf(name);
    if (years < 0) {
      throw new RangeError(
        `evaluateStrategies: parameter "${name}" is a number of years and must not be negative, got ${years}`,
      );
    }
    return Math.min(years, horizon);
  };
  const costOf = (terms: readonly CostTerm[]): number =>
    terms.reduce(
      (sum, term) =>
        sum +
        valueOf(term.parameter) *
          (term.recurringYears === undefined
            ? 1
            : discountedYears(yearsOf(term.recurringYears), plan.discountRates.costs)),
      0,
    );
  const evaluate = (pathway: EconomicPathway): CostEffect => ({
    cost: costOf(pathway.costs),
    effect: pathway.effects.reduce(
      (sum, term) =>
        sum + valueOf(term.utility) * discountedYears(yearsOf(term.years), plan.discountRates.effects),
      0,
    ),
  });
  const pathways = Object.fromEntries(
    (Object.keys(plan.pathways) as EconomicPathwayName[]).map((name) => [
      name,
      evaluate(plan.pathways[name]),
    ]),
  ) as Record<EconomicPathwayName, CostEffect>;

  const mix = (
    weights: readonly (readonly [weight: number, pathway: EconomicPathwayName])[],
    extraCost = 0,
  ): CostEffect => ({
    cost: extraCost + weights.reduce((sum, [weight, name]) => sum + weight * pathways[name].cost, 0),
    effect: weights.reduce((sum, [weight, name]) => sum + weight * pathways[name].effect, 0),
  });

  const responders = cells.truePositive + cells.falseNegative;
  const nonResponders = cells.trueNegative + cells.falsePositive;
  const outcomes: StrategyOutcome[] = [
    {
      strategy: 'standard-of-care',
      ...mix([
        [responders, 'responder-standard'],
        [nonResponders, 'non-responder-standard'],
      ]),
    },
    {
      strategy: 'model-guided',
      ...mix(
        [
          [cells.truePositive, 'responder-standard'],
          [cells.falseNegative, 'responder-alternative'],
          [cells.trueNegative, 'non-responder-alternative'],
          [cells.falsePositive, 'non-responder-standard'],
        ],
        costOf(plan.testCosts),
      ),
    },
  ];
  if (plan.includeTreatAllAlternative) {
    outcomes.push({
      strategy: 'treat-all-alternative',
      ...mix([
        [responders, 'responder-alternative'],
        [nonResponders, 'non-responder-alternative'],
      ]),
    });
  }
  return outcomes;
}

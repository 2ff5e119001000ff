import type { EconomicEvaluationResult, Strategy } from './economics.models';

const STRATEGY_LABELS: Readonly<Record<Strategy, string>> = {
  'standard-of-care': 'Standard of care',
  'model-guided': 'Model-guided care',
  'treat-all-alternative': 'Alternative for everyone',
};

export function strategyLabel(strategy: Strategy): string {
  return STRATEGY_LABELS[strategy] ?? strategy;
}

/** Probability that each strategy is cost-effective at one willingness to pay. */
export interface CostEffectiveAtWtp {
  readonly wtp: number;
  /** The CEAC grid point read (the nearest to `wtp`). */
  readonly gridWtp: number;
  readonly probabilities: readonly { readonly strategy: Strategy; readonly probability: number }[];
  /** The strategy with the highest expected net benefit there (the CEAF), with its probability. */
  readonly optimal: { readonly strategy: Strategy; readonly probability: number } | null;
}

/**
 * The probability each strategy is cost-effective at each of the plan's willingness-to-pay
 * thresholds, read from the acceptability curve at the nearest grid point. Empty without a PSA.
 */
export function probabilityCostEffective(
  result: EconomicEvaluationResult,
  thresholds: readonly number[],
): CostEffectiveAtWtp[] {
  const psa = result.psa;
  if (!psa || psa.ceac.wtp.length === 0) return [];
  const grid = psa.ceac.wtp;
  return thresholds.map((wtp) => {
    let nearest = 0;
    grid.forEach((value, index) => {
      if (Math.abs(value - wtp) < Math.abs((grid[nearest] as number) - wtp)) nearest = index;
    });
    const gridWtp = grid[nearest] as number;
    const frontier = psa.ceac.frontier.find((point) => point.wtp === gridWtp);
    return {
      wtp,
      gridWtp,
      probabilities: psa.ceac.probability.map((curve) => ({
        strategy: curve.strategy,
        probability: curve.values[nearest] as number,
      })),
      optimal: frontier ? { strategy: frontier.strategy, probability: frontier.probability } : null,
    };
  });
}

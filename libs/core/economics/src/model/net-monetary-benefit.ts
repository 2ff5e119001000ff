import type { Strategy, StrategyOutcome } from './evaluate-strategies';

/** Net monetary benefit of every strategy at one willingness-to-pay threshold. */
export interface NetMonetaryBenefitAtWtp {
  /** Willingness to pay per unit of effect. */
  readonly wtp: number;
  /** wtp · effect − cost per strategy, in the input order. */
  readonly values: readonly { readonly strategy: Strategy; readonly nmb: number }[];
  /** The strategy with the highest NMB (ties: the less costly, then the earlier in the input). */
  readonly best: Strategy;
}

/**
 * Net monetary benefit, NMB = wtp · effect − cost, of each strategy at each willingness-to-pay
 * threshold. At a given threshold the strategy with the highest NMB is the cost-effective one,
 * which agrees with comparing frontier ICERs against the threshold.
 *
 * @param outcomes expected cost and effect per strategy
 * @param wtp thresholds per unit of effect, each finite and at least 0; output keeps their order
 * @throws {RangeError} on no outcomes, a non-finite cost or effect, or an invalid threshold
 */
export function netMonetaryBenefit(
  outcomes: readonly StrategyOutcome[],
  wtp: readonly number[],
): NetMonetaryBenefitAtWtp[] {
  if (outcomes.length === 0) throw new RangeError('netMonetaryBenefit: no strategies');
  for (const outcome of outcomes) {
    if (!Number.isFinite(outcome.cost) || !Number.isFinite(outcome.effect)) {
      throw new RangeError(
        `netMonetaryBenefit: strategy "${outcome.strategy}" needs a finite cost and effect, got ${outcome.cost} and ${outcome.effect}`,
      );
    }
  }
  for (const threshold of wtp) {
    if (!(Number.isFinite(threshold) && threshold >= 0)) {
      throw new RangeError(
        `netMonetaryBenefit: willingness to pay must be finite and at least 0, got ${threshold}`,
      );
    }
  }
  return wtp.map((threshold) => {
    const values = outcomes.map((outcome) => ({
      strategy: outcome.strategy,
      nmb: threshold * outcome.effect - outcome.cost,
    }));
    let bestIndex = 0;
    values.forEach((value, index) => {
      const best = values[bestIndex] as { nmb: number };
      if (
        value.nmb > best.nmb ||
        (value.nmb === best.nmb &&
          (outcomes[index] as StrategyOutcome).cost < (outcomes[bestIndex] as StrategyOutcome).cost)
      ) {
        bestIndex = index;
      }
    });
    return { wtp: threshold, values, best: (values[bestIndex] as { strategy: Strategy }).strategy };
  });
}

import { bestExpected, meansOf, validateDraws, validateWtp } from './validate-draws';

/**
 * Per-patient expected value of perfect information at willingness to pay λ (Claxton, Journal of
 * Health Economics 18(3), 1999; Briggs, Claxton and Sculpher 2006, §7.2):
 * EVPI = E[max_s NMB_s] − max_s E[NMB_s], with NMB_s = λ·effect_s − cost_s per PSA draw.
 *
 * Computed as the expected opportunity loss of the decision taken now,
 * EVPI = E[max_s NMB_s − NMB_{s*}] with s* = argmax_s E[NMB_s] (equal by linearity of E): every
 * term is ≥ 0, so the result is never negative, carries no cancellation between two large
 * expectations, and is exactly 0 when s* has the highest NMB in every draw (e.g. dominance).
 * Two passes over the draws, no allocation per draw.
 *
 * In the units of net benefit (money) per patient; see {@link populationEvpi} to scale it.
 *
 * @param costs per strategy, the cost in each of the K draws
 * @param effects per strategy, the effect in each draw, aligned with `costs`
 * @param wtp willingness to pay per unit of effect, finite and ≥ 0
 */
export function expectedValueOfPerfectInformation(
  costs: readonly Float64Array[],
  effects: readonly Float64Array[],
  wtp: number,
): number {
  const fn = 'expectedValueOfPerfectInformation';
  const draws = validateDraws(fn, costs, effects, 1);
  validateWtp(fn, wtp);
  const strategies = costs.length;
  const chosen = bestExpected(meansOf(costs), meansOf(effects), wtp).strategy;
  const chosenCosts = costs[chosen] as Float64Array;
  const chosenEffects = effects[chosen] as Float64Array;
  let loss = 0;
  for (let draw = 0; draw < draws; draw++) {
    const current = wtp * (chosenEffects[draw] as number) - (chosenCosts[draw] as number);
    let best = current;
    for (let strategy = 0; strategy < strategies; strategy++) {
      const value =
        wtp * ((effects[strategy] as Float64Array)[draw] as number) -
        ((costs[strategy] as Float64Array)[draw] as number);
      if (value > best) best = value;
    }
    loss += best - current;
  }
  return loss / draws;
}

import { bestExpected, meansOf, validateDraws, validateWtp } from './validate-draws';

/** The cost-effectiveness acceptability frontier at one willingness to pay. */
export interface AcceptabilityFrontierPoint {
  readonly wtp: number;
  /** The strategy with the highest expected net monetary benefit (the optimal decision now). */
  readonly strategy: number;
  /** Its expected net monetary benefit, wtp·E[effect] − E[cost]. */
  readonly expectedNetBenefit: number;
  /** The probability that it has the highest net benefit (its CEAC value at this wtp). */
  readonly probability: number;
}

export interface CostEffectivenessAcceptability {
  /** The willingness-to-pay grid, as given. */
  readonly wtp: readonly number[];
  /**
   * CEAC: `probability[s][w]` is the probability that strategy s has the highest net monetary
   * benefit at `wtp[w]`. Sums to 1 over strategies at every wtp.
   */
  readonly probability: readonly Float64Array[];
  /** `expectedNetBenefit[s][w]` = wtp[w]·E[effect_s] − E[cost_s]. */
  readonly expectedNetBenefit: readonly Float64Array[];
  /** CEAF: one point per wtp, in grid order. */
  readonly frontier: readonly AcceptabilityFrontierPoint[];
}

/**
 * Cost-effectiveness acceptability curves (CEAC, van Hout et al., Health Economics 3(5), 1994)
 * and frontier (CEAF, Fenwick, Claxton and Sculpher, Health Economics 10(8), 2001) from PSA draws.
 *
 * At willingness to pay λ, strategy s in draw k has net monetary benefit
 * NMB = λ·effects[s][k] − costs[s][k] (Stinnett and Mullahy 1998). The CEAC of s is the share of
 * draws in which s has the highest NMB; a draw in which m strategies tie exactly for the highest
 * counts 1/m for each, so the curves sum to 1 (with no uncertainty, two strategies give a step at
 * the ICER, with 0.5 exactly at it when the NMBs are equal in floating point). The CEAF follows
 * the strategy with the highest expected NMB (the decision a risk-neutral decision maker takes;
 * the lowest index among exact ties), reporting its CEAC value, which need not be the highest
 * CEAC value at that λ when NMB is skewed.
 *
 * One pass over the draws per λ, on typed arrays, with no allocation per draw: O(W·S·K).
 *
 * @param costs per strategy, the cost in each of the K draws
 * @param effects per strategy, the effect (e.g. QALYs) in each draw, aligned with `costs`
 * @param wtpGrid willingness-to-pay values (per unit of effect), each finite and ≥ 0
 */
export function costEffectivenessAcceptability(
  costs: readonly Float64Array[],
  effects: readonly Float64Array[],
  wtpGrid: readonly number[],
): CostEffectivenessAcceptability {
  const fn = 'costEffectivenessAcceptability';
  const draws = validateDraws(fn, costs, effects, 1);
  for (const wtp of wtpGrid) validateWtp(fn, wtp);
  const strategies = costs.length;
  const points = wtpGrid.length;
  const meanCosts = meansOf(costs);
  const meanEffects = meansOf(effects);
  const probability = Array.from({ length: strategies }, () => new Float64Array(points));
  const expectedNetBenefit = Array.from({ length: strategies }, () => new Float64Array(points));
  const frontier: AcceptabilityFrontierPoint[] = [];
  const wins = new Float64Array(strategies);
  const netBenefit = new Float64Array(strategies);

  for (let point = 0; point < points; point++) {
    const wtp = wtpGrid[point] as number;
    wins.fill(0);
    for (let draw = 0; draw < draws; draw++) {
      let best = Number.NEGATIVE_INFINITY;
      let bestStrategy = 0;
      let ties = 0;
      for (let strategy = 0; strategy < strategies; strategy++) {
        const value =
          wtp * ((effects[strategy] as Float64Array)[draw] as number) -
          ((costs[strategy] as Float64Array)[draw] as number);
        netBenefit[strategy] = value;
        if (value > best) {
          best = value;
          bestStrategy = strategy;
          ties = 1;
        } else if (value === best) ties++;
      }
      if (ties === 1) {
        wins[bestStrategy] = (wins[bestStrategy] as number) + 1;
      } else {
        const share = 1 / ties;
        for (let strategy = bestStrategy; strategy < strategies; strategy++) {
          if (netBenefit[strategy] === best) wins[strategy] = (wins[strategy] as number) + share;
        }
      }
    }
    for (let strategy = 0; strategy < strategies; strategy++) {
      (probability[strategy] as Float64Array)[point] = (wins[strategy] as number) / draws;
      (expectedNetBenefit[strategy] as Float64Array)[point] =
        wtp * (meanEffects[strategy] as number) - (meanCosts[strategy] as number);
    }
    const optimal = bestExpected(meanCosts, meanEffects, wtp);
    frontier.push({
      wtp,
      strategy: optimal.strategy,
      expectedNetBenefit: optimal.netBenefit,
      probability: (probability[optimal.strategy] as Float64Array)[point] as number,
    });
  }
  return { wtp: [...wtpGrid], probability, expectedNetBenefit, frontier };
}

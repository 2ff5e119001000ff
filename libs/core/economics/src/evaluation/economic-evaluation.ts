import type { HealthEconomicsPlan } from '@prospect/domain';
import { wilsonInterval } from '@prospect/stats';
import { baseParameterValues } from '../model/parameter-values';
import { evaluateStrategies, type Strategy, type StrategyOutcome } from '../model/evaluate-strategies';
import { incrementalAnalysis, type IncrementalRow } from '../model/incremental-analysis';
import { netMonetaryBenefit, type NetMonetaryBenefitAtWtp } from '../model/net-monetary-benefit';
import { oneWaySensitivity, type OneWaySensitivity } from '../model/one-way-sensitivity';
import { bootstrapAccuracy } from '../uncertainty/bootstrap-accuracy';
import { costEffectivenessAcceptability } from '../uncertainty/ceac';
import { costEffectivenessPlane, type IncrementalComparison } from '../uncertainty/ce-plane';
import { expectedValueOfPerfectInformation } from '../uncertainty/evpi';
import { parameterSampler } from '../uncertainty/parameter-sampler';
import { populationEvpi } from '../uncertainty/population-evpi';
import { createRng } from '../uncertainty/random';

export interface EconomicEvaluationInput {
  readonly plan: HealthEconomicsPlan;
  /** The protocol's locked decision threshold: predicted responder when score ≥ threshold. */
  readonly threshold: number;
  /** Per patient: the observed outcome (1 = responder, the positive class) and the locked score. */
  readonly outcomes: ArrayLike<number>;
  readonly scores: ArrayLike<number>;
  /** Probabilistic sensitivity analysis draws; 0 for the deterministic analyses only. */
  readonly draws: number;
  readonly seed: string | number;
  /**
   * Resample patients in each draw (default true): the uncertainty of accuracy and prevalence.
   * False leaves only the parameter distributions (a check against analytic answers).
   */
  readonly resamplePatients?: boolean;
  /** Most cost-effectiveness plane points to keep per comparison (default 2 000; all for summaries). */
  readonly planePoints?: number;
}

export interface ObservedAccuracy {
  readonly n: number;
  readonly responders: number;
  readonly truePositive: number;
  readonly falseNegative: number;
  readonly trueNegative: number;
  readonly falsePositive: number;
  readonly sensitivity: { readonly estimate: number; readonly wilson: readonly [number, number] };
  readonly specificity: { readonly estimate: number; readonly wilson: readonly [number, number] };
  readonly prevalence: { readonly estimate: number; readonly wilson: readonly [number, number] };
}

export interface StrategySummary {
  readonly strategy: Strategy;
  readonly cost: { readonly mean: number; readonly lower: number; readonly upper: number };
  readonly effect: { readonly mean: number; readonly lower: number; readonly upper: number };
}

export interface EconomicEvaluationResult {
  readonly format: 'prospect.economic-evaluation/1';
  readonly currency: string;
  readonly priceYear: number;
  readonly perspective: string;
  readonly effectMeasure: string;
  readonly timeHorizonYears: number;
  readonly discountRates: { readonly costs: number; readonly effects: number };
  readonly threshold: number;
  readonly accuracy: ObservedAccuracy;
  readonly baseCase: {
    readonly strategies: readonly StrategyOutcome[];
    readonly incremental: readonly IncrementalRow[];
    readonly netMonetaryBenefit: readonly NetMonetaryBenefitAtWtp[];
  };
  /** Tornado data at each of the plan's willingness-to-pay values (accuracy over its Wilson CI). */
  readonly oneWay: readonly OneWaySensitivity[];
  readonly psa: {
    readonly draws: number;
    readonly seed: string | number;
    readonly resamplePatients: boolean;
    readonly strategies: readonly StrategySummary[];
    readonly plane: readonly {
      readonly strategy: Strategy;
      readonly comparator: Strategy;
      readonly summary: IncrementalComparison['summary'];
      /** The first `planePoints` draws as [Δeffect, Δcost] pairs, for plotting. */
      readonly points: readonly (readonly [number, number])[];
    }[];
    readonly ceac: {
      readonly wtp: readonly number[];
      readonly probability: readonly { readonly strategy: Strategy; readonly values: readonly number[] }[];
      readonly frontier: readonly {
        readonly wtp: number;
        readonly strategy: Strategy;
        readonly expectedNetBenefit: number;
        readonly probability: number;
      }[];
    };
    readonly evpi: readonly {
      readonly wtp: number;
      readonly perPatient: number;
      readonly population: number;
    }[];
  } | null;
}

const DEFAULT_PLANE_POINTS = 2_000;

function observedAccuracy(outcomes: ArrayLike<number>, predicted: Uint8Array): ObservedAccuracy {
  let tp = 0;
  let fn = 0;
  let tn = 0;
  let fp = 0;
  for (let i = 0; i < outcomes.length; i++) {
    const positive = predicted[i] === 1;
    if (outcomes[i] === 1) {
      if (positive) tp++;
      else fn++;
    } else if (positive) fp++;
    else tn++;
  }
  const n = outcomes.length;
  const proportion = (successes: number, trials: number) => ({
    estimate: successes / trials,
    wilson: wilsonInterval(successes, trials) as readonly [number, number],
  });
  return {
    n,
    responders: tp + fn,
    truePositive: tp,
    falseNegative: fn,
    trueNegative: tn,
    falsePositive: fp,
    sensitivity: proportion(tp, tp + fn),
    specificity: proportion(tn, tn + fp),
    prevalence: proportion(tp + fn, n),
  };
}

function percentile(sorted: Float64Array, p: number): number {
  const position = (sorted.length - 1) * p;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (position - lo);
}

function summarise(values: Float64Array): { mean: number; lower: number; upper: number } {
  let sum = 0;
  for (const value of values) sum += value;
  const sorted = Float64Array.from(values).sort();
  return { mean: sum / values.length, lower: percentile(sorted, 0.025), upper: percentile(sorted, 0.975) };
}

/**
 * A cost-effectiveness evaluation from a trial's own patients, as CHEERS 2022 asks to report it:
 * 1. Observed accuracy at the locked threshold (sensitivity, specificity, prevalence with Wilson
 *    intervals).
 * 2. Base case: expected cost and effect per patient of each strategy (decision tree over the
 *    confusion matrix), the incremental analysis with dominance and extended dominance, NMB at the
 *    plan's willingness-to-pay values.
 * 3. One-way sensitivity (tornado) for every parameter with a range, and for accuracy over its
 *    Wilson interval, at each willingness-to-pay value.
 * 4. PSA with `draws` seeded draws: each draw resamples the patients (bootstrap: accuracy and
 *    prevalence, drawn from the confusion counts by {@link bootstrapAccuracy}, which is exactly the
 *    patient resample) and draws every parameter from its distribution, then evaluates the strategies;
 *    from the draws the cost-effectiveness plane against standard of care, the acceptability
 *    curves and frontier over the plan's WTP grid, and the EVPI per patient and for the plan's
 *    population (future patients discounted at the cost rate). The same seed gives the same result.
 *
 * @throws {RangeError} on mismatched inputs, outcomes not 0/1, a threshold outside (0, 1), no
 *   responder or no non-responder, or a negative or non-integer number of draws.
 */
export function economicEvaluation(input: EconomicEvaluationInput): EconomicEvaluationResult {
  const { plan, threshold, outcomes, scores } = input;
  const n = outcomes.length;
  if (scores.length !== n) throw new RangeError(`${n} outcomes but ${scores.length} scores`);
  if (!(threshold > 0 && threshold < 1))
    throw new RangeError(`threshold must lie in (0, 1), got ${threshold}`);
  if (!(Number.isInteger(input.draws) && input.draws >= 0 && input.draws <= 100_000)) {
    throw new RangeError(`draws must be a whole number from 0 to 100000, got ${input.draws}`);
  }
  const outcomeBytes = new Uint8Array(n);
  const predicted = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const outcome = outcomes[i];
    const score = scores[i] as number;
    if (outcome !== 0 && outcome !== 1)
      throw new RangeError(`outcome ${i} is ${String(outcome)}; outcomes must be 0 or 1`);
    if (!Number.isFinite(score))
      throw new RangeError(`score ${i} is ${String(score)}; scores must be finite`);
    outcomeBytes[i] = outcome;
    predicted[i] = score >= threshold ? 1 : 0;
  }
  const responders = outcomeBytes.reduce((sum, outcome) => sum + outcome, 0);
  if (responders === 0 || responders === n) {
    throw new RangeError(
      `the evaluation needs responders and non-responders; all ${n} patients are ${responders === 0 ? 'non-responders' : 'responders'}`,
    );
  }
  const accuracy = observedAccuracy(outcomeBytes, predicted);
  const point = {
    sensitivity: accuracy.sensitivity.estimate,
    specificity: accuracy.specificity.estimate,
    prevalence: accuracy.prevalence.estimate,
  };
  const strategies = evaluateStrategies(plan, point);
  const oneWay = plan.willingnessToPay.map((wtp) =>
    oneWaySensitivity(plan, point, {
      wtp,
      accuracyRanges: {
        sensitivity: accuracy.sensitivity.wilson,
        specificity: accuracy.specificity.wilson,
        prevalence: accuracy.prevalence.wilson,
      },
    }),
  );
  return {
    format: 'prospect.economic-evaluation/1',
    currency: plan.currency,
    priceYear: plan.priceYear,
    perspective: plan.perspective,
    effectMeasure: plan.effectMeasure,
    timeHorizonYears: plan.timeHorizonYears,
    discountRates: plan.discountRates,
    threshold,
    accuracy,
    baseCase: {
      strategies,
      incremental: incrementalAnalysis(strategies),
      netMonetaryBenefit: netMonetaryBenefit(strategies, plan.willingnessToPay),
    },
    oneWay,
    psa: input.draws === 0 ? null : probabilistic(input, accuracy, strategies),
  };
}

function probabilistic(
  input: EconomicEvaluationInput,
  observed: ObservedAccuracy,
  baseCase: readonly StrategyOutcome[],
): NonNullable<EconomicEvaluationResult['psa']> {
  const { plan, draws } = input;
  const resample = input.resamplePatients ?? true;
  const rng = createRng(input.seed);
  const samplers = plan.parameters.map((parameter) => [parameter.name, parameterSampler(parameter)] as const);
  const values: Record<string, number> = baseParameterValues(plan);
  const strategyNames = baseCase.map((outcome) => outcome.strategy);
  const costs = strategyNames.map(() => new Float64Array(draws));
  const effects = strategyNames.map(() => new Float64Array(draws));
  const cells = {
    truePositive: observed.truePositive,
    falseNegative: observed.falseNegative,
    trueNegative: observed.trueNegative,
    falsePositive: observed.falsePositive,
  };
  const point = {
    sensitivity: observed.sensitivity.estimate,
    specificity: observed.specificity.estimate,
    prevalence: observed.prevalence.estimate,
  };
  for (let draw = 0; draw < draws; draw++) {
    const accuracy = resample ? bootstrapAccuracy(rng, cells) : point;
    for (const [name, sample] of samplers) values[name] = sample(rng);
    const outcomesOfDraw = evaluateStrategies(plan, accuracy, values);
    outcomesOfDraw.forEach((outcome, s) => {
      (costs[s] as Float64Array)[draw] = outcome.cost;
      (effects[s] as Float64Array)[draw] = outcome.effect;
    });
  }
  const grid = plan.wtpGrid;
  const wtpGrid = Array.from(
    { length: grid.points },
    (_unused, index) => grid.from + ((grid.to - grid.from) * index) / (grid.points - 1),
  );
  const acceptability = costEffectivenessAcceptability(costs, effects, wtpGrid);
  const plane = costEffectivenessPlane(costs, effects, 0);
  const keep = Math.min(draws, input.planePoints ?? DEFAULT_PLANE_POINTS);
  return {
    draws,
    seed: input.seed,
    resamplePatients: resample,
    strategies: strategyNames.map((strategy, s) => ({
      strategy,
      cost: summarise(costs[s] as Float64Array),
      effect: summarise(effects[s] as Float64Array),
    })),
    plane: plane.comparisons.map((comparison) => ({
      strategy: strategyNames[comparison.strategy] as Strategy,
      comparator: strategyNames[0] as Strategy,
      summary: comparison.summary,
      points: Array.from(
        { length: keep },
        (_unused, draw) =>
          [comparison.deltaEffect[draw] as number, comparison.deltaCost[draw] as number] as const,
      ),
    })),
    ceac: {
      wtp: acceptability.wtp,
      probability: strategyNames.map((strategy, s) => ({
        strategy,
        values: Array.from(acceptability.probability[s] as Float64Array),
      })),
      frontier: acceptability.frontier.map((entry) => ({
        wtp: entry.wtp,
        strategy: strategyNames[entry.strategy] as Strategy,
        expectedNetBenefit: entry.expectedNetBenefit,
        probability: entry.probability,
      })),
    },
    evpi: plan.willingnessToPay.map((wtp) => {
      const perPatient = expectedValueOfPerfectInformation(costs, effects, wtp);
      return {
        wtp,
        perPatient,
        population: populationEvpi(perPatient, {
          patientsPerYear: plan.population.patientsPerYear,
          years: plan.population.years,
          discountRate: plan.discountRates.costs,
        }),
      };
    }),
  };
}

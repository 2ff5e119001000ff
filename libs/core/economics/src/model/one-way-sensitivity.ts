import type { HealthEconomicsPlan } from '@prospect/domain';
import type { ClassificationAccuracy } from './cell-probabilities';
import { evaluateStrategies, type StrategyOutcome } from './evaluate-strategies';
import { baseParameterValues } from './parameter-values';

/** Ranges for the accuracy inputs, e.g. their confidence intervals; each `[low, high]` in [0, 1]. */
export interface AccuracyRanges {
  readonly sensitivity?: readonly [low: number, high: number];
  readonly specificity?: readonly [low: number, high: number];
  readonly prevalence?: readonly [low: number, high: number];
}

/** Options of {@link oneWaySensitivity}. */
export interface OneWaySensitivityOptions {
  /** Willingness to pay per unit of effect at which incremental NMB is computed. */
  readonly wtp: number;
  /** Also vary these accuracy inputs, as pseudo-parameters named after them. */
  readonly accuracyRanges?: AccuracyRanges;
}

/** One bar of the tornado diagram: model-guided versus standard of care at both ends of a range. */
export interface TornadoBar {
  /** `parameter` for a plan parameter, `accuracy` for sensitivity, specificity or prevalence. */
  readonly kind: 'parameter' | 'accuracy';
  /** The parameter name, or `sensitivity`, `specificity` or `prevalence`. */
  readonly parameter: string;
  readonly label: string;
  readonly low: number;
  readonly high: number;
  /** wtp · ΔE − ΔC (model-guided minus standard of care) with the input at `low`. */
  readonly incrementalNmbAtLow: number;
  readonly incrementalNmbAtHigh: number;
  /** ΔC / ΔE with the input at `low`; null when ΔE is 0. Negative in the dominant or dominated quadrant. */
  readonly icerAtLow: number | null;
  readonly icerAtHigh: number | null;
}

/** Tornado data around the base case; see {@link oneWaySensitivity}. */
export interface OneWaySensitivity {
  readonly wtp: number;
  /** Incremental NMB of model-guided care over standard of care in the base case. */
  readonly baseIncrementalNmb: number;
  /** Base-case ICER of model-guided care over standard of care; null when ΔE is 0. */
  readonly baseIcer: number | null;
  /** One bar per varied input, widest swing in incremental NMB first (ties keep input order). */
  readonly bars: readonly TornadoBar[];
}

const ACCURACY_LABELS = {
  sensitivity: 'Sensitivity',
  specificity: 'Specificity',
  prevalence: 'Prevalence',
} as const;

function compare(outcomes: readonly StrategyOutcome[], wtp: number) {
  const find = (strategy: StrategyOutcome['strategy']) =>
    outcomes.find((outcome) => outcome.strategy === strategy) as StrategyOutcome;
  const guided = find('model-guided');
  const standard = find('standard-of-care');
  const deltaCost = guided.cost - standard.cost;
  const deltaEffect = guided.effect - standard.effect;
  return {
    incrementalNmb: wtp * deltaEffect - deltaCost,
    icer: deltaEffect === 0 ? null : deltaCost / deltaEffect,
  };
}

/**
 * One-way sensitivity analysis of model-guided care against standard of care: each parameter
 * with a `low`/`high` range, and each accuracy input given in `accuracyRanges`, is set to its low
 * and high value in turn with everything else at the base case, giving the incremental net
 * monetary benefit and ICER at both ends: the data of a tornado diagram, widest bar first.
 *
 * @param plan a validated health-economic analysis plan
 * @param accuracy base-case sensitivity, specificity and prevalence
 * @param options `wtp` (finite, at least 0) and optional `accuracyRanges`
 * @throws {RangeError} on an invalid threshold or range, or anything {@link evaluateStrategies} refuses
 */
export function oneWaySensitivity(
  plan: HealthEconomicsPlan,
  accuracy: ClassificationAccuracy,
  options: OneWaySensitivityOptions,
): OneWaySensitivity {
  const { wtp, accuracyRanges = {} } = options;
  if (!(Number.isFinite(wtp) && wtp >= 0)) {
    throw new RangeError(`oneWaySensitivity: wtp must be finite and at least 0, got ${wtp}`);
  }
  const base = baseParameterValues(plan);
  const bars: TornadoBar[] = [];

  for (const parameter of plan.parameters) {
    if (parameter.low === undefined || parameter.high === undefined) continue;
    const at = (value: number) =>
      compare(evaluateStrategies(plan, accuracy, { ...base, [parameter.name]: value }), wtp);
    const low = at(parameter.low);
    const high = at(parameter.high);
    bars.push({
      kind: 'parameter',
      parameter: parameter.name,
      label: parameter.label,
      low: parameter.low,
      high: parameter.high,
      incrementalNmbAtLow: low.incrementalNmb,
      incrementalNmbAtHigh: high.incrementalNmb,
      icerAtLow: low.icer,
      icerAtHigh: high.icer,
    });
  }

  for (const key of ['sensitivity', 'specificity', 'prevalence'] as const) {
    const range = accuracyRanges[key];
    if (range === undefined) continue;
    const [lowValue, highValue] = range;
    if (!(lowValue >= 0 && lowValue <= highValue && highValue <= 1)) {
      throw new RangeError(
        `oneWaySensitivity: the ${key} range must satisfy 0 <= low <= high <= 1, got [${lowValue}, ${highValue}]`,
      );
    }
    const at = (value: number) => compare(evaluateStrategies(plan, { ...accuracy, [key]: value }, base), wtp);
    const low = at(lowValue);
    const high = at(highValue);
    bars.push({
      kind: 'accuracy',
      parameter: key,
      label: ACCURACY_LABELS[key],
      low: lowValue,
      high: highValue,
      incrementalNmbAtLow: low.incrementalNmb,
      incrementalNmbAtHigh: high.incrementalNmb,
      icerAtLow: low.icer,
      icerAtHigh: high.icer,
    });
  }

  const swing = (bar: TornadoBar) => Math.abs(bar.incrementalNmbAtHigh - bar.incrementalNmbAtLow);
  // Array.prototype.sort is stable, so equal swings keep their input order.
  bars.sort((a, b) => swing(b) - swing(a));
  const baseCase = compare(evaluateStrategies(plan, accuracy, base), wtp);
  return { wtp, baseIncrementalNmb: baseCase.incrementalNmb, baseIcer: baseCase.icer, bars };
}

import { createRng, type Rng } from '../numeric/random';
import { quantileType7 } from '../shift/bins';
import { sortedSample } from './sorted-sample';

/** Options of {@link rocSensitivityBand}. */
export interface RocSensitivityBandOptions {
  /** Specificities at which to read the curve, each in [0, 1]. Default 0, 0.05, …, 1 (as R's `seq(0, 1, 0.05)`). */
  readonly specificities?: readonly number[];
  /** Bootstrap replicates, a positive integer. Default 2000. */
  readonly replicates?: number;
  /** Two-sided confidence level of each pointwise interval, in (0, 1). Default 0.95. */
  readonly confidence?: number;
  /** Seed of the bootstrap's random stream (see `createRng`): same seed, same band. */
  readonly seed: string | number;
}

/** Sensitivity of an empirical ROC curve at one specificity, with its bootstrap interval. */
export interface RocSensitivityBandPoint {
  /** The requested specificity. */
  readonly specificity: number;
  /** Sensitivity of the curve at that specificity, on the original data. */
  readonly sensitivity: number;
  /** Lower percentile bound: the (1 − confidence)/2 quantile of the bootstrap sensitivities. */
  readonly lower: number;
  /** Upper percentile bound: the 1 − (1 − confidence)/2 quantile of the bootstrap sensitivities. */
  readonly upper: number;
}

const TWO_POW_32 = 4294967296;

/** The specificities of R's `seq(0, 1, 0.05)`: k · 0.05 (not k / 20, which differs by an ulp for some k). */
const DEFAULT_SPECIFICITIES: readonly number[] = Array.from({ length: 21 }, (_, k) => Math.min(1, k * 0.05));

/**
 * Where a specificity falls among the values c / controls a curve can take. `count` is the least
 * c in 0..controls with c / controls ≥ specificity (as doubles); `exact` says whether
 * c / controls equals the specificity exactly. Both depend only on the number of controls, which
 * the stratified bootstrap keeps fixed.
 */
interface SpecificityTarget {
  readonly count: number;
  readonly exact: boolean;
}

function specificityTarget(specificity: number, controls: number): SpecificityTarget {
  // c / controls is correctly rounded and strictly increasing in c, so step from the estimate.
  let count = Math.min(controls, Math.max(0, Math.ceil(specificity * controls)));
  while (count > 0 && (count - 1) / controls >= specificity) count--;
  while (count / controls < specificity) count++;
  return { count, exact: count / controls === specificity };
}

/** Distinct-score ranks (0-based, ascending) of the cases and of the controls, and how many distinct scores. */
interface RankedSample {
  readonly caseRanks: Uint32Array;
  readonly controlRanks: Uint32Array;
  readonly distinct: number;
}

function rankSample(
  scores: Float64Array,
  isCase: Uint8Array,
  caseCount: number,
  controlCount: number,
): RankedSample {
  const caseRanks = new Uint32Array(caseCount);
  const controlRanks = new Uint32Array(controlCount);
  let cases = 0;
  let controls = 0;
  let rank = -1;
  for (let k = 0; k < scores.length; k++) {
    if (k === 0 || scores[k] !== scores[k - 1]) rank++;
    if (isCase[k] === 1) caseRanks[cases++] = rank;
    else controlRanks[controls++] = rank;
  }
  return { caseRanks, controlRanks, distinct: rank + 1 };
}

/**
 * Sensitivity at each target specificity of the curve whose patients are counted per distinct
 * score rank, by pROC's rule (`coords(roc, x, input = "specificity")`, pROC 1.18).
 *
 * The curve's points are, for r = 0 … distinct, "positive when rank ≥ r": specificity C(r) / n
 * (C(r) controls below rank r, n controls) and sensitivity (m − S(r)) / m (S(r) cases below r, m
 * cases), listed by increasing specificity as pROC lists them. Ranks holding nobody only repeat a
 * point, which changes nothing below. For a specificity x, pROC takes the first point whose
 * specificity equals x exactly (as doubles), i.e. the top of a vertical segment (highest
 * sensitivity); when no point equals x, it interpolates linearly between the last point with
 * specificity below x and the first above it. Which branch applies is decided by exact double
 * comparison, so a requested 0.15000000000000002 (= 3 · 0.05) against a curve point 3/20 = 0.15
 * interpolates toward the bottom of that vertical segment: the same arithmetic is reproduced here.
 *
 * @param order target indices by ascending `count`
 */
function sensitivitiesAt(
  caseCounts: Uint32Array,
  controlCounts: Uint32Array,
  cases: number,
  controls: number,
  specificities: readonly number[],
  targets: readonly SpecificityTarget[],
  order: Uint32Array,
  write: (target: number, sensitivity: number) => void,
): void {
  let next = 0;
  let below = 0; // C(r)
  let casesBelow = 0; // S(r)
  let previousBelow = 0;
  let previousCasesBelow = 0;
  for (let r = 0; next < order.length; r++) {
    while (next < order.length) {
      const index = order[next] as number;
      const target = targets[index] as SpecificityTarget;
      if (below < target.count) break;
      const sensitivity = (cases - casesBelow) / cases;
      if (target.exact && below === target.count) {
        write(index, sensitivity);
      } else {
        // r ≥ 1 here: at r = 0, C = 0 ≥ count forces count = 0, an exact match of specificity 0.
        const specificity = below / controls;
        const proportion =
          ((specificities[index] as number) - specificity) / (previousBelow / controls - specificity);
        write(index, sensitivity + proportion * ((cases - previousCasesBelow) / cases - sensitivity));
      }
      next++;
    }
    previousBelow = below;
    previousCasesBelow = casesBelow;
    below += controlCounts[r] ?? 0;
    casesBelow += caseCounts[r] ?? 0;
  }
}

/**
 * Adds one bootstrap resample of `ranks` (as many draws with replacement, each member equally
 * likely) to `counts` by rank. Uniform indices by rejection of the top 2³² mod n raw values
 * (Lemire 2019), as `bootstrapIndices` in @prospect/economics.
 */
function resampleInto(rng: Rng, ranks: Uint32Array, counts: Uint32Array): void {
  const n = ranks.length;
  const limit = TWO_POW_32 - (TWO_POW_32 % n);
  for (let draw = 0; draw < n; draw++) {
    let x = rng.uint32();
    while (x >= limit) x = rng.uint32();
    (counts[ranks[x % n] as number] as number)++;
  }
}

function validOptions(options: RocSensitivityBandOptions): {
  specificities: readonly number[];
  replicates: number;
  confidence: number;
} {
  const specificities = options.specificities ?? DEFAULT_SPECIFICITIES;
  const replicates = options.replicates ?? 2000;
  const confidence = options.confidence ?? 0.95;
  if (specificities.length === 0) {
    throw new RangeError('rocSensitivityBand: specificities must not be empty');
  }
  specificities.forEach((specificity, index) => {
    if (!(specificity >= 0 && specificity <= 1)) {
      throw new RangeError(`rocSensitivityBand: specificity ${index} is ${specificity}, not in [0, 1]`);
    }
  });
  if (!Number.isSafeInteger(replicates) || replicates < 1) {
    throw new RangeError(`rocSensitivityBand: replicates must be a positive integer, got ${replicates}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`rocSensitivityBand: confidence must be in (0, 1), got ${confidence}`);
  }
  return { specificities, replicates, confidence };
}

/**
 * Pointwise confidence band of an empirical ROC curve: the sensitivity at fixed specificities with
 * stratified-bootstrap percentile intervals, the method of pROC's
 * `ci.se(roc, specificities, boot.n = replicates, boot.stratified = TRUE, conf.level = confidence)`
 * (pROC 1.18, with `levels = c(0, 1)`, `direction = "<"`).
 *
 * - `sensitivity` is the curve's sensitivity at the specificity by pROC's `coords(roc, x = sp,
 *   input = "specificity", ret = "sensitivity")` rule, reproduced to the last bit: the highest
 *   sensitivity on a vertical segment when a curve point's specificity equals the requested one
 *   exactly (as doubles), else linear interpolation between the neighbouring curve points.
 * - Each replicate resamples the cases and the controls separately, with replacement and at their
 *   original sizes, and reads its own curve by the same rule.
 * - `lower` / `upper` are R's default (type 7) quantiles of the replicates' sensitivities at
 *   (1 − confidence)/2 and 1 − (1 − confidence)/2, computed in pROC's order of operations.
 *
 * The random stream differs from R's, so bounds agree with pROC's only up to Monte-Carlo error.
 * As with any percentile interval, `sensitivity` is not guaranteed to lie in [lower, upper] (it
 * can fall outside a skewed bootstrap distribution). The default specificities are R's
 * `seq(0, 1, 0.05)`, finer than `ci.se`'s own default `seq(0, 1, 0.1)`.
 * Work: one sort of the scores, then per replicate O(n + distinct scores) on integer ranks and
 * counts.
 *
 * Higher scores mean outcome 1; the curve is never flipped.
 *
 * @throws {RangeError} when lengths differ, a score is not finite, an outcome is not 0 or 1,
 *   there is no case or no control, no specificity is given or one is outside [0, 1], replicates is
 *   not a positive integer, or the confidence level is outside (0, 1).
 */
export function rocSensitivityBand(
  scores: readonly number[],
  outcomes: readonly (0 | 1)[],
  options: RocSensitivityBandOptions,
): RocSensitivityBandPoint[] {
  const { specificities, replicates, confidence } = validOptions(options);
  const {
    scores: sorted,
    isCase,
    caseCount,
    controlCount,
  } = sortedSample(scores, outcomes, 'rocSensitivityBand');
  const { caseRanks, controlRanks, distinct } = rankSample(sorted, isCase, caseCount, controlCount);

  const targets = specificities.map((specificity) => specificityTarget(specificity, controlCount));
  const order = Uint32Array.from(targets.keys()).sort(
    (a, b) => (targets[a] as SpecificityTarget).count - (targets[b] as SpecificityTarget).count,
  );
  const read = (
    caseCounts: Uint32Array,
    controlCounts: Uint32Array,
    write: (target: number, value: number) => void,
  ) =>
    sensitivitiesAt(caseCounts, controlCounts, caseCount, controlCount, specificities, targets, order, write);

  const caseCounts = new Uint32Array(distinct);
  const controlCounts = new Uint32Array(distinct);
  for (const rank of caseRanks) (caseCounts[rank] as number)++;
  for (const rank of controlRanks) (controlCounts[rank] as number)++;
  const estimates = new Float64Array(specificities.length);
  read(caseCounts, controlCounts, (target, value) => (estimates[target] = value));

  // draws[target · replicates + replicate]
  const draws = new Float64Array(specificities.length * replicates);
  const rng = createRng(options.seed);
  for (let replicate = 0; replicate < replicates; replicate++) {
    caseCounts.fill(0);
    controlCounts.fill(0);
    resampleInto(rng, controlRanks, controlCounts); // controls first, as pROC draws them
    resampleInto(rng, caseRanks, caseCounts);
    read(caseCounts, controlCounts, (target, value) => (draws[target * replicates + replicate] = value));
  }

  // pROC's probabilities: 0 + (1 − 0.95)/2 is 0.025000000000000022, not 0.025.
  const lowerProbability = 0 + (1 - confidence) / 2;
  const upperProbability = 1 - (1 - confidence) / 2;
  return specificities.map((specificity, target) => {
    const replicateValues = draws.subarray(target * replicates, (target + 1) * replicates).sort();
    return {
      specificity,
      sensitivity: estimates[target] as number,
      lower: quantileType7(replicateValues, lowerProbability),
      upper: quantileType7(replicateValues, upperProbability),
    };
  });
}

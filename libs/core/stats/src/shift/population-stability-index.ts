import { binIndex } from './bins';
import { finiteSample } from './finite-sample';

/** Binned reference (training) distribution of one variable. */
export interface ReferenceBins {
  /** Interior cut points e₁ < … < e_{k−1}, finite: bins (−∞, e₁], (e₁, e₂], …, (e_{k−1}, ∞). */
  readonly edges: readonly number[];
  /** Reference proportion in each of the k bins, each in [0, 1], summing to 1 (± 1e-6). */
  readonly proportions: readonly number[];
}

/** Options of {@link populationStabilityIndex}. */
export interface PopulationStabilityIndexOptions {
  /** Stand-in for a proportion of 0 in the logarithm, > 0. Default 1e-4. */
  readonly epsilon?: number;
}

/** One bin of a {@link PopulationStabilityIndex}. */
export interface PsiBin {
  /** Exclusive lower bound; −Infinity for the first bin. */
  readonly lower: number;
  /** Inclusive upper bound; Infinity for the last bin. */
  readonly upper: number;
  /** Reference proportion e, as given. */
  readonly expected: number;
  /** Proportion a of the sample in the bin, as observed (0 for an empty bin). */
  readonly actual: number;
  /** Number of sample values in the bin. */
  readonly count: number;
  /** (a − e)·ln(a/e), with a proportion of 0 replaced by epsilon on either side. */
  readonly contribution: number;
}

export interface PopulationStabilityIndex {
  /** Σ over bins of the contributions. */
  readonly psi: number;
  readonly bins: readonly PsiBin[];
}

/** Default stand-in for an empty bin: one patient in ten thousand. */
const DEFAULT_EPSILON = 1e-4;

function validateReference({ edges, proportions }: ReferenceBins, caller: string): void {
  if (proportions.length === 0) throw new RangeError(`${caller}: reference has no bins`);
  if (edges.length !== proportions.length - 1) {
    throw new RangeError(
      `${caller}: ${proportions.length} proportions need ${proportions.length - 1} edges, got ${edges.length}`,
    );
  }
  edges.forEach((edge, index) => {
    if (!Number.isFinite(edge)) throw new RangeError(`${caller}: edge ${index} is ${edge}, not finite`);
    if (index > 0 && !(edge > (edges[index - 1] as number))) {
      throw new RangeError(`${caller}: edges must be strictly increasing, but edge ${index} is ${edge}`);
    }
  });
  let sum = 0;
  proportions.forEach((proportion, index) => {
    if (!(proportion >= 0 && proportion <= 1)) {
      throw new RangeError(`${caller}: proportion ${index} is ${proportion}, not in [0, 1]`);
    }
    sum += proportion;
  });
  if (!(Math.abs(sum - 1) <= 1e-6)) {
    throw new RangeError(`${caller}: proportions must sum to 1 (± 1e-6), got ${sum}`);
  }
}

/**
 * Population stability index of a sample against a binned reference distribution (typically the
 * training deciles from {@link referenceDistribution}), the credit-scoring screen for a shifted
 * input or score distribution:
 *
 *   PSI = Σ_bins (a − e) · ln(a / e),
 *
 * with e the reference and a the sample proportion in each bin; it is the symmetrised
 * Kullback–Leibler divergence KL(a‖e) + KL(e‖a) of the binned distributions. Bins are
 * (−∞, e₁], (e₁, e₂], …, (e_{k−1}, ∞): a value equal to an edge counts in the lower bin, as R's
 * `cut(x, c(-Inf, edges, Inf))` (right-closed).
 *
 * An empty bin (a = 0) or an empty reference bin (e = 0) would make ln infinite; such a proportion
 * is replaced by `epsilon` (default 1e-4, i.e. one patient in 10 000) inside the contribution only,
 * without renormalising the others, a common convention. The PSI of an empty bin therefore depends
 * on epsilon; report it with the result. Rules of thumb: < 0.1 stable, 0.1–0.25 moderate shift,
 * > 0.25 major shift (rules of thumb, not tests; PSI grows with the number of bins).
 *
 * @throws {RangeError} when the sample is empty or holds a non-finite value, the edges are not
 *   finite and strictly increasing, their number is not one less than that of the proportions, a
 *   proportion is outside [0, 1], the proportions do not sum to 1 within 1e-6, or epsilon is not
 *   in (0, 1).
 */
export function populationStabilityIndex(
  sample: ArrayLike<number>,
  reference: ReferenceBins,
  options: PopulationStabilityIndexOptions = {},
): PopulationStabilityIndex {
  const caller = 'populationStabilityIndex';
  const epsilon = options.epsilon ?? DEFAULT_EPSILON;
  if (!(epsilon > 0 && epsilon < 1)) {
    throw new RangeError(`${caller}: epsilon must be in (0, 1), got ${epsilon}`);
  }
  validateReference(reference, caller);
  const { values, n } = finiteSample(sample, caller);
  const { edges, proportions } = reference;
  const counts = new Array<number>(proportions.length).fill(0);
  for (const value of values) {
    const bin = binIndex(value, edges);
    counts[bin] = (counts[bin] as number) + 1;
  }
  let psi = 0;
  const bins = proportions.map((expected, index): PsiBin => {
    const count = counts[index] as number;
    const actual = count / n;
    const a = actual === 0 ? epsilon : actual;
    const e = expected === 0 ? epsilon : expected;
    const contribution = (a - e) * Math.log(a / e);
    psi += contribution;
    return {
      lower: index === 0 ? -Infinity : (edges[index - 1] as number),
      upper: index === edges.length ? Infinity : (edges[index] as number),
      expected,
      actual,
      count,
      contribution,
    };
  });
  return { psi, bins };
}

import { chiSquareSurvival } from '../numeric/gamma';
import { normalQuantile } from '../numeric/normal';

/** Options of {@link heterogeneity}. */
export interface HeterogeneityOptions {
  /** Two-sided confidence level of both pooled intervals, in (0, 1). Default 0.95. */
  readonly confidence?: number;
}

/** A pooled estimate with its standard error and normal (Wald) confidence interval. */
export interface PooledEstimate {
  readonly estimate: number;
  readonly se: number;
  /** estimate ± Φ⁻¹(1 − α/2)·se, not clipped. */
  readonly ci: readonly [number, number];
}

/** Heterogeneity of k estimates and their fixed- and random-effects summaries. */
export interface Heterogeneity {
  /** Number of estimates pooled. */
  readonly k: number;
  /** Inverse-variance weighted mean, weights 1/seᵢ² (metafor `rma(method = "FE")`). */
  readonly fixedEffect: PooledEstimate;
  /**
   * DerSimonian–Laird random-effects mean, weights 1/(seᵢ² + τ²) (metafor `rma(method = "DL")`),
   * with the between-estimate variance τ².
   */
  readonly randomEffects: PooledEstimate & { readonly tau2: number };
  /** Cochran's Q = Σ wᵢ (yᵢ − fixed effect)², wᵢ = 1/seᵢ². */
  readonly q: number;
  /** k − 1. */
  readonly df: number;
  /** P(χ²_df > Q): the test of homogeneity (metafor `QEp`). */
  readonly p: number;
  /**
   * Higgins & Thompson's I² = max(0, (Q − df)/Q) as a fraction in [0, 1] (metafor reports it in
   * percent); 0 when Q = 0. Equal to τ²/(τ² + s²) with DerSimonian–Laird τ² and s² the "typical"
   * within-estimate variance.
   */
  readonly i2: number;
}

function validated(estimates: readonly number[], standardErrors: readonly number[]): void {
  const caller = 'heterogeneity';
  if (estimates.length !== standardErrors.length) {
    throw new RangeError(
      `${caller}: ${estimates.length} estimates but ${standardErrors.length} standard errors`,
    );
  }
  if (estimates.length < 2) {
    throw new RangeError(`${caller}: needs at least 2 estimates, got ${estimates.length}`);
  }
  estimates.forEach((estimate, index) => {
    if (!Number.isFinite(estimate)) {
      throw new RangeError(`${caller}: estimate ${index} is ${estimate}, not a finite number`);
    }
  });
  standardErrors.forEach((se, index) => {
    if (!(se > 0 && Number.isFinite(se))) {
      throw new RangeError(`${caller}: standard error ${index} is ${se}, not a finite positive number`);
    }
  });
}

/** Weighted mean and its se 1/√Σw, the weighted mean computed around y₀ so that sums do not cancel. */
function weightedMean(
  estimates: readonly number[],
  weights: readonly number[],
): { estimate: number; se: number; weightSum: number } {
  const origin = estimates[0] as number;
  let weightSum = 0;
  let weightedDeviations = 0;
  for (let i = 0; i < estimates.length; i++) {
    const weight = weights[i] as number;
    weightSum += weight;
    weightedDeviations += weight * ((estimates[i] as number) - origin);
  }
  return { estimate: origin + weightedDeviations / weightSum, se: 1 / Math.sqrt(weightSum), weightSum };
}

/**
 * Between-subgroup heterogeneity of k independent estimates yᵢ with standard errors seᵢ (e.g. the
 * AUC of one model in each subgroup, with DeLong standard errors), and their pooled means:
 *
 * - fixed effect: ȳ = Σ wᵢ yᵢ / Σ wᵢ with wᵢ = 1/seᵢ², se 1/√Σwᵢ;
 * - Cochran's Q = Σ wᵢ (yᵢ − ȳ)², df = k − 1, p = P(χ²_df > Q);
 * - I² = max(0, (Q − df)/Q) (Higgins & Thompson 2002);
 * - DerSimonian & Laird (1986) τ² = max(0, (Q − df) / (Σwᵢ − Σwᵢ²/Σwᵢ)), and the random-effects
 *   mean with weights 1/(seᵢ² + τ²), se 1/√Σ of those weights.
 *
 * Intervals are estimate ± Φ⁻¹(1 − α/2)·se (metafor's default `test = "z"`; no Knapp–Hartung
 * adjustment). The numbers agree with metafor `rma(yi, sei = se, method = "DL")` and
 * `rma(yi, sei = se, method = "FE")` (see tests/fixtures/stats/subgroups).
 *
 * The Q test has little power with few subgroups; a non-significant p is not evidence of
 * homogeneity, which is why I² and τ² are reported beside it.
 *
 * @throws {RangeError} when the lengths differ, k < 2, an estimate is not finite, a standard
 *   error is not finite and positive, or the confidence level is outside (0, 1).
 */
export function heterogeneity(
  estimates: readonly number[],
  standardErrors: readonly number[],
  options: HeterogeneityOptions = {},
): Heterogeneity {
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`heterogeneity: confidence must be in (0, 1), got ${confidence}`);
  }
  validated(estimates, standardErrors);
  const k = estimates.length;
  const df = k - 1;
  const critical = normalQuantile(1 - (1 - confidence) / 2);
  const withCi = ({ estimate, se }: { estimate: number; se: number }): PooledEstimate => ({
    estimate,
    se,
    ci: [estimate - critical * se, estimate + critical * se],
  });

  const weights = standardErrors.map((se) => 1 / (se * se));
  const fixed = weightedMean(estimates, weights);
  let q = 0;
  let squaredWeightSum = 0;
  for (let i = 0; i < k; i++) {
    const weight = weights[i] as number;
    const deviation = (estimates[i] as number) - fixed.estimate;
    q += weight * deviation * deviation;
    squaredWeightSum += weight * weight;
  }
  const tau2 = Math.max(0, (q - df) / (fixed.weightSum - squaredWeightSum / fixed.weightSum));
  const random = weightedMean(
    estimates,
    standardErrors.map((se) => 1 / (se * se + tau2)),
  );
  return {
    k,
    fixedEffect: withCi(fixed),
    randomEffects: { ...withCi(random), tau2 },
    q,
    df,
    p: chiSquareSurvival(q, df),
    i2: q > 0 ? Math.max(0, (q - df) / q) : 0,
  };
}

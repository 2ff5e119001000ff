import { normalQuantile } from '../numeric/normal';
import { logisticRegression } from './logistic-regression';
import { validatePredictions } from './validate-predictions';

/** A logistic-regression coefficient with its standard error and Wald interval. */
export interface CalibrationCoefficient {
  readonly estimate: number;
  readonly se: number;
  /** estimate ∓ z₍₁₊c₎/₂ · se. */
  readonly ci: [number, number];
}

export interface CalibrationOptions {
  /** Two-sided level of the Wald intervals, 0.95 by default. */
  readonly confidence?: number;
  /** Predictions are clipped to [clip, 1 − clip] before the logit; 1e-15 by default. */
  readonly clip?: number;
}

export interface CalibrationResult {
  /**
   * Calibration-in-the-large: α in logit P(y = 1) = α + logit(p), i.e. glm(y ~ 1, offset = logit p).
   * 0 when predictions are right on average; > 0 when they underestimate risk.
   */
  readonly intercept: CalibrationCoefficient;
  /**
   * Calibration slope: β in logit P(y = 1) = a + β·logit(p), i.e. glm(y ~ logit p).
   * 1 is ideal; < 1 means predictions are too extreme (overfitting), > 1 too moderate.
   */
  readonly slope: CalibrationCoefficient;
  /** Mean squared error of the probabilities, mean((p − y)²), on the unclipped predictions. */
  readonly brier: number;
  /**
   * 1 − Brier / (π(1 − π)) with π the observed prevalence: the Brier score relative to a
   * non-informative model that predicts π for everyone (1 perfect, 0 no better, < 0 worse).
   * NaN when all outcomes are equal; cannot happen here as the fits need both outcomes.
   */
  readonly scaledBrier: number;
  /** How many predictions lay outside [clip, 1 − clip] and were clipped before the logit. */
  readonly clipped: number;
}

/**
 * Weak calibration of predicted probabilities against observed binary outcomes (Van Calster et al.
 * 2016; Steyerberg, Clinical Prediction Models, ch. 15): calibration-in-the-large and calibration
 * slope by logistic recalibration, with Wald intervals, plus the Brier score and scaled Brier.
 * Both fits agree with R's `glm(family = binomial)` and `summary()` to ~1e-9.
 *
 * Probabilities of exactly 0 or 1 have infinite logits; they are clipped to [clip, 1 − clip] and
 * counted in `clipped` so that a report can flag them (they dominate the slope fit).
 *
 * @param probabilities predicted risks in [0, 1]
 * @param outcomes observed outcomes, 0 or 1, aligned with `probabilities`, both values present
 * @throws {RangeError} on malformed input or when only one outcome value occurs
 * @throws {Error} when a recalibration fit does not converge (e.g. perfect separation)
 */
export function calibration(
  probabilities: readonly number[],
  outcomes: readonly number[],
  options: CalibrationOptions = {},
): CalibrationResult {
  const confidence = options.confidence ?? 0.95;
  const clip = options.clip ?? 1e-15;
  validatePredictions('calibration', probabilities, outcomes);
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`calibration: confidence must be in (0, 1), got ${confidence}`);
  }
  if (!(clip > 0 && clip < 0.5)) throw new RangeError(`calibration: clip must be in (0, 0.5), got ${clip}`);
  const n = outcomes.length;
  const events = outcomes.reduce((sum, y) => sum + y, 0);
  if (events === 0 || events === n) {
    throw new RangeError(
      'calibration: needs both outcomes (events and non-events) to fit the recalibration models',
    );
  }

  let clipped = 0;
  let squaredError = 0;
  const logits = probabilities.map((p, i) => {
    squaredError += (p - (outcomes[i] as number)) ** 2;
    if (p < clip || p > 1 - clip) clipped++;
    const bounded = Math.min(Math.max(p, clip), 1 - clip);
    return Math.log(bounded / (1 - bounded));
  });

  const z = normalQuantile((1 + confidence) / 2);
  const coefficient = (estimate: number, se: number): CalibrationCoefficient => ({
    estimate,
    se,
    ci: [estimate - z * se, estimate + z * se],
  });

  const inTheLarge = logisticRegression(
    logits.map(() => [1]),
    outcomes,
    { offset: logits },
  );
  const recalibration = logisticRegression(
    logits.map((logit) => [1, logit]),
    outcomes,
  );

  const brier = squaredError / n;
  const prevalence = events / n;
  return {
    intercept: coefficient(inTheLarge.coefficients[0] as number, inTheLarge.standardErrors[0] as number),
    slope: coefficient(recalibration.coefficients[1] as number, recalibration.standardErrors[1] as number),
    brier,
    scaledBrier: 1 - brier / (prevalence * (1 - prevalence)),
    clipped,
  };
}

import { lowess } from './lowess';
import { validatePredictions } from './validate-predictions';

/** One point of a calibration curve: predicted risk against smoothed observed frequency. */
export interface CalibrationCurvePoint {
  readonly predicted: number;
  /** Smoothed observed event rate; lowess is not bounded, so it may leave [0, 1] slightly. */
  readonly observed: number;
}

export interface SmoothedCalibrationCurve {
  /** At each distinct prediction, ascending. */
  readonly curve: CalibrationCurvePoint[];
  /**
   * At the requested `points`, by linear interpolation of `curve`; `observed` is null for points
   * outside the range of the predictions (no extrapolation, as R's `approx(rule = 1)`).
   */
  readonly atPoints?: { readonly predicted: number; readonly observed: number | null }[];
}

export interface SmoothedCalibrationCurveOptions {
  /** Predicted risks at which to report the curve as well (e.g. a grid for plotting). */
  readonly points?: readonly number[];
}

/** Smoother span: R's `lowess` default, the usual choice for calibration plots. */
const SPAN = 2 / 3;

/**
 * Flexible calibration curve (Austin & Steyerberg 2014; Van Calster et al. 2016): the observed
 * outcomes smoothed against predicted risk by Cleveland's lowess, exactly R's
 * `lowess(p, y, f = 2/3, iter = 0)` (span 2/3, no robustness iterations, which would treat the
 * 0/1 outcomes as outliers; delta = 0.01 · range of p). The same as `rms::val.prob`'s curve.
 *
 * @param probabilities predicted risks in [0, 1]
 * @param outcomes observed outcomes, 0 or 1, aligned with `probabilities`
 * @param options `points`: predicted risks at which to interpolate the curve
 */
export function smoothedCalibrationCurve(
  probabilities: readonly number[],
  outcomes: readonly number[],
  options: SmoothedCalibrationCurveOptions = {},
): SmoothedCalibrationCurve {
  validatePredictions('smoothedCalibrationCurve', probabilities, outcomes);
  // Stable sort by prediction, as R's order(), so ties keep their input order.
  const order = probabilities
    .map((_, i) => i)
    .sort((a, b) => (probabilities[a] as number) - (probabilities[b] as number));
  const x = order.map((i) => probabilities[i] as number);
  const y = order.map((i) => outcomes[i] as number);
  const delta = 0.01 * ((x[x.length - 1] as number) - (x[0] as number));
  const fitted = lowess(x, y, SPAN, delta);

  // lowess gives tied x the same fitted value; keep one per distinct prediction.
  const curve: CalibrationCurvePoint[] = [];
  x.forEach((predicted, i) => {
    if (i === 0 || predicted !== x[i - 1]) curve.push({ predicted, observed: fitted[i] as number });
  });

  if (options.points === undefined) return { curve };
  const atPoints = options.points.map((predicted) => ({
    predicted,
    observed: interpolate(curve, predicted),
  }));
  return { curve, atPoints };
}

/** Linear interpolation in a curve with ascending distinct abscissae; null outside its range. */
function interpolate(curve: readonly CalibrationCurvePoint[], at: number): number | null {
  const first = curve[0] as CalibrationCurvePoint;
  const last = curve[curve.length - 1] as CalibrationCurvePoint;
  if (!(at >= first.predicted && at <= last.predicted)) return null;
  let low = 0;
  let high = curve.length - 1;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if ((curve[middle] as CalibrationCurvePoint).predicted <= at) low = middle;
    else high = middle;
  }
  const left = curve[low] as CalibrationCurvePoint;
  const right = curve[high] as CalibrationCurvePoint;
  if (at === left.predicted || right.predicted === left.predicted) return left.observed;
  if (at === right.predicted) return right.observed;
  const fraction = (at - left.predicted) / (right.predicted - left.predicted);
  return left.observed + fraction * (right.observed - left.observed);
}

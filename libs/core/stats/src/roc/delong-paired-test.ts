import { normalCdf, normalQuantile } from '../numeric/normal';
import { delongPlacements } from './placements';
import { sortedSample } from './sorted-sample';

/** Options of {@link delongPairedTest}. */
export interface DelongPairedTestOptions {
  /** Two-sided confidence level of `ci`, in (0, 1). Default 0.95. */
  readonly confidence?: number;
}

/** DeLong's test of two correlated AUCs (both models scored on the same patients). */
export interface DelongPairedTest {
  readonly aucA: number;
  readonly aucB: number;
  /** aucA − aucB (pROC's sign: first curve minus second). */
  readonly difference: number;
  /** DeLong's standard error of the difference; NaN with a single case or a single control. */
  readonly se: number;
  /** difference / se; 0 when both are 0 (identical rankings), as pROC. */
  readonly z: number;
  /** Two-sided p-value 2·Φ(−|z|). */
  readonly p: number;
  /** difference ± Φ⁻¹(1 − α/2)·se, not clipped (pROC `roc.test(...)$conf.int`). */
  readonly ci: readonly [number, number];
}

/** Placements indexed by patient, from placements in the sample's sorted order. */
function byPatient(sortedPlacements: Float64Array, order: Uint32Array): Float64Array {
  const placements = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++) placements[order[k] as number] = sortedPlacements[k] as number;
  return placements;
}

/** Sample variance (denominator count − 1) of a[i] − b[i] over the patients with outcome `of`. */
function varianceOfDifferences(
  a: Float64Array,
  b: Float64Array,
  outcomes: readonly (0 | 1)[],
  of: 0 | 1,
): number {
  let count = 0;
  let mean = 0;
  for (let i = 0; i < a.length; i++) {
    if (outcomes[i] !== of) continue;
    mean += (a[i] as number) - (b[i] as number);
    count++;
  }
  mean /= count;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    if (outcomes[i] !== of) continue;
    const deviation = (a[i] as number) - (b[i] as number) - mean;
    sum += deviation * deviation;
  }
  return sum / (count - 1);
}

/**
 * DeLong, DeLong & Clarke-Pearson's (1988) paired test of H0: AUC_A = AUC_B for two models scored
 * on the same patients, as pROC `roc.test(rocA, rocB, method = "delong", paired = TRUE)` with
 * `direction = "<"` on both curves.
 *
 * The variance of the difference, L·S·Lᵀ with L = (1, −1), is computed as
 * Var(V10_A − V10_B)/m + Var(V01_A − V01_B)/n, algebraically the same as pROC's
 * S11 + S22 − 2·S12 but never negative by rounding and exactly 0 for identical rankings.
 * When the difference and its se are both 0, z = 0 and p = 1 (pROC's convention); a non-zero
 * difference with se 0 gives z = ±Infinity and p = 0.
 *
 * Higher scores mean outcome 1 for both models; neither curve is ever flipped.
 *
 * @throws {RangeError} when the three lengths differ, a score is not finite, an outcome is not 0
 *   or 1, there is no case or no control, or the confidence level is outside (0, 1).
 */
export function delongPairedTest(
  scoresA: readonly number[],
  scoresB: readonly number[],
  outcomes: readonly (0 | 1)[],
  options: DelongPairedTestOptions = {},
): DelongPairedTest {
  const caller = 'delongPairedTest';
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`${caller}: confidence must be in (0, 1), got ${confidence}`);
  }
  if (scoresA.length !== scoresB.length) {
    throw new RangeError(`${caller}: ${scoresA.length} scores of model A but ${scoresB.length} of model B`);
  }
  const sampleA = sortedSample(scoresA, outcomes, `${caller} (model A)`);
  const sampleB = sortedSample(scoresB, outcomes, `${caller} (model B)`);
  const a = delongPlacements(sampleA);
  const b = delongPlacements(sampleB);
  const placementsA = byPatient(a.placements, sampleA.order);
  const placementsB = byPatient(b.placements, sampleB.order);
  const events = sampleA.caseCount;
  const nonEvents = sampleA.controlCount;
  const variance =
    events > 1 && nonEvents > 1
      ? varianceOfDifferences(placementsA, placementsB, outcomes, 1) / events +
        varianceOfDifferences(placementsA, placementsB, outcomes, 0) / nonEvents
      : NaN;
  const se = Math.sqrt(variance);
  const difference = a.auc - b.auc;
  const z = difference === 0 && se === 0 ? 0 : difference / se;
  const p = 2 * normalCdf(-Math.abs(z));
  const critical = normalQuantile(1 - (1 - confidence) / 2);
  return {
    aucA: a.auc,
    aucB: b.auc,
    difference,
    se,
    z,
    p,
    ci: [difference - critical * se, difference + critical * se],
  };
}

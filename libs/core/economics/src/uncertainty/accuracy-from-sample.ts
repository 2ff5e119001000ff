/** Test accuracy in one (re)sample. */
export interface SampleAccuracy {
  /** True positives / positives in the resample, or the full-sample value when it has none. */
  readonly sensitivity: number;
  /** True negatives / negatives in the resample, or the full-sample value when it has none. */
  readonly specificity: number;
  /** Positives / n in the resample. */
  readonly prevalence: number;
  /** Cases in the resample (the number of indices). */
  readonly n: number;
  /** Outcome-positive cases in the resample; 0 means `sensitivity` is the full-sample value. */
  readonly positives: number;
  /** Outcome-negative cases in the resample; 0 means `specificity` is the full-sample value. */
  readonly negatives: number;
}

/**
 * Sensitivity, specificity and prevalence of a dichotomous test in the resample given by
 * `indices` (from {@link bootstrapIndices}), for a bootstrap PSA of test accuracy.
 *
 * Empty arm rule: a resample without outcome-positive cases has no sensitivity of its own; it then
 * gets the full-sample sensitivity (TP / positives over all cases), and likewise specificity when
 * the resample has no negatives. The rule keeps such rare resamples (small samples, extreme
 * prevalence) at the point estimate instead of inventing a value (0, 0.5, or a prior), and the
 * `positives` / `negatives` counts say when it applied. Hence the full sample must contain at least
 * one positive and one negative.
 *
 * One pass over the full sample and one over the indices; nothing is allocated per case.
 *
 * @param outcomes observed outcome per case, 1 = event (positive) and 0 = none
 * @param predictedPositive test result per case, 1 = positive and 0 = negative, aligned with
 *   `outcomes`
 * @param indices the cases of the resample, each an integer in 0..n − 1 (repeats allowed)
 */
export function accuracyFromSample(
  outcomes: Uint8Array | readonly number[],
  predictedPositive: Uint8Array | readonly number[],
  indices: Uint32Array | readonly number[],
): SampleAccuracy {
  const size = outcomes.length;
  if (predictedPositive.length !== size) {
    throw new RangeError(`accuracyFromSample: ${size} outcomes but ${predictedPositive.length} predictions`);
  }
  if (indices.length === 0) throw new RangeError('accuracyFromSample: the resample is empty');
  let positives = 0;
  let truePositives = 0;
  let trueNegatives = 0;
  for (let index = 0; index < size; index++) {
    const outcome = outcomes[index] as number;
    const predicted = predictedPositive[index] as number;
    if (outcome !== 0 && outcome !== 1) {
      throw new RangeError(`accuracyFromSample: outcome ${index} must be 0 or 1, got ${outcome}`);
    }
    if (predicted !== 0 && predicted !== 1) {
      throw new RangeError(`accuracyFromSample: prediction ${index} must be 0 or 1, got ${predicted}`);
    }
    positives += outcome;
    if (outcome === 1) truePositives += predicted;
    else trueNegatives += 1 - predicted;
  }
  const negatives = size - positives;
  if (positives === 0 || negatives === 0) {
    throw new RangeError(
      `accuracyFromSample: the full sample needs positive and negative cases ` +
        `(${positives} positives, ${negatives} negatives)`,
    );
  }
  let resamplePositives = 0;
  let resampleTruePositives = 0;
  let resampleTrueNegatives = 0;
  for (let position = 0; position < indices.length; position++) {
    const index = indices[position] as number;
    if (!(index >= 0 && index < size) || !Number.isInteger(index)) {
      throw new RangeError(
        `accuracyFromSample: index ${position} must be an integer in 0..${size - 1}, got ${index}`,
      );
    }
    const outcome = outcomes[index] as number;
    const predicted = predictedPositive[index] as number;
    resamplePositives += outcome;
    if (outcome === 1) resampleTruePositives += predicted;
    else resampleTrueNegatives += 1 - predicted;
  }
  const n = indices.length;
  const resampleNegatives = n - resamplePositives;
  return {
    sensitivity:
      resamplePositives > 0 ? resampleTruePositives / resamplePositives : truePositives / positives,
    specificity:
      resampleNegatives > 0 ? resampleTrueNegatives / resampleNegatives : trueNegatives / negatives,
    prevalence: resamplePositives / n,
    n,
    positives: resamplePositives,
    negatives: resampleNegatives,
  };
}

import type { SampleAccuracy } from './accuracy-from-sample';
import { type Rng } from './random';

const TWO_POW_32 = 4294967296;

/** The confusion matrix of a dichotomous test on the trial's patients. */
export interface ConfusionCells {
  readonly truePositive: number;
  readonly falseNegative: number;
  readonly trueNegative: number;
  readonly falsePositive: number;
}

/**
 * One bootstrap resample's sensitivity, specificity and prevalence, drawn from the confusion
 * counts alone. Resampling n patients with replacement and counting their cells only depends on
 * which cell each drawn patient is in, so with the patients ordered TP, FN, TN, FP this draws
 * exactly what {@link bootstrapIndices} then {@link accuracyFromSample} draw from the same stream
 * (the same uniform indices by Lemire's rejection, mapped to cells by their cumulative counts),
 * without materialising the indices or reading the patients: one 32-bit draw and two comparisons
 * per patient. The empty-arm rule is the same (a resample without positives keeps the full-sample
 * sensitivity; without negatives, the full-sample specificity).
 */
export function bootstrapAccuracy(rng: Rng, cells: ConfusionCells): SampleAccuracy {
  const { truePositive: tp, falseNegative: fn, trueNegative: tn, falsePositive: fp } = cells;
  for (const [name, count] of [
    ['truePositive', tp],
    ['falseNegative', fn],
    ['trueNegative', tn],
    ['falsePositive', fp],
  ] as const) {
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(`bootstrapAccuracy: ${name} must be a whole number of patients, got ${count}`);
    }
  }
  const positives = tp + fn;
  const negatives = tn + fp;
  const n = positives + negatives;
  if (positives === 0 || negatives === 0) {
    throw new RangeError(
      `bootstrapAccuracy: the sample needs positive and negative cases (${positives} positives, ${negatives} negatives)`,
    );
  }
  if (n >= TWO_POW_32) throw new RangeError(`bootstrapAccuracy: at most 2³² − 1 patients, got ${n}`);
  const limit = TWO_POW_32 - (TWO_POW_32 % n);
  const endTp = tp;
  const endPositives = positives;
  const endTn = positives + tn;
  let drawnTp = 0;
  let drawnPositives = 0;
  let drawnTn = 0;
  for (let draw = 0; draw < n; draw++) {
    let x = rng.uint32();
    while (x >= limit) x = rng.uint32();
    const index = x % n;
    if (index < endPositives) {
      drawnPositives++;
      if (index < endTp) drawnTp++;
    } else if (index < endTn) drawnTn++;
  }
  const drawnNegatives = n - drawnPositives;
  return {
    sensitivity: drawnPositives === 0 ? tp / positives : drawnTp / drawnPositives,
    specificity: drawnNegatives === 0 ? tn / negatives : drawnTn / drawnNegatives,
    prevalence: drawnPositives / n,
    n,
    positives: drawnPositives,
    negatives: drawnNegatives,
  };
}

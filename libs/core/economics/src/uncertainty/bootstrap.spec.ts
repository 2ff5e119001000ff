import { accuracyFromSample } from './accuracy-from-sample';
import { bootstrapIndices } from './bootstrap-indices';
import { createRng } from './random';

describe('bootstrapIndices', () => {
  it('returns n indices in 0..n − 1, reproducibly', () => {
    const indices = bootstrapIndices(createRng('boot'), 37);
    expect(indices).toBeInstanceOf(Uint32Array);
    expect(indices).toHaveLength(37);
    for (const index of indices) expect(index).toBeLessThan(37);
    expect(bootstrapIndices(createRng('boot'), 37)).toEqual(indices);
    expect(bootstrapIndices(createRng('boot-2'), 37)).not.toEqual(indices);
  });

  it('is x mod n of the raw stream when no draw is rejected', () => {
    const raw = createRng(9);
    const expected = Array.from({ length: 8 }, () => raw.uint32() % 8);
    expect(Array.from(bootstrapIndices(createRng(9), 8))).toEqual(expected);
  });

  it('samples with replacement, every index equally likely', () => {
    const rng = createRng('uniform-indices');
    const n = 10;
    const counts = new Float64Array(n);
    const replicates = 20_000;
    let withRepeats = 0;
    for (let replicate = 0; replicate < replicates; replicate++) {
      const indices = bootstrapIndices(rng, n);
      if (new Set(indices).size < n) withRepeats++;
      for (const index of indices) counts[index] = (counts[index] as number) + 1;
    }
    // Chi-square with 9 df below its 0.999 quantile 27.88.
    const expected = replicates;
    let chiSquare = 0;
    for (const count of counts) chiSquare += (count - expected) ** 2 / expected;
    expect(chiSquare).toBeLessThan(27.88);
    // P(a resample of 10 has no repeat) = 10!/10¹⁰ ≈ 0.00036.
    expect(withRepeats / replicates).toBeGreaterThan(0.99);
  });

  it('has the bootstrap inclusion rate 1 − (1 − 1/n)^n', () => {
    const rng = createRng('inclusion');
    const n = 1000;
    let distinct = 0;
    for (let replicate = 0; replicate < 200; replicate++) distinct += new Set(bootstrapIndices(rng, n)).size;
    expect(Math.abs(distinct / (200 * n) - (1 - (1 - 1 / n) ** n))).toBeLessThan(0.003);
  });

  it('handles n = 1 and rejects other sizes', () => {
    expect(Array.from(bootstrapIndices(createRng(1), 1))).toEqual([0]);
    expect(() => bootstrapIndices(createRng(1), 0)).toThrow(/1\.\.2³² − 1/);
    expect(() => bootstrapIndices(createRng(1), 2.5)).toThrow(RangeError);
    expect(() => bootstrapIndices(createRng(1), -3)).toThrow(RangeError);
    expect(() => bootstrapIndices(createRng(1), 2 ** 32)).toThrow(RangeError);
  });
});

describe('accuracyFromSample', () => {
  // Full sample: 4 positives (3 detected), 6 negatives (4 correctly negative).
  const outcomes = Uint8Array.from([1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  const predicted = Uint8Array.from([1, 1, 1, 0, 0, 0, 0, 0, 1, 1]);

  it('with the identity resample, gives the full-sample accuracy', () => {
    const identity = Uint32Array.from({ length: 10 }, (_, index) => index);
    expect(accuracyFromSample(outcomes, predicted, identity)).toEqual({
      sensitivity: 0.75,
      specificity: 4 / 6,
      prevalence: 0.4,
      n: 10,
      positives: 4,
      negatives: 6,
    });
  });

  it('counts repeated cases as often as they are drawn', () => {
    // Cases 0 (TP) ×3, 3 (FN) ×1, 8 (FP) ×2, 4 (TN) ×2.
    const result = accuracyFromSample(outcomes, predicted, [0, 0, 0, 3, 8, 8, 4, 4]);
    expect(result).toEqual({
      sensitivity: 0.75,
      specificity: 0.5,
      prevalence: 0.5,
      n: 8,
      positives: 4,
      negatives: 4,
    });
  });

  it('falls back to the full-sample sensitivity when the resample has no positives', () => {
    const result = accuracyFromSample(outcomes, predicted, [4, 4, 8, 9, 5]);
    expect(result.positives).toBe(0);
    expect(result.sensitivity).toBe(0.75);
    expect(result.specificity).toBe(3 / 5);
    expect(result.prevalence).toBe(0);
  });

  it('falls back to the full-sample specificity when the resample has no negatives', () => {
    const result = accuracyFromSample(outcomes, predicted, [3, 3, 3, 0]);
    expect(result.negatives).toBe(0);
    expect(result.specificity).toBe(4 / 6);
    expect(result.sensitivity).toBe(0.25);
    expect(result.prevalence).toBe(1);
  });

  it('accepts number arrays as well as typed arrays', () => {
    const indices = bootstrapIndices(createRng('accuracy'), 10);
    expect(accuracyFromSample(Array.from(outcomes), Array.from(predicted), Array.from(indices))).toEqual(
      accuracyFromSample(outcomes, predicted, indices),
    );
  });

  it('over many bootstrap replicates, averages to the full-sample values', () => {
    const rng = createRng('bootstrap-mean');
    const n = 400;
    const truth = new Uint8Array(n);
    const test = new Uint8Array(n);
    for (let index = 0; index < n; index++) {
      truth[index] = index < 100 ? 1 : 0;
      test[index] = index < 85 || index >= 370 ? 1 : 0; // sensitivity 0.85, specificity 0.9
    }
    let sensitivity = 0;
    let specificity = 0;
    const replicates = 2000;
    for (let replicate = 0; replicate < replicates; replicate++) {
      const result = accuracyFromSample(truth, test, bootstrapIndices(rng, n));
      sensitivity += result.sensitivity;
      specificity += result.specificity;
    }
    expect(Math.abs(sensitivity / replicates - 0.85)).toBeLessThan(0.003);
    expect(Math.abs(specificity / replicates - 0.9)).toBeLessThan(0.002);
  });

  it('rejects misaligned, non-binary or out-of-range input and a one-class full sample', () => {
    expect(() => accuracyFromSample([1, 0], [1], [0])).toThrow(/2 outcomes but 1 predictions/);
    expect(() => accuracyFromSample([1, 2], [1, 0], [0])).toThrow(/outcome 1 must be 0 or 1/);
    expect(() => accuracyFromSample([1, 0], [1, 0.5], [0])).toThrow(/prediction 1 must be 0 or 1/);
    expect(() => accuracyFromSample([1, 0], [1, 0], [])).toThrow(/empty/);
    expect(() => accuracyFromSample([1, 0], [1, 0], [0, 2])).toThrow(/index 1 must be an integer in 0\.\.1/);
    expect(() => accuracyFromSample([1, 0], [1, 0], [0.5])).toThrow(RangeError);
    expect(() => accuracyFromSample([1, 0], [1, 0], [-1])).toThrow(RangeError);
    expect(() => accuracyFromSample([1, 1], [1, 0], [0])).toThrow(/0 negatives/);
    expect(() => accuracyFromSample([0, 0], [1, 0], [0])).toThrow(/0 positives/);
  });
});

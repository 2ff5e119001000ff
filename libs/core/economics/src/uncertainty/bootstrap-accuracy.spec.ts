import { accuracyFromSample } from './accuracy-from-sample';
import { bootstrapAccuracy } from './bootstrap-accuracy';
import { bootstrapIndices } from './bootstrap-indices';
import { createRng } from './random';

describe('bootstrapAccuracy', () => {
  const cells = { truePositive: 37, falseNegative: 11, trueNegative: 41, falsePositive: 9 };
  // The same patients, ordered TP, FN, TN, FP.
  const outcomes = [...Array(48).fill(1), ...Array(50).fill(0)] as number[];
  const predicted = [
    ...Array(37).fill(1),
    ...Array(11).fill(0),
    ...Array(41).fill(0),
    ...Array(9).fill(1),
  ] as number[];

  it('draws exactly what resampling the patients draws from the same stream', () => {
    const fromCells = createRng('same');
    const fromPatients = createRng('same');
    for (let draw = 0; draw < 200; draw++) {
      const expected = accuracyFromSample(
        outcomes,
        predicted,
        bootstrapIndices(fromPatients, outcomes.length),
      );
      expect(bootstrapAccuracy(fromCells, cells)).toEqual(expected);
    }
  });

  it('keeps the full-sample values for an empty arm', () => {
    // One positive among 10 000: most resamples still hold it, some do not.
    const rare = { truePositive: 1, falseNegative: 0, trueNegative: 9000, falsePositive: 999 };
    const rng = createRng(7);
    let empty = 0;
    for (let draw = 0; draw < 200; draw++) {
      const accuracy = bootstrapAccuracy(rng, rare);
      if (accuracy.positives === 0) {
        empty++;
        expect(accuracy.sensitivity).toBe(1);
      }
    }
    // P(no positive in 10 000 draws) = (1 − 1e-4)^10000 ≈ e^-1 ≈ 0.37.
    expect(empty).toBeGreaterThan(40);
    expect(empty).toBeLessThan(110);
  });

  it('refuses counts that are not patients, or a single outcome class', () => {
    const rng = createRng(1);
    expect(() => bootstrapAccuracy(rng, { ...cells, falsePositive: -1 })).toThrow(
      /falsePositive must be a whole number/,
    );
    expect(() => bootstrapAccuracy(rng, { ...cells, truePositive: 0, falseNegative: 0 })).toThrow(
      /needs positive and negative cases \(0 positives, 50 negatives\)/,
    );
  });
});

import reference from '@prospect/fixtures/stats/roc-band/proc-ci-se.json';
import { createRng } from '../numeric/random';
import { rocSensitivityBand, type RocSensitivityBandPoint } from './roc-sensitivity-band';

type Sample = { scores: number[]; outcomes: (0 | 1)[] };

/** A binormal sample: controls N(0, 1), cases N(shift, 1), prevalence 0.3, from a seeded stream. */
function binormal(n: number, shift: number, seed: string): Sample {
  const rng = createRng(seed);
  const scores: number[] = [];
  const outcomes: (0 | 1)[] = [];
  for (let i = 0; i < n; i++) {
    const outcome = rng.next() < 0.3 ? 1 : 0;
    outcomes.push(outcome);
    scores.push(rng.normal() + shift * outcome);
  }
  return { scores, outcomes };
}

function meanWidth(band: readonly RocSensitivityBandPoint[]): number {
  return band.reduce((sum, point) => sum + (point.upper - point.lower), 0) / band.length;
}

const fixtureCases = reference.cases.map((entry) => [entry.name, entry] as const);

describe('rocSensitivityBand against pROC 1.18 coords() and ci.se()', () => {
  it.each(fixtureCases)(
    '%s: sensitivity on the original data as coords(input = "specificity")',
    (_name, entry) => {
      const band = rocSensitivityBand(entry.scores, entry.outcomes as (0 | 1)[], {
        specificities: entry.specificities,
        replicates: 1,
        seed: 1,
      });
      band.forEach((point, k) => {
        expect(point.specificity).toBe(entry.specificities[k]);
        // pROC's equality-or-interpolation rule is reproduced operation for operation.
        expect(Math.abs(point.sensitivity - (entry.sensitivity[k] as number))).toBeLessThanOrEqual(1e-12);
      });
    },
  );

  // Tolerance. Both bounds estimate the same quantile of the same bootstrap distribution, from
  // 20000 replicates each but with different random streams (R's Mersenne Twister and `sample`,
  // our xoshiro128**). Monte-Carlo error is best measured on the probability scale: the empirical
  // CDF at the 2.5 % (97.5 %) quantile has standard error √(0.025 · 0.975 / 20000) = 0.0011, and
  // two independent runs differ by √2 times that, 0.0016. The fixture stores, from pROC's own
  // replicates, the type-7 quantiles at p − δ and p + δ with δ = 4 · √2 · 0.0011 = 0.0062; our bound at p
  // must lie between them. This is distribution-free, so it also holds where the bootstrap
  // sensitivity is discrete (few cases, atoms of 1/cases, where an absolute tolerance would have to
  // be a whole atom). Measured absolute differences to pROC's bounds: see the report in
  // tests/fixtures/stats/roc-band/NOTES.md.
  it.each(fixtureCases)(
    '%s: 20000-replicate percentile band within Monte-Carlo error of ci.se',
    (name, entry) => {
      const band = rocSensitivityBand(entry.scores, entry.outcomes as (0 | 1)[], {
        specificities: entry.specificities,
        replicates: reference.bootN,
        seed: `roc-band-${name}`,
      });
      band.forEach((point, k) => {
        const [lowerMin, lowerMax] = entry.lowerRange[k] as number[];
        const [upperMin, upperMax] = entry.upperRange[k] as number[];
        expect(point.lower).toBeGreaterThanOrEqual((lowerMin as number) - 1e-12);
        expect(point.lower).toBeLessThanOrEqual((lowerMax as number) + 1e-12);
        expect(point.upper).toBeGreaterThanOrEqual((upperMin as number) - 1e-12);
        expect(point.upper).toBeLessThanOrEqual((upperMax as number) + 1e-12);
      });
    },
  );
});

describe('rocSensitivityBand', () => {
  const moderate = binormal(200, 1, 'band-moderate');

  it('reads pROC-style points: top of a vertical segment on an exact match, else interpolation', () => {
    // Controls 0.1, 0.2, 0.3, 0.4; cases 0.2, 0.5, 0.6. Curve points (specificity, sensitivity)
    // by increasing threshold: (0, 1), (1/4, 1), (1/2, 2/3) via the tie at 0.2, (3/4, 2/3), (1, 2/3),
    // (1, 1/3), (1, 0).
    const scores = [0.1, 0.2, 0.3, 0.4, 0.2, 0.5, 0.6];
    const outcomes: (0 | 1)[] = [0, 0, 0, 0, 1, 1, 1];
    const band = rocSensitivityBand(scores, outcomes, {
      specificities: [0, 0.25, 0.375, 0.5, 0.6, 1],
      replicates: 10,
      seed: 'hand',
    });
    const expected = [1, 1, 5 / 6, 2 / 3, 2 / 3, 2 / 3];
    band.forEach((point, k) => expect(point.sensitivity).toBeCloseTo(expected[k] as number, 15));
  });

  it('decides equality on doubles, as pROC: 0.3 and 6 · 0.05 read a vertical segment at opposite ends', () => {
    // 20 controls at 1..20, cases at 6.5, 6.6 and 30: the curve is vertical at specificity 6/20,
    // from sensitivity 1 down to 1/3. pROC 1.18 coords(input = "specificity") gives 1 at 0.3 (exact
    // match: first, highest point), 1/3 at 6 · 0.05 = 0.30000000000000004 (interpolation between
    // the last point at 0.3 and the next one) and 1 at 0.29.
    const scores = [...Array.from({ length: 20 }, (_, k) => k + 1), 6.5, 6.6, 30];
    const outcomes: (0 | 1)[] = [...Array<0>(20).fill(0), 1, 1, 1];
    const band = rocSensitivityBand(scores, outcomes, {
      specificities: [0.3, 6 * 0.05, 0.29],
      replicates: 1,
      seed: 3,
    });
    expect(band.map((point) => point.sensitivity)).toEqual([1, 1 / 3, 1]);
  });

  it('keeps lower ≤ sensitivity ≤ upper on a moderate sample, bounds in [0, 1]', () => {
    // Not a law of percentile intervals in general (the estimate can fall outside a skewed
    // bootstrap distribution), but it holds here and in every pROC fixture case.
    const band = rocSensitivityBand(moderate.scores, moderate.outcomes, { seed: 'props' });
    expect(band).toHaveLength(21);
    expect(band.map((point) => point.specificity)).toEqual(Array.from({ length: 21 }, (_, k) => k * 0.05));
    for (const point of band) {
      expect(point.lower).toBeGreaterThanOrEqual(0);
      expect(point.upper).toBeLessThanOrEqual(1);
      expect(point.lower).toBeLessThanOrEqual(point.sensitivity);
      expect(point.sensitivity).toBeLessThanOrEqual(point.upper);
    }
    expect(band[0]).toEqual({ specificity: 0, sensitivity: 1, lower: 1, upper: 1 });
  });

  it('is deterministic for a seed; another seed moves the bounds by Monte-Carlo error only', () => {
    const options = { replicates: 500, seed: 'same' };
    const first = rocSensitivityBand(moderate.scores, moderate.outcomes, options);
    expect(rocSensitivityBand(moderate.scores, moderate.outcomes, options)).toEqual(first);
    const other = rocSensitivityBand(moderate.scores, moderate.outcomes, { ...options, seed: 'other' });
    expect(other).not.toEqual(first);
    other.forEach((point, k) => {
      const reference = first[k] as RocSensitivityBandPoint;
      expect(point.sensitivity).toBe(reference.sensitivity);
      expect(Math.abs(point.lower - reference.lower)).toBeLessThan(0.06);
      expect(Math.abs(point.upper - reference.upper)).toBeLessThan(0.06);
    });
  });

  it('narrows as the sample grows (about 1/√n)', () => {
    const small = rocSensitivityBand(moderate.scores, moderate.outcomes, { replicates: 500, seed: 1 });
    const large = binormal(1800, 1, 'band-large');
    const wide = meanWidth(small);
    const narrow = meanWidth(rocSensitivityBand(large.scores, large.outcomes, { replicates: 500, seed: 1 }));
    expect(narrow).toBeLessThan(0.5 * wide); // √(200 / 1800) = 1/3
    expect(narrow).toBeGreaterThan(0.2 * wide);
  });

  it('gives a null band for a perfect model below specificity 1', () => {
    const band = rocSensitivityBand([1, 2, 3, 4, 5, 6], [0, 0, 0, 1, 1, 1], {
      specificities: [0, 0.5, 1],
      replicates: 200,
      seed: 2,
    });
    expect(band.slice(0, 2)).toEqual([
      { specificity: 0, sensitivity: 1, lower: 1, upper: 1 },
      { specificity: 0.5, sensitivity: 1, lower: 1, upper: 1 },
    ]);
    expect(band[2]?.sensitivity).toBe(1); // pROC: first point with specificity 1 (top of the segment)
  });

  it('uses a narrower interval at a lower confidence level', () => {
    const options = { replicates: 400, seed: 'confidence' };
    const band95 = rocSensitivityBand(moderate.scores, moderate.outcomes, options);
    const band80 = rocSensitivityBand(moderate.scores, moderate.outcomes, { ...options, confidence: 0.8 });
    band80.forEach((point, k) => {
      expect(point.lower).toBeGreaterThanOrEqual((band95[k] as RocSensitivityBandPoint).lower);
      expect(point.upper).toBeLessThanOrEqual((band95[k] as RocSensitivityBandPoint).upper);
    });
  });

  it('rejects invalid input with a RangeError naming the problem', () => {
    const { scores, outcomes } = moderate;
    const band =
      (s: readonly number[], o: readonly (0 | 1)[], options: object = {}) =>
      () =>
        rocSensitivityBand(s, o, { seed: 1, replicates: 5, ...options });
    expect(band([1, 2], [0])).toThrow(new RangeError('rocSensitivityBand: 2 scores but 1 outcomes'));
    expect(band([1, Number.NaN], [0, 1])).toThrow(/score 1 is NaN, not a finite number/);
    expect(band([1, 2], [0, 2 as 1])).toThrow(/outcome 1 is 2, not 0 or 1/);
    expect(band([1, 2], [1, 1])).toThrow(/no controls/);
    expect(band([1, 2], [0, 0])).toThrow(/no cases/);
    expect(band(scores, outcomes, { specificities: [0.5, 1.01] })).toThrow(
      /specificity 1 is 1.01, not in \[0, 1\]/,
    );
    expect(band(scores, outcomes, { specificities: [-0.1] })).toThrow(RangeError);
    expect(band(scores, outcomes, { specificities: [Number.NaN] })).toThrow(RangeError);
    expect(band(scores, outcomes, { specificities: [] })).toThrow(/must not be empty/);
    expect(band(scores, outcomes, { replicates: 0 })).toThrow(/replicates must be a positive integer, got 0/);
    expect(band(scores, outcomes, { replicates: 2.5 })).toThrow(RangeError);
    expect(band(scores, outcomes, { confidence: 1 })).toThrow(/confidence must be in \(0, 1\), got 1/);
    expect(band(scores, outcomes, { confidence: 0 })).toThrow(RangeError);
    expect(band(scores, outcomes, { seed: 1.5 })).toThrow(/safe integer/);
  });
});

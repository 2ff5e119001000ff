import reference from '@prospect/fixtures/stats/sequential/rpact-reference.json';
import { normalCdf } from '../numeric/normal';
import { crossingProbabilities } from './crossing-probabilities';

interface ExactTwoLookCase {
  readonly alpha: number;
  readonly sided: 1 | 2;
  readonly informationRates: readonly number[];
  readonly criticalValues: readonly number[];
}

describe('crossingProbabilities', () => {
  it('carries the whole drifted distribution through a look without boundaries', () => {
    // No stopping at look 1, so Z_2 ~ N(θ√t_2, 1) and P(Z_2 ≥ c) = Φ(θ − c) at t_2 = 1.
    for (const drift of [0, 1.5, 2.8, -1]) {
      const { upper } = crossingProbabilities({ informationRates: [0.4, 1], upper: [Infinity, 1.96], drift });
      expect(upper[0]).toBe(0);
      // Simpson on Jennison & Turnbull's log-spaced nodes beyond ±3 of the mean: ~1e-8 absolute at
      // r = 32 when the crossing paths come from there (drift −1); a larger gridSize tightens it.
      expect(Math.abs((upper[1] as number) - normalCdf(drift - 1.96))).toBeLessThan(2e-8);
    }
  });

  it('gives a single look its normal tails', () => {
    const { upper, lower } = crossingProbabilities({
      informationRates: [1],
      upper: [2],
      lower: [-1],
      drift: 0.5,
    });
    expect(upper[0]).toBeCloseTo(normalCdf(-1.5), 15);
    expect(lower[0]).toBeCloseTo(normalCdf(-1.5), 15);
  });

  it('reproduces the grid-free two-look levels (R integrate) to 3e-9', () => {
    for (const testCase of reference.exactTwoLook as readonly ExactTwoLookCase[]) {
      const upper = testCase.criticalValues;
      const lower = testCase.sided === 2 ? upper.map((c) => -c) : undefined;
      const result = crossingProbabilities({ informationRates: testCase.informationRates, upper, lower });
      const level = result.upper.reduce((sum, p, k) => sum + p + (result.lower[k] as number), 0);
      expect(Math.abs(level - testCase.alpha)).toBeLessThan(3e-9);
    }
  });

  it('is symmetric under H0 with symmetric boundaries, and mirrors under a negated drift', () => {
    const informationRates = [0.3, 0.6, 1];
    const upper = [3, 2.5, 2];
    const lower = upper.map((c) => -c);
    const null0 = crossingProbabilities({ informationRates, upper, lower });
    null0.upper.forEach((p, k) => expect(p).toBeCloseTo(null0.lower[k] as number, 14));
    const up = crossingProbabilities({ informationRates, upper, lower, drift: 1.2 });
    const down = crossingProbabilities({ informationRates, upper, lower, drift: -1.2 });
    up.upper.forEach((p, k) => expect(p).toBeCloseTo(down.lower[k] as number, 14));
  });
});

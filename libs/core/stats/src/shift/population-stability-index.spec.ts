import reference from '@prospect/fixtures/stats/shift/shift-reference.json';
import { populationStabilityIndex } from './population-stability-index';
import { referenceDistribution } from './reference-distribution';

function expectClose(actual: number, expected: number, relative = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

interface PsiCase {
  readonly name: string;
  readonly sample: number[];
  readonly reference: { edges: number[]; proportions: number[] };
  readonly epsilon?: number;
  readonly psi: number;
  readonly counts: number[];
  readonly actual: number[];
  readonly contribution: number[];
}

const cases = (reference.populationStabilityIndex as PsiCase[]).map((entry) => [entry.name, entry] as const);

describe('populationStabilityIndex against base R (cut(right = TRUE), Σ (a − e) ln(a/e))', () => {
  it.each(cases)('%s: PSI, counts and every contribution within 1e-12 relative', (_name, entry) => {
    const options = entry.epsilon === undefined ? {} : { epsilon: entry.epsilon };
    const result = populationStabilityIndex(entry.sample, entry.reference, options);
    expectClose(result.psi, entry.psi);
    expect(result.bins.map(({ count }) => count)).toEqual(entry.counts);
    result.bins.forEach((bin, index) => {
      expectClose(bin.actual, entry.actual[index] as number, 1e-15);
      expectClose(bin.contribution, entry.contribution[index] as number);
      expect(bin.expected).toBe(entry.reference.proportions[index]);
    });
  });

  it('covers an empty sample bin, a zero reference bin, a custom epsilon and values on edges', () => {
    expect(cases.map(([name]) => name)).toEqual(
      expect.arrayContaining(['ties-on-edges', 'empty-bin-epsilon-1e-3', 'zero-reference-bin']),
    );
  });

  it('matches R end to end: training deciles by referenceDistribution, then the PSI of a new sample', () => {
    const training = reference.referenceDistribution[0]?.values ?? [];
    const summary = referenceDistribution(training);
    const result = populationStabilityIndex(reference.monitoring.sample, summary);
    expectClose(result.psi, reference.monitoring.psi);
  });
});

describe('populationStabilityIndex', () => {
  const ref = { edges: [1, 2], proportions: [0.25, 0.5, 0.25] };

  it('is 0 when the sample matches the reference, and lays out the bins', () => {
    const result = populationStabilityIndex([0, 1.5, 1.7, 3], ref);
    expect(result.psi).toBe(0);
    expect(result.bins).toEqual([
      { lower: -Infinity, upper: 1, expected: 0.25, actual: 0.25, count: 1, contribution: 0 },
      { lower: 1, upper: 2, expected: 0.5, actual: 0.5, count: 2, contribution: 0 },
      { lower: 2, upper: Infinity, expected: 0.25, actual: 0.25, count: 1, contribution: 0 },
    ]);
  });

  it('puts a value equal to an edge in the lower bin', () => {
    const result = populationStabilityIndex([1, 2], ref);
    expect(result.bins.map(({ count }) => count)).toEqual([1, 1, 0]);
  });

  it('computes (a − e) ln(a/e) per bin, with epsilon (default 1e-4) for an empty bin', () => {
    const result = populationStabilityIndex([0, 0, 1.5, 1.5], ref);
    const expected = [
      (0.5 - 0.25) * Math.log(0.5 / 0.25),
      (0.5 - 0.5) * Math.log(1),
      (1e-4 - 0.25) * Math.log(1e-4 / 0.25),
    ];
    result.bins.forEach((bin, index) => expect(bin.contribution).toBeCloseTo(expected[index] as number, 15));
    expect(result.psi).toBeCloseTo(
      expected.reduce((sum, value) => sum + value, 0),
      14,
    );
    const coarser = populationStabilityIndex([0, 0, 1.5, 1.5], ref, { epsilon: 1e-2 });
    expect(coarser.bins[2]?.contribution).toBeCloseTo((1e-2 - 0.25) * Math.log(1e-2 / 0.25), 15);
  });

  it('accepts a single bin (no edges) and typed arrays', () => {
    expect(populationStabilityIndex(Float64Array.from([3, 4]), { edges: [], proportions: [1] }).psi).toBe(0);
  });

  it.each([
    [[1], { edges: [1, 2], proportions: [0.5, 0.5] }, /2 proportions need 1 edges, got 2/],
    [
      [1],
      { edges: [2, 1], proportions: [0.2, 0.3, 0.5] },
      /edges must be strictly increasing, but edge 1 is 1/,
    ],
    [[1], { edges: [1, 1], proportions: [0.2, 0.3, 0.5] }, /strictly increasing/],
    [[1], { edges: [NaN], proportions: [0.5, 0.5] }, /edge 0 is NaN, not finite/],
    [[1], { edges: [1], proportions: [0.5, 0.4] }, /proportions must sum to 1 \(± 1e-6\), got 0.9/],
    [[1], { edges: [1], proportions: [1.2, -0.2] }, /proportion 0 is 1.2, not in \[0, 1\]/],
    [[1], { edges: [], proportions: [] }, /reference has no bins/],
    [[], { edges: [1], proportions: [0.5, 0.5] }, /the sample is empty/],
    [[1, Infinity], { edges: [1], proportions: [0.5, 0.5] }, /value 1 is Infinity, not a finite number/],
  ])('rejects sample %p against %p', (sample, bins, message) => {
    expect(() => populationStabilityIndex(sample, bins)).toThrow(RangeError);
    expect(() => populationStabilityIndex(sample, bins)).toThrow(message);
  });

  it('accepts proportions summing to 1 within 1e-6 and rejects epsilon outside (0, 1)', () => {
    expect(() => populationStabilityIndex([1], { edges: [1], proportions: [0.5, 0.5000009] })).not.toThrow();
    expect(() => populationStabilityIndex([1], { edges: [1], proportions: [0.5, 0.500002] })).toThrow(
      /sum to 1/,
    );
    expect(() => populationStabilityIndex([1], ref, { epsilon: 0 })).toThrow(/epsilon must be in \(0, 1\)/);
  });
});

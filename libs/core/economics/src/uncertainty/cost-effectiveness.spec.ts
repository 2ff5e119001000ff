import { costEffectivenessPlane } from './ce-plane';
import { costEffectivenessAcceptability } from './ceac';
import { expectedValueOfPerfectInformation } from './evpi';
import { populationEvpi } from './population-evpi';
import { createRng } from './random';

/** Standard normal density. */
function phi(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Standard normal CDF by composite Simpson integration of φ over [0, x] (error < 1e-13 here). */
function normalCdf(x: number): number {
  const intervals = 2000;
  const h = x / intervals;
  let sum = phi(0) + phi(x);
  for (let index = 1; index < intervals; index++) sum += (index % 2 === 1 ? 4 : 2) * phi(index * h);
  return 0.5 + (sum * h) / 3;
}

/** Unit normal loss integral: E[max(0, X)] − max(0, μ) for X ~ N(μ, σ²). */
function normalEvpi(mu: number, sigma: number): number {
  return sigma * phi(mu / sigma) - Math.abs(mu) * normalCdf(-Math.abs(mu) / sigma);
}

function constant(length: number, value: number): Float64Array {
  return new Float64Array(length).fill(value);
}

/** Two strategies whose incremental net benefit at wtp = 1 is N(mu, sigma²), drawn directly. */
function normalIncrementalNetBenefit(seed: string, mu: number, sigma: number, draws = 200_000) {
  const rng = createRng(seed);
  const inb = new Float64Array(draws);
  for (let draw = 0; draw < draws; draw++) inb[draw] = mu + sigma * rng.normal();
  return { costs: [constant(draws, 0), constant(draws, 0)], effects: [constant(draws, 0), inb] };
}

/** Straightforward reference: per-draw arrays, argmax sets, two expectations. */
function naive(costs: Float64Array[], effects: Float64Array[], wtp: number) {
  const strategies = costs.length;
  const draws = (costs[0] as Float64Array).length;
  const wins = new Array<number>(strategies).fill(0);
  const expected = new Array<number>(strategies).fill(0);
  let expectedMax = 0;
  for (let draw = 0; draw < draws; draw++) {
    const nmb = costs.map(
      (c, s) => wtp * ((effects[s] as Float64Array)[draw] as number) - (c[draw] as number),
    );
    const max = Math.max(...nmb);
    const winners = nmb.flatMap((value, s) => (value === max ? [s] : []));
    for (const s of winners) wins[s] = (wins[s] as number) + 1 / winners.length;
    nmb.forEach((value, s) => (expected[s] = (expected[s] as number) + value / draws));
    expectedMax += max / draws;
  }
  return { ceac: wins.map((w) => w / draws), evpi: expectedMax - Math.max(...expected), expected };
}

function randomStrategies(seed: string, strategies: number, draws: number) {
  const rng = createRng(seed);
  const costs: Float64Array[] = [];
  const effects: Float64Array[] = [];
  for (let s = 0; s < strategies; s++) {
    const cost = new Float64Array(draws);
    const effect = new Float64Array(draws);
    for (let draw = 0; draw < draws; draw++) {
      cost[draw] = rng.gamma(16, 250 * (s + 1));
      effect[draw] = 8 + 0.1 * s + 0.3 * rng.normal();
    }
    costs.push(cost);
    effects.push(effect);
  }
  return { costs, effects };
}

describe('validation against analytic answers', () => {
  it('(a) with no uncertainty the CEAC is a step at the ICER, 0.5 exactly at it', () => {
    // B vs A: ΔC = 6000, ΔE = 0.25, ICER = 24 000 (all exactly representable).
    const draws = 100;
    const costs = [constant(draws, 10_000), constant(draws, 16_000)];
    const effects = [constant(draws, 5), constant(draws, 5.25)];
    const grid = [0, 10_000, 23_999, 24_000, 24_001, 50_000];
    const result = costEffectivenessAcceptability(costs, effects, grid);
    expect(Array.from(result.probability[1] as Float64Array)).toEqual([0, 0, 0, 0.5, 1, 1]);
    expect(Array.from(result.probability[0] as Float64Array)).toEqual([1, 1, 1, 0.5, 0, 0]);
    expect(result.frontier.map((point) => point.strategy)).toEqual([0, 0, 0, 0, 1, 1]);
    expect(result.frontier.map((point) => point.probability)).toEqual([1, 1, 1, 0.5, 1, 1]);
    for (const wtp of grid) expect(expectedValueOfPerfectInformation(costs, effects, wtp)).toBe(0);
  });

  it.each([
    [0, 1],
    [0.5, 1],
    [-0.5, 1],
    [-1500, 5000],
    [0.3, 0.4],
  ])('(b) INB ~ N(%p, σ = %p): EVPI → the unit normal loss integral, CEAC → Φ(μ/σ)', (mu, sigma) => {
    const { costs, effects } = normalIncrementalNetBenefit(`inb-${mu}-${sigma}`, mu, sigma);
    const evpi = expectedValueOfPerfectInformation(costs, effects, 1);
    expect(Math.abs(evpi / normalEvpi(mu, sigma) - 1)).toBeLessThan(0.01);
    const ceac = costEffectivenessAcceptability(costs, effects, [1]);
    const probability = (ceac.probability[1] as Float64Array)[0] as number;
    expect(Math.abs(probability / normalCdf(mu / sigma) - 1)).toBeLessThan(0.005);
    expect(((ceac.probability[0] as Float64Array)[0] as number) + probability).toBeCloseTo(1, 12);
    expect(ceac.frontier[0]?.strategy).toBe(mu > 0 ? 1 : 0);
  });

  it('(b) independent normal ΔC and ΔE: the CEAC follows Φ((λ·μE − μC)/√(λ²σE² + σC²)) over λ', () => {
    const rng = createRng('normal-plane');
    const draws = 200_000;
    const [muC, sigmaC, muE, sigmaE] = [4000, 1500, 0.2, 0.1];
    const cost = new Float64Array(draws);
    const effect = new Float64Array(draws);
    for (let draw = 0; draw < draws; draw++) {
      cost[draw] = muC + sigmaC * rng.normal();
      effect[draw] = muE + sigmaE * rng.normal();
    }
    const costs = [constant(draws, 0), cost];
    const effects = [constant(draws, 0), effect];
    const grid = [10_000, 20_000, 30_000, 50_000];
    const result = costEffectivenessAcceptability(costs, effects, grid);
    grid.forEach((wtp, point) => {
      const mu = wtp * muE - muC;
      const sigma = Math.sqrt(wtp * wtp * sigmaE * sigmaE + sigmaC * sigmaC);
      const expected = normalCdf(mu / sigma);
      const observed = (result.probability[1] as Float64Array)[point] as number;
      // Within 0.5 percentage points (the binomial SE is at most 0.0011 at K = 200k).
      expect(Math.abs(observed - expected)).toBeLessThan(0.005);
      const evpi = expectedValueOfPerfectInformation(costs, effects, wtp);
      expect(Math.abs(evpi / normalEvpi(mu, sigma) - 1)).toBeLessThan(0.01);
    });
  });

  it('(c) EVPI is exactly 0 and the CEAC exactly 1 when one strategy dominates in every draw', () => {
    const rng = createRng('dominance');
    const draws = 10_000;
    const { costs, effects } = randomStrategies('dominance-base', 3, draws);
    // Strategy 3: cheaper and more effective than every other strategy in every draw.
    const cost = new Float64Array(draws);
    const effect = new Float64Array(draws);
    for (let draw = 0; draw < draws; draw++) {
      let minCost = Number.POSITIVE_INFINITY;
      let maxEffect = Number.NEGATIVE_INFINITY;
      for (let s = 0; s < 3; s++) {
        minCost = Math.min(minCost, (costs[s] as Float64Array)[draw] as number);
        maxEffect = Math.max(maxEffect, (effects[s] as Float64Array)[draw] as number);
      }
      cost[draw] = minCost - 1 - 100 * rng.next();
      effect[draw] = maxEffect + 0.01 + 0.1 * rng.next();
    }
    costs.push(cost);
    effects.push(effect);
    const grid = [0, 1000, 20_000, 100_000];
    for (const wtp of grid) expect(expectedValueOfPerfectInformation(costs, effects, wtp)).toBe(0);
    const result = costEffectivenessAcceptability(costs, effects, grid);
    expect(Array.from(result.probability[3] as Float64Array)).toEqual([1, 1, 1, 1]);
    expect(result.frontier.every((point) => point.strategy === 3 && point.probability === 1)).toBe(true);
  });
});

describe('costEffectivenessAcceptability', () => {
  it('matches a naive per-draw implementation for three uncertain strategies', () => {
    const { costs, effects } = randomStrategies('naive-ceac', 3, 2000);
    const grid = [0, 5000, 20_000, 30_000, 80_000];
    const result = costEffectivenessAcceptability(costs, effects, grid);
    grid.forEach((wtp, point) => {
      const reference = naive(costs, effects, wtp);
      let total = 0;
      for (let s = 0; s < 3; s++) {
        const probability = (result.probability[s] as Float64Array)[point] as number;
        expect(probability).toBeCloseTo(reference.ceac[s] as number, 12);
        expect((result.expectedNetBenefit[s] as Float64Array)[point]).toBeCloseTo(
          reference.expected[s] as number,
          6,
        );
        total += probability;
      }
      expect(total).toBeCloseTo(1, 12);
      const best = reference.expected.indexOf(Math.max(...reference.expected));
      expect(result.frontier[point]).toEqual({
        wtp,
        strategy: best,
        expectedNetBenefit: (result.expectedNetBenefit[best] as Float64Array)[point],
        probability: (result.probability[best] as Float64Array)[point],
      });
    });
    expect(result.wtp).toEqual(grid);
  });

  it('splits exact three-way ties evenly', () => {
    const costs = [constant(4, 100), constant(4, 100), constant(4, 100)];
    const effects = [constant(4, 1), constant(4, 1), constant(4, 1)];
    const result = costEffectivenessAcceptability(costs, effects, [0, 500]);
    for (const curve of result.probability) {
      for (const probability of curve) expect(probability).toBeCloseTo(1 / 3, 15);
    }
  });

  it('splits ties per draw: a tie in one draw of two shares that draw only', () => {
    // Draw 0: A wins; draw 1: A and B tie at λ = 0 (equal costs).
    const costs = [Float64Array.from([1, 5]), Float64Array.from([2, 5])];
    const effects = [Float64Array.from([0, 0]), Float64Array.from([0, 0])];
    const result = costEffectivenessAcceptability(costs, effects, [0]);
    expect(result.probability[0]?.[0]).toBe(0.75);
    expect(result.probability[1]?.[0]).toBe(0.25);
  });

  it('the frontier follows expected net benefit, not the most probable strategy', () => {
    // B beats A (NMB 0) by 1 in 60% of draws but loses 10 in 40%: E[NMB_B] = −3.4.
    const draws = 10;
    const effectB = Float64Array.from({ length: draws }, (_, draw) => (draw < 6 ? 1 : -10));
    const result = costEffectivenessAcceptability(
      [constant(draws, 0), constant(draws, 0)],
      [constant(draws, 0), effectB],
      [1],
    );
    expect(result.probability[1]?.[0]).toBeCloseTo(0.6, 15);
    expect(result.frontier[0]).toEqual({ wtp: 1, strategy: 0, expectedNetBenefit: 0, probability: 0.4 });
  });

  it('with a single strategy, gives probability 1; with an empty grid, empty curves', () => {
    const single = costEffectivenessAcceptability([constant(3, 5)], [constant(3, 1)], [0, 1]);
    expect(Array.from(single.probability[0] as Float64Array)).toEqual([1, 1]);
    const empty = costEffectivenessAcceptability([constant(3, 5)], [constant(3, 1)], []);
    expect(empty.frontier).toEqual([]);
    expect(empty.probability[0]).toHaveLength(0);
  });

  it('rejects mismatched, empty or non-finite draws and invalid willingness to pay', () => {
    const ok = [constant(3, 1), constant(3, 2)];
    expect(() => costEffectivenessAcceptability(ok, [constant(3, 1)], [0])).toThrow(
      /2 cost arrays but 1 effect arrays/,
    );
    expect(() => costEffectivenessAcceptability([], [], [0])).toThrow(/at least 1 strategies/);
    expect(() => costEffectivenessAcceptability([constant(0, 0)], [constant(0, 0)], [0])).toThrow(/no draws/);
    expect(() => costEffectivenessAcceptability(ok, [constant(3, 1), constant(2, 1)], [0])).toThrow(
      /effects\[1\] has 2 draws, expected 3/,
    );
    expect(() =>
      costEffectivenessAcceptability(ok, [constant(3, 1), Float64Array.from([1, Number.NaN, 1])], [0]),
    ).toThrow(/effects\[1\]\[1\] is not finite/);
    expect(() => costEffectivenessAcceptability(ok, ok, [-1])).toThrow(/willingness to pay/);
    expect(() => costEffectivenessAcceptability(ok, ok, [Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});

describe('expectedValueOfPerfectInformation', () => {
  it('equals E[max NMB] − max E[NMB] computed naively', () => {
    const { costs, effects } = randomStrategies('naive-evpi', 3, 5000);
    for (const wtp of [0, 10_000, 25_000, 40_000, 100_000]) {
      const evpi = expectedValueOfPerfectInformation(costs, effects, wtp);
      const reference = naive(costs, effects, wtp).evpi;
      expect(evpi).toBeGreaterThanOrEqual(0);
      expect(Math.abs(evpi - reference)).toBeLessThan(1e-9 * Math.max(1, wtp * 10));
    }
  });

  it('is 0 for a single strategy and never negative', () => {
    expect(expectedValueOfPerfectInformation([constant(5, 3)], [constant(5, 1)], 100)).toBe(0);
    const { costs, effects } = randomStrategies('non-negative', 2, 500);
    for (let wtp = 0; wtp <= 60_000; wtp += 2500) {
      expect(expectedValueOfPerfectInformation(costs, effects, wtp)).toBeGreaterThanOrEqual(0);
    }
  });

  it('grows linearly in λ when only the effect difference is uncertain, centred on 0', () => {
    const { costs, effects } = normalIncrementalNetBenefit('peak', 0, 1, 20_000);
    // With INB = λ·ΔE and ΔE ~ N(0, 1), EVPI = λ·φ(0) grows linearly in λ.
    const at1 = expectedValueOfPerfectInformation(costs, effects, 1);
    expect(expectedValueOfPerfectInformation(costs, effects, 3)).toBeCloseTo(3 * at1, 9);
  });

  it('rejects invalid input', () => {
    expect(() => expectedValueOfPerfectInformation([constant(2, 1)], [constant(2, 1)], -5)).toThrow(
      /willingness to pay must be finite and ≥ 0, got -5/,
    );
    expect(() => expectedValueOfPerfectInformation([constant(2, 1)], [], 5)).toThrow(RangeError);
  });
});

describe('populationEvpi', () => {
  it('discounts whole years from the start of each year', () => {
    const annuity = (1 - 1.035 ** -10) / (1 - 1 / 1.035);
    expect(populationEvpi(50, { patientsPerYear: 1000, years: 10, discountRate: 0.035 })).toBeCloseTo(
      50 * 1000 * annuity,
      6,
    );
  });

  it('counts a final partial year pro rata, and needs no discounting at r = 0', () => {
    expect(populationEvpi(10, { patientsPerYear: 100, years: 2.5, discountRate: 0 })).toBe(2500);
    expect(populationEvpi(10, { patientsPerYear: 100, years: 0.5, discountRate: 0.05 })).toBe(500);
    expect(populationEvpi(10, { patientsPerYear: 100, years: 2.5, discountRate: 0.05 })).toBeCloseTo(
      1000 * (1 + 1 / 1.05 + 0.5 / 1.05 ** 2),
      9,
    );
    expect(populationEvpi(10, { patientsPerYear: 100, years: 1, discountRate: 0.5 })).toBe(1000);
  });

  it('is 0 when there is nothing to learn or nobody to treat', () => {
    expect(populationEvpi(0, { patientsPerYear: 5000, years: 5, discountRate: 0.03 })).toBe(0);
    expect(populationEvpi(12, { patientsPerYear: 0, years: 5, discountRate: 0.03 })).toBe(0);
  });

  it('rejects invalid input', () => {
    const population = { patientsPerYear: 100, years: 5, discountRate: 0.035 };
    expect(() => populationEvpi(-1, population)).toThrow(/perPatient/);
    expect(() => populationEvpi(Number.NaN, population)).toThrow(/perPatient/);
    expect(() => populationEvpi(1, { ...population, patientsPerYear: -1 })).toThrow(/patientsPerYear/);
    expect(() => populationEvpi(1, { ...population, years: 0 })).toThrow(/years must be positive/);
    expect(() => populationEvpi(1, { ...population, years: Number.POSITIVE_INFINITY })).toThrow(/years/);
    expect(() => populationEvpi(1, { ...population, discountRate: -0.01 })).toThrow(/discountRate/);
  });
});

describe('costEffectivenessPlane', () => {
  it('gives paired differences against the comparator for every other strategy', () => {
    const costs = [Float64Array.from([10, 20]), Float64Array.from([15, 18]), Float64Array.from([30, 40])];
    const effects = [Float64Array.from([1, 2]), Float64Array.from([1.5, 1]), Float64Array.from([1, 3])];
    const plane = costEffectivenessPlane(costs, effects, 1);
    expect(plane.comparator).toBe(1);
    expect(plane.comparisons.map((comparison) => comparison.strategy)).toEqual([0, 2]);
    const [vsFirst, vsThird] = plane.comparisons;
    expect(Array.from(vsFirst?.deltaCost ?? [])).toEqual([-5, 2]);
    expect(Array.from(vsFirst?.deltaEffect ?? [])).toEqual([-0.5, 1]);
    expect(Array.from(vsThird?.deltaCost ?? [])).toEqual([15, 22]);
    expect(Array.from(vsThird?.deltaEffect ?? [])).toEqual([-0.5, 2]);
    expect(vsFirst?.summary.quadrants).toEqual({
      northEast: 0.5,
      northWest: 0,
      southEast: 0,
      southWest: 0.5,
    });
    expect(vsThird?.summary.quadrants).toEqual({
      northEast: 0.5,
      northWest: 0.5,
      southEast: 0,
      southWest: 0,
    });
    expect(vsThird?.summary.deltaCost.mean).toBe(18.5);
    expect(vsThird?.summary.icerOfMeans).toBeCloseTo(18.5 / 0.75, 12);
  });

  it('uses type-7 percentiles (linear interpolation, as R quantile())', () => {
    // ΔC = 1..101 shuffled, ΔE = 0.01·ΔC: 2.5% at position 2.5 → 3.5, 97.5% at 97.5 → 98.5.
    const rng = createRng('shuffle');
    const values = Array.from({ length: 101 }, (_, index) => index + 1);
    for (let index = values.length - 1; index > 0; index--) {
      const other = Math.floor(rng.next() * (index + 1));
      [values[index], values[other]] = [values[other] as number, values[index] as number];
    }
    const plane = costEffectivenessPlane(
      [constant(101, 0), Float64Array.from(values)],
      [constant(101, 0), Float64Array.from(values, (value) => value / 100)],
      0,
    );
    const summary = plane.comparisons[0]?.summary;
    expect(summary?.deltaCost).toEqual({ mean: 51, lower: 3.5, upper: 98.5 });
    expect(summary?.deltaEffect.lower).toBeCloseTo(0.035, 14);
    expect(summary?.deltaEffect.upper).toBeCloseTo(0.985, 14);
    expect(summary?.quadrants.northEast).toBe(1);
  });

  it('splits draws on an axis between neighbouring quadrants, and the origin four ways', () => {
    // (ΔE, ΔC): (0, 5) N axis, (3, 0) E axis, (0, 0) origin, (−1, −1) SW.
    const plane = costEffectivenessPlane(
      [constant(4, 0), Float64Array.from([5, 0, 0, -1])],
      [constant(4, 0), Float64Array.from([0, 3, 0, -1])],
      0,
    );
    expect(plane.comparisons[0]?.summary.quadrants).toEqual({
      northEast: (0.5 + 0.5 + 0.25) / 4,
      northWest: (0.5 + 0.25) / 4,
      southEast: (0.5 + 0.25) / 4,
      southWest: (0.25 + 1) / 4,
    });
  });

  it('estimates quadrant probabilities and intervals of normal increments', () => {
    const rng = createRng('plane-normal');
    const draws = 200_000;
    const cost = new Float64Array(draws);
    const effect = new Float64Array(draws);
    for (let draw = 0; draw < draws; draw++) {
      cost[draw] = 1000 + 2000 * rng.normal();
      effect[draw] = 0.05 + 0.1 * rng.normal();
    }
    const summary = costEffectivenessPlane([constant(draws, 0), cost], [constant(draws, 0), effect], 0)
      .comparisons[0]?.summary;
    const pNorth = normalCdf(0.5);
    const pEast = normalCdf(0.5);
    const quadrants = summary?.quadrants;
    expect(quadrants?.northEast).toBeCloseTo(pNorth * pEast, 2);
    expect(quadrants?.northWest).toBeCloseTo(pNorth * (1 - pEast), 2);
    expect(quadrants?.southEast).toBeCloseTo((1 - pNorth) * pEast, 2);
    expect(quadrants?.southWest).toBeCloseTo((1 - pNorth) * (1 - pEast), 2);
    expect(Math.abs((summary?.deltaCost.upper ?? 0) - (1000 + 1.959963984540054 * 2000))).toBeLessThan(30);
    expect(Math.abs((summary?.deltaCost.lower ?? 0) - (1000 - 1.959963984540054 * 2000))).toBeLessThan(30);
  });

  it('reports no ICER when the mean effect difference is 0', () => {
    const plane = costEffectivenessPlane(
      [constant(2, 0), constant(2, 10)],
      [constant(2, 1), constant(2, 1)],
      0,
    );
    expect(plane.comparisons[0]?.summary.icerOfMeans).toBeNull();
    expect(plane.comparisons[0]?.summary.quadrants).toEqual({
      northEast: 0.5,
      northWest: 0.5,
      southEast: 0,
      southWest: 0,
    });
  });

  it('rejects a bad comparator and fewer than two strategies', () => {
    const two = [constant(2, 0), constant(2, 1)];
    expect(() => costEffectivenessPlane(two, two, 2)).toThrow(/comparatorIndex must be an integer in 0\.\.1/);
    expect(() => costEffectivenessPlane(two, two, -1)).toThrow(RangeError);
    expect(() => costEffectivenessPlane(two, two, 0.5)).toThrow(RangeError);
    expect(() => costEffectivenessPlane([constant(2, 0)], [constant(2, 0)], 0)).toThrow(
      /at least 2 strategies/,
    );
  });
});

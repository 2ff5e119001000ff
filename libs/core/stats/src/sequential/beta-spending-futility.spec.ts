import reference from '@prospect/fixtures/stats/sequential/rpact-futility.json';
import { betaSpendingFutility } from './beta-spending-futility';
import { cumulativeAlphaSpending } from './cumulative-alpha-spending';
import { groupSequentialBoundaries } from './group-sequential-boundaries';
import type { GroupSequentialDesignType } from './types';

interface FutilityCase {
  design: GroupSequentialDesignType;
  gamma?: number;
  betaSpending: string;
  gammaB?: number;
  alpha: number;
  beta: number;
  informationRates: number[];
  criticalValues: number[];
  futilityBounds: number[];
  betaSpent: number[];
  shift: number;
}

const CASES = reference.cases as FutilityCase[];

/** rpact's bsOF/bsP/bsHSD/bsKD are the as* spending functions applied to β. */
function betaDesign(testCase: FutilityCase): GroupSequentialDesignType {
  return testCase.betaSpending.replace(/^bs/, 'as') as GroupSequentialDesignType;
}

function solve(testCase: FutilityCase) {
  const efficacy = groupSequentialBoundaries({
    design: testCase.design,
    alpha: testCase.alpha,
    sided: 1,
    informationRates: testCase.informationRates,
    ...(testCase.gamma === undefined ? {} : { gamma: testCase.gamma }),
  });
  const cumulativeBeta = cumulativeAlphaSpending(
    {
      design: betaDesign(testCase),
      alpha: testCase.beta,
      sided: 1,
      ...(testCase.gammaB === undefined ? {} : { gamma: testCase.gammaB }),
    },
    testCase.informationRates,
  );
  return betaSpendingFutility({
    informationRates: testCase.informationRates,
    criticalValues: efficacy.criticalValues,
    cumulativeBeta,
  });
}

const label = (c: FutilityCase) =>
  `${c.design}/${c.betaSpending} β=${c.beta} t=${c.informationRates.map((t) => t.toFixed(2)).join(',')}`;

describe('betaSpendingFutility against rpact (bindingFutility = FALSE)', () => {
  it('covers four spending families, two betas and four schedules', () => {
    expect(CASES).toHaveLength(32);
  });

  it.each(CASES.map((c) => [label(c), c] as const))('%s', (_label, testCase) => {
    const result = solve(testCase);
    expect(result.futilityBounds).toHaveLength(testCase.futilityBounds.length);
    testCase.futilityBounds.forEach((expected, look) => {
      // Bounds cross 0, so absolute: rpact solves to about 1e-8 on its own grid.
      expect(Math.abs((result.futilityBounds[look] as number) - expected)).toBeLessThan(1e-6);
    });
    expect(Math.abs(result.drift ** 2 - testCase.shift) / testCase.shift).toBeLessThan(1e-6);
    testCase.betaSpent.forEach((expected, look) => {
      expect(Math.abs((result.betaSpent[look] as number) - expected) / expected).toBeLessThan(1e-6);
    });
  });
});

describe('betaSpendingFutility', () => {
  const valid = {
    informationRates: [0.5, 1],
    criticalValues: [2.9626, 1.9686],
    cumulativeBeta: [0.02, 0.1],
  };

  it('spends exactly the planned beta and never sets a bound above the efficacy bound', () => {
    const result = betaSpendingFutility(valid);
    expect(result.betaSpent[1]).toBeCloseTo(0.1, 12);
    expect(result.futilityBounds[0]).toBeLessThan(2.9626);
  });

  it('puts no bound where no beta is spent yet', () => {
    const result = betaSpendingFutility({ ...valid, cumulativeBeta: [0, 0.1] });
    expect(result.futilityBounds).toEqual([-Infinity]);
    expect(result.betaSpent[0]).toBe(0);
  });

  it('refuses mismatched or degenerate input', () => {
    expect(() => betaSpendingFutility({ ...valid, criticalValues: [2] })).toThrow(/same length/);
    expect(() =>
      betaSpendingFutility({ informationRates: [1], criticalValues: [1.96], cumulativeBeta: [0.1] }),
    ).toThrow(/at least two looks/);
    expect(() => betaSpendingFutility({ ...valid, cumulativeBeta: [0, 1] })).toThrow(/beta must lie in/);
  });
});

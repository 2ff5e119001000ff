import reference from '@prospect/fixtures/stats/sequential/rpact-reference.json';
import { cumulativeAlphaSpending } from './cumulative-alpha-spending';
import { hwangShihDeCaniSpending } from './hwang-shih-decani-spending';
import { obrienFlemingTypeSpending } from './obrien-fleming-spending';
import { pocockTypeSpending } from './pocock-spending';
import type { GroupSequentialDesignType, Sidedness } from './types';

interface RpactCase {
  readonly design: GroupSequentialDesignType;
  readonly gamma?: number;
  readonly alpha: number;
  readonly sided: Sidedness;
  readonly informationRates: readonly number[];
  readonly alphaSpent: readonly number[];
}

describe('alpha-spending functions', () => {
  it('spend all of α at t = 1 and nothing at t = 0', () => {
    for (const sided of [1, 2] as const) {
      expect(obrienFlemingTypeSpending(0.025, 1, sided)).toBeCloseTo(0.025, 15);
      expect(obrienFlemingTypeSpending(0.025, 0, sided)).toBe(0);
    }
    expect(pocockTypeSpending(0.05, 1)).toBeCloseTo(0.05, 15);
    expect(pocockTypeSpending(0.05, 0)).toBe(0);
    for (const gamma of [-4, -2, 0, 1]) {
      expect(hwangShihDeCaniSpending(0.05, 1, gamma)).toBeCloseTo(0.05, 15);
      expect(hwangShihDeCaniSpending(0.05, 0, gamma)).toBe(0);
    }
  });

  it('match their closed forms by hand', () => {
    // 2 − 2Φ(z_{0.9875}/√0.5) = 2 − 2Φ(2.241403/0.707107) = 2Φ(−3.169822).
    expect(obrienFlemingTypeSpending(0.025, 0.5, 1)).toBeCloseTo(0.0015253227579890005, 15);
    expect(pocockTypeSpending(0.025, 0.5)).toBeCloseTo(0.025 * Math.log(1 + (Math.E - 1) / 2), 15);
    expect(hwangShihDeCaniSpending(0.025, 0.5, -4)).toBeCloseTo(
      (0.025 * (1 - Math.exp(2))) / (1 - Math.exp(4)),
      15,
    );
    expect(hwangShihDeCaniSpending(0.025, 0.3, 0)).toBeCloseTo(0.0075, 15);
    // γ → 0 is continuous with the linear case: αt(1 + γ(1 − t)/2 + O(γ²)).
    expect(hwangShihDeCaniSpending(0.025, 0.3, 1e-9)).toBeCloseTo(0.0075 * (1 + 0.35e-9), 15);
  });

  it('asOF two-sided spends twice the one-sided function at α/2 (rpact semantics)', () => {
    for (const t of [0.1, 0.33, 0.5, 0.8]) {
      expect(obrienFlemingTypeSpending(0.05, t, 2)).toBeCloseTo(
        2 * obrienFlemingTypeSpending(0.025, t, 1),
        15,
      );
    }
  });

  it('agree with rpact’s first-look alphaSpent for every spending design in the fixture', () => {
    const spendingCases = (reference.cases as readonly RpactCase[]).filter((c) => c.design.startsWith('as'));
    expect(spendingCases.length).toBeGreaterThan(100);
    for (const testCase of spendingCases) {
      const [firstLook] = cumulativeAlphaSpending(testCase, testCase.informationRates);
      const expected = testCase.alphaSpent[0] as number;
      // The first look needs no integration: rpact's value is the spending function itself, but
      // formed as a difference of Φ values (1 − Φ(c)), which leaves ~1e-17 absolute error: 7e-8
      // relative on its smallest first look (2.3e-10).
      const tolerance = Math.max(1e-10 * expected, 5e-17);
      expect(Math.abs((firstLook as number) - expected)).toBeLessThan(tolerance);
    }
  });

  it('refuse classical designs and a missing γ', () => {
    expect(() => cumulativeAlphaSpending({ design: 'OF', alpha: 0.025, sided: 1 }, [1])).toThrow(/classical/);
    expect(() => cumulativeAlphaSpending({ design: 'asHSD', alpha: 0.025, sided: 1 }, [1])).toThrow(/gamma/);
  });
});

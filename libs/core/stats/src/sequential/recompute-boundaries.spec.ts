import { groupSequentialBoundaries } from './group-sequential-boundaries';
import { recomputeBoundaries } from './recompute-boundaries';
import type { GroupSequentialDesign } from './types';

const PLANNED: GroupSequentialDesign = {
  design: 'asOF',
  alpha: 0.025,
  sided: 1,
  informationRates: [1 / 3, 2 / 3, 1],
};

describe('recomputeBoundaries', () => {
  it('at observed fractions ending at 1 is groupSequentialBoundaries at those fractions', () => {
    const observed = [0.3, 0.7, 1];
    const recomputed = recomputeBoundaries(PLANNED, { informationFractions: observed, final: true });
    const direct = groupSequentialBoundaries({ ...PLANNED, informationRates: observed });
    expect(recomputed).toEqual(direct);
  });

  it('gives interim boundaries that do not depend on later looks, as rpact’s', () => {
    // rpact: getDesignGroupSequential(kMax = 3, alpha = 0.025, typeOfDesign = "asOF",
    //   informationRates = c(0.3, 0.7, 1))$criticalValues[1:2]
    const rpact = [3.9285725426266085, 2.4387423768639565];
    const interim = recomputeBoundaries(PLANNED, { informationFractions: [0.3, 0.7], final: false });
    interim.criticalValues.forEach((c, look) => {
      expect(Math.abs(c - (rpact[look] as number)) / (rpact[look] as number)).toBeLessThan(1e-6);
    });
    const firstOnly = recomputeBoundaries(PLANNED, { informationFractions: [0.3], final: false });
    expect(firstOnly.criticalValues[0]).toBe(interim.criticalValues[0]);
  });

  it.each([
    ['over-running', [0.35, 0.72, 1.08]],
    ['under-running', [0.35, 0.72, 0.93]],
  ])('spends the rest of α at a final look when %s', (_label, fractions) => {
    const final = recomputeBoundaries(PLANNED, { informationFractions: fractions, final: true });
    const interim = recomputeBoundaries(PLANNED, {
      informationFractions: fractions.slice(0, 2),
      final: false,
    });
    expect(final.alphaSpent[2]).toBeCloseTo(0.025, 10);
    // Earlier boundaries were used as computed at the time and stay put.
    expect(final.criticalValues.slice(0, 2)).toEqual(interim.criticalValues);
  });

  it('works two-sided with Hwang–Shih–DeCani spending', () => {
    const planned: GroupSequentialDesign = {
      design: 'asHSD',
      gamma: -4,
      alpha: 0.05,
      sided: 2,
      informationRates: [0.5, 1],
    };
    const result = recomputeBoundaries(planned, { informationFractions: [0.45, 1], final: true });
    expect(result.alphaSpent[1]).toBeCloseTo(0.05, 10);
    expect(result.alphaSpent[0]).toBeCloseTo((0.05 * Math.expm1(4 * 0.45)) / Math.expm1(4), 10);
  });

  it('refuses classical designs and interim looks past the planned maximum', () => {
    expect(() =>
      recomputeBoundaries({ ...PLANNED, design: 'OF' }, { informationFractions: [0.3, 1], final: true }),
    ).toThrow(/fixed boundaries/);
    expect(() => recomputeBoundaries(PLANNED, { informationFractions: [0.5, 1.02], final: false })).toThrow(
      /final look/,
    );
    expect(() => recomputeBoundaries(PLANNED, { informationFractions: [0.5, 0.4], final: false })).toThrow(
      /increase/,
    );
  });
});

import { conditionalPower } from './conditional-power';

describe('conditionalPower (Lan & Wittes B-value)', () => {
  // Expected values: R, pnorm((z*sqrt(t) + theta*(1 - t) - c) / sqrt(1 - t)).
  it('under the current trend', () => {
    expect(conditionalPower({ zObserved: 2, informationFraction: 0.5, criticalValue: 1.96 })).toBeCloseTo(
      0.8903030572815851,
      14,
    );
  });

  it('under H0 (drift 0) and under an assumed drift', () => {
    expect(
      conditionalPower({ zObserved: 2, informationFraction: 0.5, criticalValue: 1.96, drift: 0 }),
    ).toBeCloseTo(0.22009909517031656, 14);
    expect(
      conditionalPower({ zObserved: 1.2, informationFraction: 0.3, criticalValue: 2, drift: 2.8 }),
    ).toBeCloseTo(0.76967448535946548, 14);
  });

  it('rises with the interim z and falls with the boundary', () => {
    const base = { informationFraction: 0.6, criticalValue: 2, drift: 2 };
    expect(conditionalPower({ ...base, zObserved: 1.5 })).toBeGreaterThan(
      conditionalPower({ ...base, zObserved: 1 }),
    );
    expect(conditionalPower({ ...base, zObserved: 1, criticalValue: 2.5 })).toBeLessThan(
      conditionalPower({ ...base, zObserved: 1 }),
    );
  });

  it('rejects fractions outside (0, 1)', () => {
    expect(() => conditionalPower({ zObserved: 1, informationFraction: 1, criticalValue: 2 })).toThrow(
      RangeError,
    );
    expect(() => conditionalPower({ zObserved: 1, informationFraction: 0, criticalValue: 2 })).toThrow(
      RangeError,
    );
  });
});

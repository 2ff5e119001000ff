import { normalCdf } from '../numeric/normal';
import { findRoot } from './find-root';
import { stageGrid } from './stage-grid';

describe('stageGrid', () => {
  it('integrates cubics exactly over a finite region (Simpson)', () => {
    const { points, weights } = stageGrid(0.3, -1.2, 2.5, 16);
    const integral = points.reduce((sum, x, i) => sum + (weights[i] as number) * (x * x * x - 2 * x + 1), 0);
    const antiderivative = (x: number) => x ** 4 / 4 - x * x + x;
    expect(integral).toBeCloseTo(antiderivative(2.5) - antiderivative(-1.2), 12);
    expect(points[0]).toBe(-1.2);
    expect(points[points.length - 1]).toBe(2.5);
  });

  it('integrates the normal density over an open region to 2e-8 (r = 32), better as r grows', () => {
    const density = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    const error = (r: number) => {
      const { points, weights } = stageGrid(0, -Infinity, 1.7, r);
      const integral = points.reduce((sum, x, i) => sum + (weights[i] as number) * density(x), 0);
      return Math.abs(integral - normalCdf(1.7));
    };
    // The error sits in the log-spaced lower tail; Simpson's h⁴ shows as r doubles.
    expect(error(32)).toBeLessThan(2e-8);
    expect(error(64)).toBeLessThan(error(32) / 8);
  });

  it('uses 6r − 1 base points plus midpoints when nothing is cut', () => {
    const { points } = stageGrid(0, -Infinity, Infinity, 16);
    expect(points).toHaveLength(2 * (6 * 16 - 1) - 1);
  });
});

describe('findRoot', () => {
  it('finds √2 to 1e-12 and refuses an unbracketed interval', () => {
    expect(findRoot((x) => x * x - 2, 0, 2)).toBeCloseTo(Math.SQRT2, 12);
    expect(() => findRoot((x) => x * x + 1, -1, 1)).toThrow(/bracketed/);
  });
});

import {
  formatCompact,
  formatNumber,
  formatTick,
  linearScale,
  niceStep,
  niceTicks,
  niceTicksWithin,
} from './scale';

describe('linearScale', () => {
  it('maps the domain onto the range, inverts, and maps a zero-width domain to the middle', () => {
    const scale = linearScale([0, 10], [100, 0]);
    expect(scale(0)).toBe(100);
    expect(scale(2.5)).toBe(75);
    expect(scale.invert(75)).toBe(2.5);
    expect(linearScale([3, 3], [0, 200])(3)).toBe(100);
    expect(linearScale([3, 3], [0, 200])(99)).toBe(100);
  });
});

describe('niceTicks', () => {
  it('uses 1-2-5 steps covering the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(-3, 7, 5)).toEqual([-4, -2, 0, 2, 4, 6, 8]);
    expect(niceTicks(0.13, 0.87, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceStep(0.3)).toBe(0.5);
    expect(niceStep(1000)).toBe(1000);
  });

  it('has no floating noise', () => {
    for (const tick of niceTicks(0, 0.7, 7)) expect(String(tick)).toMatch(/^-?\d+(\.\d)?$/);
    expect(niceTicks(0.1, 0.3, 2)).toEqual([0.1, 0.2, 0.3]);
  });

  it('handles tiny and huge ranges', () => {
    expect(niceTicks(1e-9, 5e-9, 4)).toEqual([1e-9, 2e-9, 3e-9, 4e-9, 5e-9]);
    expect(niceTicks(0, 3e12, 3)).toEqual([0, 1e12, 2e12, 3e12]);
    const nearOne = niceTicks(1.0000001, 1.0000004, 3);
    expect(nearOne.length).toBeGreaterThanOrEqual(3);
    expect(nearOne.every((tick) => Number.isFinite(tick))).toBe(true);
  });

  it('widens a zero-width range, swaps reversed bounds and gives nothing for non-finite input', () => {
    expect(niceTicks(0, 0)).toEqual([-1, -0.5, 0, 0.5, 1]);
    const around = niceTicks(5, 5);
    expect(around[0]).toBeLessThan(5);
    expect(around[around.length - 1]).toBeGreaterThan(5);
    expect(around).toContain(5);
    expect(niceTicks(1, 0)).toEqual(niceTicks(0, 1));
    expect(niceTicks(Number.NaN, 1)).toEqual([]);
    expect(niceTicks(0, Number.POSITIVE_INFINITY)).toEqual([]);
  });

  it('keeps ticks inside a fixed domain', () => {
    expect(niceTicksWithin(-0.05, 0.3, 5)).toEqual([0, 0.1, 0.2, 0.3]);
  });
});

describe('number formatting', () => {
  it('removes binary noise and negative zero', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(1e-7)).toBe('1e-7');
    expect(formatNumber(Number.NaN)).toBe('');
  });

  it('writes tick labels with the decimals of the step', () => {
    expect([0, 0.5, 1].map((value) => formatTick(value, 0.5))).toEqual(['0.0', '0.5', '1.0']);
    expect(formatTick(0.30000000000000004, 0.1)).toBe('0.3');
    expect(formatTick(-0.0000001, 0.1)).toBe('0.0');
    expect(formatTick(2000, 500)).toBe('2000');
    expect(formatTick(0.30000000000000004)).toBe('0.3');
  });

  it('compacts large amounts with an optional currency', () => {
    expect(formatCompact(12500)).toBe('12.5k');
    expect(formatCompact(12500, '€')).toBe('€12.5k');
    expect(formatCompact(-300, '£')).toBe('-£300');
    expect(formatCompact(2_000_000)).toBe('2M');
    expect(formatCompact(999_950)).toBe('1M');
    expect(formatCompact(3.2e9)).toBe('3.2B');
    expect(formatCompact(0, '$')).toBe('$0');
    expect(formatCompact(Number.NaN)).toBe('');
  });
});

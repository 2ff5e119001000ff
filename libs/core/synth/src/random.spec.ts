import { createRandom } from './random';

describe('createRandom', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const draw = (seed: string | number) => Array.from({ length: 5 }, createRandom(seed).next);
    expect(draw('a')).toEqual(draw('a'));
    expect(draw('a')).not.toEqual(draw('b'));
    expect(draw(42)).toEqual(draw('42'));
  });

  it('pins the first values of seed 1, so a change of algorithm is noticed (cohorts would change)', () => {
    const random = createRandom(1);
    const values = Array.from({ length: 3 }, () => random.next().toFixed(12));
    expect(values).toEqual(['0.044294757303', '0.869788245298', '0.429546433268']);
  });

  it('draws uniform values with the right mean and variance', () => {
    const random = createRandom('uniform');
    const n = 100_000;
    const values = Array.from({ length: n }, random.next);
    const mean = values.reduce((sum, value) => sum + value, 0) / n;
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / n;
    // Standard errors: mean 0.0009, variance 0.0003; five of them.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.0046);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.0015);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });

  it('draws normal values with the requested mean and standard deviation', () => {
    const random = createRandom('normal');
    const n = 100_000;
    const values = Array.from({ length: n }, () => random.normal(10, 2));
    const mean = values.reduce((sum, value) => sum + value, 0) / n;
    const sd = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1));
    expect(Math.abs(mean - 10)).toBeLessThan(0.03);
    expect(Math.abs(sd - 2)).toBeLessThan(0.03);
  });

  it('draws integers over the whole closed range, evenly', () => {
    const random = createRandom('dice');
    const counts = new Map<number, number>();
    for (let i = 0; i < 60_000; i++) {
      const face = random.int(1, 6);
      counts.set(face, (counts.get(face) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    for (const count of counts.values()) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    expect(() => random.int(3, 2)).toThrow(RangeError);
  });

  it('forks independent, reproducible sub-streams', () => {
    const first = createRandom('cohort').fork('patient-1').next();
    const again = createRandom('cohort');
    again.next();
    expect(again.fork('patient-1').next()).toBe(first);
    expect(createRandom('cohort').fork('patient-2').next()).not.toBe(first);
  });

  it('makes 128-bit values', () => {
    const value = createRandom('uid').bits128();
    expect(value).toBeGreaterThan(0n);
    expect(value < 2n ** 128n).toBe(true);
  });
});

import { radixOrder } from './radix-order';

/** The permutation a comparator sort gives (stable: ties keep input order). */
function referenceOrder(values: Float64Array): number[] {
  return Array.from(values.keys()).sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
}

function expectSortedLikeReference(values: Float64Array): void {
  const { order, sorted } = radixOrder(values);
  expect(Array.from(order)).toEqual(referenceOrder(values));
  expect(Array.from(sorted)).toEqual(Array.from(order, (index) => values[index]));
}

describe('radixOrder', () => {
  it('sorts negatives, zero, subnormals, huge values and ties stably', () => {
    expectSortedLikeReference(
      Float64Array.from([
        3,
        -1,
        0,
        5e-324,
        -5e-324,
        1.7976931348623157e308,
        -1.7976931348623157e308,
        2,
        -1,
        0.1,
        3,
        -0.5,
        1 + Number.EPSILON,
        1,
        -2.5e-310,
        1e-300,
        0,
      ]),
    );
  });

  it('matches a comparator sort on random doubles of mixed sign and magnitude', () => {
    let state = 12345;
    const next = (): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 4294967296;
    };
    const values = Float64Array.from(
      { length: 5000 },
      () => (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20),
    );
    expectSortedLikeReference(values);
  });

  it('sorts integer scores (whose low-word passes are skipped) and a single repeated value', () => {
    expectSortedLikeReference(Float64Array.from({ length: 1000 }, (_, k) => ((k * 7919) % 5) + 1));
    expectSortedLikeReference(new Float64Array(10).fill(0.25));
  });

  it('handles empty and single-value input', () => {
    expect(radixOrder(new Float64Array(0)).order).toHaveLength(0);
    expect(Array.from(radixOrder(Float64Array.from([4])).sorted)).toEqual([4]);
  });
});

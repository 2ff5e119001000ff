import {
  IBSI_PHANTOM_REFERENCE,
  matchesReference,
  type ReferenceValue,
  significantDigits,
} from './ibsi-phantom';

describe('IBSI phantom reference helpers', () => {
  it.each([
    ['556', 3],
    ['0.0121', 3],
    ['0.5', 1],
    ['1.20', 3],
    [':math:`-`\\ 0.0121', 3],
    [':math:`-`\\ 50', 2],
    [':math:`1.2 \\times 10^{3}`', 2],
    [':math:`1.49 \\times 10^{3}`', 3],
  ])('reads %j as %i significant digits', (text, digits) => {
    expect(significantDigits(text)).toBe(digits);
  });

  it('reads every value text of the reference file', () => {
    for (const reference of IBSI_PHANTOM_REFERENCE) {
      expect(significantDigits(reference.valueText)).toBeGreaterThanOrEqual(1);
      expect(significantDigits(reference.valueText)).toBeLessThanOrEqual(4);
    }
  });

  it('compares at the printed precision where the manual gives no tolerance', () => {
    const reference = {
      ...(IBSI_PHANTOM_REFERENCE[0] as ReferenceValue),
      tolerance: null,
      value: 1490,
      valueText: ':math:`1.49 \\times 10^{3}`',
    };
    expect(matchesReference(1494.6, reference)).toBe(true);
    expect(matchesReference(1495.1, reference)).toBe(false);
  });

  it('compares within the tolerance where the manual gives one', () => {
    const reference = {
      ...(IBSI_PHANTOM_REFERENCE[0] as ReferenceValue),
      tolerance: 4,
      value: 556,
      valueText: '556',
    };
    expect(matchesReference(552, reference)).toBe(true);
    expect(matchesReference(560.5, reference)).toBe(false);
  });
});

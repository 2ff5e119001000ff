import { aucTestAgainst } from './auc-test-against';

describe('aucTestAgainst', () => {
  // R 4.2.2: z <- (0.78 - 0.7) / 0.03; sprintf("%.17g", c(pnorm(-z), pnorm(z), 2 * pnorm(-abs(z))))
  const z = (0.78 - 0.7) / 0.03;

  it('tests H0: AUC ≤ AUC0 one-sided (greater)', () => {
    const result = aucTestAgainst(0.78, 0.03, 0.7, 'greater');
    expect(result.z).toBe(z);
    expect(result.p).toBeCloseTo(0.003830380567589707, 15);
  });

  it('gives the complementary lower-tail p (less) and the two-sided p', () => {
    expect(aucTestAgainst(0.78, 0.03, 0.7, 'less').p).toBeCloseTo(0.99616961943241034, 15);
    expect(aucTestAgainst(0.78, 0.03, 0.7, 'two-sided').p).toBeCloseTo(0.007660761135179414, 15);
    expect(aucTestAgainst(0.62, 0.03, 0.7, 'two-sided').p).toBeCloseTo(0.0076607611351794955, 15);
  });

  it('keeps far-tail p-values instead of rounding 1 − Φ(z) to 0', () => {
    const result = aucTestAgainst(0.95, 0.01, 0.7, 'greater'); // z ≈ 25
    const r = 3.0566967063825616e-138; // R: pnorm(-(0.95 - 0.7) / 0.01)
    expect(Math.abs(result.p - r) / r).toBeLessThan(1e-13);
  });

  it.each([
    [1.1, 0.03, 0.7, /auc must be in \[0, 1\]/],
    [0.8, 0.03, -0.1, /auc0 must be in \[0, 1\]/],
    [0.8, 0, 0.7, /se must be a positive finite number/],
    [0.8, NaN, 0.7, /se must be a positive finite number/],
    [0.8, Infinity, 0.7, /se must be a positive finite number/],
  ])('rejects auc %p, se %p, auc0 %p', (auc, se, auc0, message) => {
    expect(() => aucTestAgainst(auc, se, auc0, 'greater')).toThrow(message);
  });
});

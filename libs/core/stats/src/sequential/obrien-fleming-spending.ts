import { normalCdf, normalQuantile } from '../numeric/normal';

/**
 * Lan–DeMets O'Brien–Fleming-type spending function, as rpact's 'asOF':
 * α*(t) = 2·sided·(1 − Φ(z_{1−α/(2·sided)} / √t)).
 * One-sided this is the familiar 2 − 2Φ(z_{1−α/2}/√t); two-sided (α total) it is twice the
 * one-sided function at α/2, so each side spends exactly what a one-sided α/2 design would.
 * α*(1) = α and α*(t) → 0 as t → 0.
 */
export function obrienFlemingTypeSpending(alpha: number, informationFraction: number, sided: 1 | 2): number {
  if (informationFraction <= 0) return 0;
  // −Φ⁻¹(p) rather than Φ⁻¹(1 − p): 1 − p would discard digits of a small α.
  const quantile = -normalQuantile(alpha / (2 * sided));
  return 2 * sided * normalCdf(-quantile / Math.sqrt(informationFraction));
}

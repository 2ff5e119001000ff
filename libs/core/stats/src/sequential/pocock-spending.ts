/**
 * Lan–DeMets Pocock-type spending function, as rpact's 'asP': α*(t) = α · ln(1 + (e − 1)·t).
 * The same for one- and two-sided designs (α is the total level either way).
 */
export function pocockTypeSpending(alpha: number, informationFraction: number): number {
  if (informationFraction <= 0) return 0;
  return alpha * Math.log1p((Math.E - 1) * informationFraction);
}

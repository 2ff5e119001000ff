/**
 * Hwang, Shih & DeCani (1990) spending family, as rpact's 'asHSD':
 * α*(t) = α (1 − e^{−γt}) / (1 − e^{−γ}), and α·t for γ = 0 (its limit).
 * γ = −4 resembles O'Brien–Fleming, γ = 1 Pocock; larger γ spends earlier.
 */
export function hwangShihDeCaniSpending(alpha: number, informationFraction: number, gamma: number): number {
  if (informationFraction <= 0) return 0;
  if (gamma === 0) return alpha * informationFraction;
  // expm1 keeps precision when γt is small (1 − e^{−γt} would cancel).
  return (alpha * Math.expm1(-gamma * informationFraction)) / Math.expm1(-gamma);
}

/**
 * Kim & DeMets (1987) power family, as rpact's 'asKD' (its gammaA is ρ): α*(t) = α·t^ρ, ρ > 0.
 * ρ = 1 spends evenly in information (close to Pocock-type), ρ = 3 close to O'Brien–Fleming-type.
 */
export function kimDeMetsSpending(alpha: number, informationFraction: number, rho: number): number {
  if (informationFraction <= 0) return 0;
  return alpha * Math.min(1, informationFraction) ** rho;
}

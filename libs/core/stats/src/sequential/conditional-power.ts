import { normalCdf } from '../numeric/normal';

export interface ConditionalPowerInput {
  /** z statistic at the interim look. */
  readonly zObserved: number;
  /** Information fraction t of the interim look, in (0, 1). */
  readonly informationFraction: number;
  /** Final-look efficacy boundary c_K on the z scale (upper; one-sided direction of benefit). */
  readonly criticalValue: number;
  /**
   * Assumed drift θ = E[Z(1)], the expected final z statistic (θ = δ·√I_max for effect δ). Omit to
   * assume the current trend, θ̂ = Z(t)/√t. Pass 0 for the conditional power under H0.
   */
  readonly drift?: number;
}

/**
 * Conditional power by the B-value approach of Lan & Wittes (1988): with B(t) = Z(t)·√t, a
 * Brownian motion with drift θ, the final B(1) = B(t) + N(θ(1 − t), 1 − t) given the interim, so
 *   CP = P(Z(1) ≥ c | Z(t) = z) = Φ((z√t + θ(1 − t) − c) / √(1 − t)).
 * Under the current trend θ̂ = z/√t this is Φ((z/√t − c) / √(1 − t)).
 *
 * For an optional, non-binding futility rule (stop when CP falls below a threshold, say 0.1–0.2):
 * non-binding means the efficacy boundaries were computed ignoring it, so stopping for futility
 * can only lower the type I error. Only the final boundary counts here; efficacy looks between t
 * and 1 would add a little power, so this is slightly conservative for multi-look designs.
 */
export function conditionalPower(input: ConditionalPowerInput): number {
  const { zObserved, informationFraction: t, criticalValue } = input;
  if (!(t > 0 && t < 1)) throw new RangeError(`informationFraction must lie in (0, 1), got ${t}`);
  if (!Number.isFinite(zObserved) || !Number.isFinite(criticalValue)) {
    throw new RangeError('zObserved and criticalValue must be finite');
  }
  const drift = input.drift ?? zObserved / Math.sqrt(t);
  const bValue = zObserved * Math.sqrt(t);
  return normalCdf((bValue + drift * (1 - t) - criticalValue) / Math.sqrt(1 - t));
}

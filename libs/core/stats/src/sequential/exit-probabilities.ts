import { normalCdf } from '../numeric/normal';
import type { Look, StageDensity } from './stage-density';

/** First-exit probabilities at one look, above its upper and below its lower boundary. */
export interface ExitProbabilities {
  readonly upper: number;
  readonly lower: number;
}

/**
 * Probability that a path continuing to `look` stops there: P(Z_k ≥ upper, not stopped before)
 * and P(Z_k ≤ lower, not stopped before), as ∫ h_{k−1}(u) P(Z_k beyond | Z_{k−1} = u) du.
 * Upper tails are taken as Φ(−x), never 1 − Φ(x), so tiny early-look probabilities keep their
 * digits.
 */
export function exitProbabilities(
  previous: StageDensity | undefined,
  look: Look,
  theta: number,
): ExitProbabilities {
  const mean = theta * Math.sqrt(look.information);
  if (previous === undefined) {
    return { upper: normalCdf(mean - look.upper), lower: normalCdf(look.lower - mean) };
  }
  const increment = look.information - previous.information;
  const sqrtIncrement = Math.sqrt(increment);
  const sqrtCurrent = Math.sqrt(look.information);
  const sqrtPrevious = Math.sqrt(previous.information);
  const shift = theta * increment;
  const upperTarget = look.upper * sqrtCurrent - shift;
  const lowerTarget = look.lower * sqrtCurrent - shift;
  const hasUpper = Number.isFinite(look.upper);
  const hasLower = Number.isFinite(look.lower);
  let upper = 0;
  let lower = 0;
  for (let j = 0; j < previous.points.length; j++) {
    const from = (previous.points[j] as number) * sqrtPrevious;
    const weighted = previous.weightedDensity[j] as number;
    if (hasUpper) upper += weighted * normalCdf((from - upperTarget) / sqrtIncrement);
    if (hasLower) lower += weighted * normalCdf((lowerTarget - from) / sqrtIncrement);
  }
  return { upper, lower };
}

/** Net benefit of the model and of the two default strategies at one threshold probability. */
export interface DecisionCurvePoint {
  readonly threshold: number;
  /** TP/n − FP/n · pt/(1 − pt), treating patients with p ≥ pt. */
  readonly model: number;
  /** Treat everyone: prevalence − (1 − prevalence) · pt/(1 − pt). */
  readonly treatAll: number;
  /** Treat no one: always 0. */
  readonly treatNone: number;
}

/**
 * Decision curve analysis (Vickers & Elkin 2006): the net benefit of acting on the model at each
 * threshold probability pt, in true positives per patient after charging each false positive at the
 * odds pt/(1 − pt) a clinician accepts by choosing that threshold, beside the treat-all and
 * treat-none strategies. A patient counts as model-positive when p ≥ pt, the convention of the
 * platform's locked operating points (and of `classificationAtThreshold`).
 *
 * @param probabilities predicted risks in [0, 1]
 * @param outcomes observed outcomes, 0 or 1, aligned with `probabilities`
 * @param thresholds threshold probabilities, each strictly inside (0, 1); output keeps their order
 * @throws {RangeError} on malformed input or a threshold of 0, 1 or outside, where the exchange
 *   rate pt/(1 − pt) is 0 or undefined
 */
export function decisionCurve(
  probabilities: readonly number[],
  outcomes: readonly number[],
  thresholds: readonly number[],
): DecisionCurvePoint[] {
  if (probabilities.length !== outcomes.length) {
    throw new RangeError(
      `decisionCurve: ${probabilities.length} probabilities but ${outcomes.length} outcomes`,
    );
  }
  const n = probabilities.length;
  if (n === 0) throw new RangeError('decisionCurve: no predictions');
  probabilities.forEach((p, i) => {
    if (!(p >= 0 && p <= 1))
      throw new RangeError(`decisionCurve: probability ${i} must be in [0, 1], got ${p}`);
  });
  outcomes.forEach((y, i) => {
    if (y !== 0 && y !== 1) throw new RangeError(`decisionCurve: outcome ${i} must be 0 or 1, got ${y}`);
  });
  thresholds.forEach((pt) => {
    if (!(pt > 0 && pt < 1)) throw new RangeError(`decisionCurve: thresholds must be in (0, 1), got ${pt}`);
  });

  const events = outcomes.reduce((sum, y) => sum + y, 0);
  const prevalence = events / n;
  return thresholds.map((threshold) => {
    const odds = threshold / (1 - threshold);
    let truePositives = 0;
    let falsePositives = 0;
    for (let i = 0; i < n; i++) {
      if ((probabilities[i] as number) < threshold) continue;
      if (outcomes[i] === 1) truePositives++;
      else falsePositives++;
    }
    return {
      threshold,
      model: truePositives / n - (falsePositives / n) * odds,
      treatAll: prevalence - (1 - prevalence) * odds,
      treatNone: 0,
    };
  });
}

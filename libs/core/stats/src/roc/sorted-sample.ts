import { radixOrder } from './radix-order';

/** A validated scored sample sorted by score. */
export interface SortedSample {
  /** Patient indices by ascending score (ties in input order). */
  readonly order: Uint32Array;
  /** Scores in ascending order (-0 read as 0): scores[k] belongs to patient order[k]. */
  readonly scores: Float64Array;
  /** 1 where the k-th smallest score is a case's (outcome 1), 0 for a control's. */
  readonly isCase: Uint8Array;
  readonly caseCount: number;
  readonly controlCount: number;
}

/**
 * Validates a scored sample and sorts it once by score, cases and controls together: the single
 * O(n) radix sort that every ROC computation here walks.
 *
 * @param caller Prefixes error messages, so a failure names the public function that was called.
 * @throws {RangeError} when lengths differ, a score is not finite, an outcome is not 0 or 1, or
 *   there is no case or no control.
 */
export function sortedSample(
  scores: readonly number[],
  outcomes: readonly (0 | 1)[],
  caller: string,
): SortedSample {
  if (scores.length !== outcomes.length) {
    throw new RangeError(`${caller}: ${scores.length} scores but ${outcomes.length} outcomes`);
  }
  const n = scores.length;
  const values = new Float64Array(n);
  const caseByPatient = new Uint8Array(n);
  let caseCount = 0;
  for (let i = 0; i < n; i++) {
    const outcome: unknown = outcomes[i];
    if (outcome === 1) {
      caseByPatient[i] = 1;
      caseCount++;
    } else if (outcome !== 0) {
      throw new RangeError(`${caller}: outcome ${i} is ${String(outcome)}, not 0 or 1`);
    }
    const score = scores[i] as number;
    if (!Number.isFinite(score)) {
      throw new RangeError(`${caller}: score ${i} is ${score}, not a finite number`);
    }
    values[i] = score + 0; // -0 + 0 is 0: one sort key per value
  }
  const controlCount = n - caseCount;
  if (caseCount === 0) throw new RangeError(`${caller}: no cases (outcome 1)`);
  if (controlCount === 0) throw new RangeError(`${caller}: no controls (outcome 0)`);
  const { order, sorted } = radixOrder(values);
  const isCase = new Uint8Array(n);
  for (let k = 0; k < n; k++) isCase[k] = caseByPatient[order[k] as number] as number;
  return { order, scores: sorted, isCase, caseCount, controlCount };
}

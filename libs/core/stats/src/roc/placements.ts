import { type SortedSample } from './sorted-sample';

/** DeLong's structural components ("placements") of an empirical AUC. */
export interface DelongPlacements {
  /** Empirical AUC θ = P(case > control) + ½ P(tie). */
  readonly auc: number;
  /**
   * In the sample's sorted order (placements[k] belongs to patient order[k]). For a case, V10:
   * the fraction of controls it beats, ties counting ½. For a control, V01: the fraction of cases
   * that beat it, ties counting ½. Each class's placements average to θ.
   */
  readonly placements: Float64Array;
}

/**
 * DeLong's placements by Sun & Xu's midrank identity (IEEE Signal Processing Letters 21(11),
 * 2014, "Fast implementation of DeLong's algorithm"), in O(n) over the sorted sample:
 *
 * V10(case) = (T_Z − T_X) / n and V01(control) = 1 − (T_Z − T_Y) / m, where T_Z, T_X, T_Y are
 * midranks among all scores, among cases, and among controls (m cases, n controls). For a score
 * shared by a cases and b controls, T_Z − T_X is (controls strictly below) + b/2, and T_Z − T_Y is
 * (cases strictly below) + a/2: one walk up the combined order yields these counts directly,
 * the midrank differences without forming ranks. Ties thus count ½ exactly as in DeLong (1988)
 * and pROC's `delongPlacementsCpp`.
 *
 * The AUC is summed as doubled counts (integers, exact in binary floating point up to 2^53) and
 * divided once, so it is the correctly rounded Mann–Whitney estimate.
 */
export function delongPlacements({
  scores,
  isCase,
  caseCount,
  controlCount,
}: SortedSample): DelongPlacements {
  const n = scores.length;
  const placements = new Float64Array(n);
  let doubledBeatenSum = 0; // Σ over cases of 2 × (controls below + ½ tied controls)
  let casesBelow = 0;
  let controlsBelow = 0;
  let groupStart = 0;
  while (groupStart < n) {
    // The run of patients sharing the next score, and how many of them are cases.
    const score = scores[groupStart] as number;
    let groupEnd = groupStart;
    let tiedCases = 0;
    while (groupEnd < n && scores[groupEnd] === score) {
      tiedCases += isCase[groupEnd] as number;
      groupEnd++;
    }
    const tiedControls = groupEnd - groupStart - tiedCases;
    const doubledBeaten = 2 * controlsBelow + tiedControls;
    const casePlacement = doubledBeaten / (2 * controlCount);
    // Cases above this score plus half the tied ones: m − (cases below) − a/2.
    const controlPlacement = (2 * (caseCount - casesBelow) - tiedCases) / (2 * caseCount);
    for (let k = groupStart; k < groupEnd; k++) {
      placements[k] = isCase[k] === 1 ? casePlacement : controlPlacement;
    }
    doubledBeatenSum += tiedCases * doubledBeaten;
    casesBelow += tiedCases;
    controlsBelow += tiedControls;
    groupStart = groupEnd;
  }
  return { auc: doubledBeatenSum / (2 * caseCount * controlCount), placements };
}

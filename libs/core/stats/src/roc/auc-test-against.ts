import { normalCdf } from '../numeric/normal';

/** Alternative hypothesis of {@link aucTestAgainst}, as R's `alternative`. */
export type AucAlternative = 'greater' | 'less' | 'two-sided';

/** Wald test of an AUC against a fixed value. */
export interface AucTest {
  /** (auc − auc0) / se. */
  readonly z: number;
  /** Normal p-value for the chosen alternative. */
  readonly p: number;
}

/**
 * Wald z-test of an AUC against a fixed value AUC0, e.g. the primary hypothesis
 * H0: AUC ≤ AUC0 versus H1: AUC > AUC0 (`alternative = 'greater'`) at each interim look, with
 * `se` from {@link rocAuc} (DeLong).
 *
 * p is Φ(−z) for 'greater', Φ(z) for 'less' and 2·Φ(−|z|) for 'two-sided', each tail computed
 * directly so that tiny p-values are not rounded to 0 by 1 − Φ.
 *
 * @throws {RangeError} unless auc and auc0 are in [0, 1] and se is finite and positive. DeLong's se
 *   is 0 when the empirical AUC is 0 or 1; the normal approximation says nothing there, so the
 *   caller must decide (e.g. an exact or bootstrap method) rather than get z = ±Infinity.
 */
export function aucTestAgainst(auc: number, se: number, auc0: number, alternative: AucAlternative): AucTest {
  if (!(auc >= 0 && auc <= 1)) throw new RangeError(`aucTestAgainst: auc must be in [0, 1], got ${auc}`);
  if (!(auc0 >= 0 && auc0 <= 1)) throw new RangeError(`aucTestAgainst: auc0 must be in [0, 1], got ${auc0}`);
  if (!(se > 0 && Number.isFinite(se))) {
    throw new RangeError(`aucTestAgainst: se must be a positive finite number, got ${se}`);
  }
  const z = (auc - auc0) / se;
  switch (alternative) {
    case 'greater':
      return { z, p: normalCdf(-z) };
    case 'less':
      return { z, p: normalCdf(z) };
    case 'two-sided':
      return { z, p: 2 * normalCdf(-Math.abs(z)) };
  }
}

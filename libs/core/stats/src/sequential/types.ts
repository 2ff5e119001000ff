/**
 * Boundary families of rpact's getDesignGroupSequential: the Lan–DeMets alpha-spending
 * families 'asOF' (O'Brien–Fleming type), 'asP' (Pocock type), 'asKD' (Kim–DeMets power family
 * α·t^ρ, needs `gamma` = ρ) and 'asHSD' (Hwang–Shih–DeCani,
 * needs `gamma`), and the classical boundaries 'OF' (c/√t_k) and 'P' (constant c).
 */
export type GroupSequentialDesignType = 'asOF' | 'asP' | 'asHSD' | 'asKD' | 'OF' | 'P';

/** 1: upper efficacy boundary only; 2: symmetric boundaries ±c_k, `alpha` is the two-sided level. */
export type Sidedness = 1 | 2;

/** A group-sequential design as rpact specifies it (no futility boundary; that stays non-binding). */
export interface GroupSequentialDesign {
  readonly design: GroupSequentialDesignType;
  /** Overall type I error; for sided = 2 the total over both sides, as in rpact. */
  readonly alpha: number;
  readonly sided: Sidedness;
  /** Information fractions of the looks: strictly increasing in (0, 1], the last one 1. */
  readonly informationRates: readonly number[];
  /**
   * Hwang–Shih–DeCani γ for 'asHSD', or the Kim–DeMets exponent ρ > 0 for 'asKD' (rpact's gammaA);
   * required for those two, ignored otherwise.
   */
  readonly gamma?: number;
  /**
   * Grid size parameter r of the Jennison–Turnbull integration (6r − 1 base points per look);
   * 32 unless given. Larger is slower and more accurate.
   */
  readonly gridSize?: number;
}

/** Boundaries on the z scale, as rpact's $criticalValues, $stageLevels and $alphaSpent. */
export interface GroupSequentialBoundaries {
  /** Upper efficacy boundary c_k of each look (the lower one is −c_k when sided = 2). */
  readonly criticalValues: readonly number[];
  /** One-sided nominal level of each look, 1 − Φ(c_k). */
  readonly stageLevels: readonly number[];
  /** Cumulative probability under H0 of having rejected by each look (both sides when sided = 2). */
  readonly alphaSpent: readonly number[];
}

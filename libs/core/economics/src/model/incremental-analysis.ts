import type { Strategy, StrategyOutcome } from './evaluate-strategies';

/**
 * Where a strategy stands in the incremental analysis:
 * - `reference`: the least costly strategy (the most effective among equally cheap ones), the
 *   start of the cost-effectiveness frontier.
 * - `non-dominated`: on the frontier, with an ICER against the previous frontier strategy.
 * - `dominated` (strong dominance): another strategy costs no more and is at least as effective.
 * - `extendedly-dominated`: its ICER exceeds that of the next, more effective strategy, so a mix
 *   of its two frontier neighbours would give more effect for the same cost.
 */
export type IncrementalStatus = 'reference' | 'non-dominated' | 'dominated' | 'extendedly-dominated';

/** One strategy in the incremental analysis; see {@link incrementalAnalysis}. */
export interface IncrementalRow {
  readonly strategy: Strategy;
  readonly cost: number;
  readonly effect: number;
  readonly status: IncrementalStatus;
  /**
   * For `dominated`: the cheapest strategy that dominates it. For `extendedly-dominated`: the
   * more effective frontier strategy whose lower ICER rules it out.
   */
  readonly dominatedBy?: Strategy;
  /** The frontier strategy it is compared with: the previous one on the frontier; null for the reference. */
  readonly comparator: Strategy | null;
  /** Cost minus the comparator's cost; null for the reference. */
  readonly incrementalCost: number | null;
  /** Effect minus the comparator's effect; null for the reference. */
  readonly incrementalEffect: number | null;
  /** Incremental cost per unit of effect; only for `non-dominated` strategies, otherwise null. */
  readonly icer: number | null;
  /** The case in words, e.g. "Dominated by model-guided (costs no less, no more effective)". */
  readonly note: string;
}

/**
 * The incremental cost-effectiveness analysis of mutually exclusive strategies, as in Drummond et
 * al. (Methods for the Economic Evaluation of Health Care Programmes):
 *
 * 1. Sort by cost, ascending (equal costs: more effective first; then input order).
 * 2. Strong dominance: drop every strategy for which another costs no more and is at least as
 *    effective (the later of two identical strategies is the dominated one).
 * 3. Extended dominance: along the remaining strategies, compute each ICER against the previous
 *    one; whenever an ICER exceeds the next one's, drop that strategy and recompute, until ICERs
 *    increase along the frontier.
 *
 * Frontier strategies get ICERs against the previous frontier strategy, always positive. A
 * dominated strategy's increments are against the frontier strategy just below it in cost
 * (for a reader's orientation), with no ICER: a negative ratio would be ambiguous.
 *
 * @param outcomes expected cost and effect per strategy; strategies must be distinct
 * @returns one row per strategy, sorted as in step 1
 * @throws {RangeError} on no outcomes, a repeated strategy, or a non-finite cost or effect
 */
export function incrementalAnalysis(outcomes: readonly StrategyOutcome[]): IncrementalRow[] {
  if (outcomes.length === 0) throw new RangeError('incrementalAnalysis: no strategies');
  const seen = new Set<Strategy>();
  for (const outcome of outcomes) {
    if (seen.has(outcome.strategy)) {
      throw new RangeError(`incrementalAnalysis: strategy "${outcome.strategy}" appears more than once`);
    }
    seen.add(outcome.strategy);
    if (!Number.isFinite(outcome.cost) || !Number.isFinite(outcome.effect)) {
      throw new RangeError(
        `incrementalAnalysis: strategy "${outcome.strategy}" needs a finite cost and effect, got ${outcome.cost} and ${outcome.effect}`,
      );
    }
  }

  const sorted = outcomes
    .map((outcome, index) => ({ outcome, index }))
    .sort(
      (a, b) => a.outcome.cost - b.outcome.cost || b.outcome.effect - a.outcome.effect || a.index - b.index,
    )
    .map(({ outcome }) => outcome);

  const status = new Map<Strategy, { status: IncrementalStatus; dominatedBy?: Strategy }>();

  // Strong dominance: in sorted order, a strategy is dominated when an earlier one (no more
  // costly) is at least as effective; name the cheapest such strategy.
  let frontier: StrategyOutcome[] = [];
  sorted.forEach((outcome, position) => {
    const dominator = sorted.slice(0, position).find((earlier) => earlier.effect >= outcome.effect);
    if (dominator) status.set(outcome.strategy, { status: 'dominated', dominatedBy: dominator.strategy });
    else frontier.push(outcome);
  });

  // Extended dominance, iteratively: after each removal the neighbours' ICERs change.
  const icerOf = (a: StrategyOutcome, b: StrategyOutcome) => (b.cost - a.cost) / (b.effect - a.effect);
  for (;;) {
    let removed = false;
    for (let i = 1; i < frontier.length - 1; i++) {
      const previous = frontier[i - 1] as StrategyOutcome;
      const current = frontier[i] as StrategyOutcome;
      const next = frontier[i + 1] as StrategyOutcome;
      if (icerOf(previous, current) > icerOf(current, next)) {
        status.set(current.strategy, { status: 'extendedly-dominated', dominatedBy: next.strategy });
        frontier = frontier.filter((outcome) => outcome !== current);
        removed = true;
        break;
      }
    }
    if (!removed) break;
  }
  frontier.forEach((outcome, i) =>
    status.set(outcome.strategy, { status: i === 0 ? 'reference' : 'non-dominated' }),
  );

  return sorted.map((outcome): IncrementalRow => {
    const { status: rowStatus, dominatedBy } = status.get(outcome.strategy) as {
      status: IncrementalStatus;
      dominatedBy?: Strategy;
    };
    if (rowStatus === 'reference') {
      return {
        ...outcome,
        status: rowStatus,
        comparator: null,
        incrementalCost: null,
        incrementalEffect: null,
        icer: null,
        note: 'Reference: the least costly strategy not dominated by another',
      };
    }
    // The previous frontier strategy in sorted order (the reference is always first and cheapest).
    const position = sorted.indexOf(outcome);
    const comparator =
      [...frontier].reverse().find((candidate) => sorted.indexOf(candidate) < position) ??
      (frontier[0] as StrategyOutcome);
    const incrementalCost = outcome.cost - comparator.cost;
    const incrementalEffect = outcome.effect - comparator.effect;
    const base = {
      ...outcome,
      status: rowStatus,
      comparator: comparator.strategy,
      incrementalCost,
      incrementalEffect,
    };
    switch (rowStatus) {
      case 'non-dominated': {
        const icer = incrementalCost / incrementalEffect;
        return {
          ...base,
          icer,
          note: `Non-dominated: ICER ${icer} per unit of effect versus ${comparator.strategy}`,
        };
      }
      case 'dominated':
        return {
          ...base,
          dominatedBy,
          icer: null,
          note: `Dominated by ${dominatedBy}: costs no less and is no more effective`,
        };
      case 'extendedly-dominated':
        return {
          ...base,
          dominatedBy,
          icer: null,
          note:
            `Extendedly dominated: its ICER versus ${comparator.strategy} exceeds that of the more effective ` +
            `${dominatedBy}, so a mix of the two would give more effect at the same cost`,
        };
    }
  });
}

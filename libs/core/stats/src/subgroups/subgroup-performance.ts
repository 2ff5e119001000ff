import {
  classificationAtThreshold,
  type ProportionEstimate,
} from '../proportions/classification-at-threshold';
import { rocAuc } from '../roc/roc-auc';
import { heterogeneity, type Heterogeneity } from './heterogeneity';

/** One subgroup (a site, a sex, an age band …): outcomes and the model's scores of its patients. */
export interface SubgroupInput {
  /** Label of the row in the forest plot; unique among the groups. */
  readonly name: string;
  /** 1 = event, 0 = no event. */
  readonly outcomes: ArrayLike<number>;
  /** Model scores, aligned with `outcomes`; higher = event more likely. */
  readonly scores: ArrayLike<number>;
}

/** Options of {@link subgroupPerformance}. */
export interface SubgroupPerformanceOptions {
  /** The locked operating point: predicted positive when score ≥ threshold. */
  readonly threshold: number;
  /** Two-sided confidence level of every interval, in (0, 1). Default 0.95. */
  readonly confidence?: number;
}

/** An AUC with DeLong's standard error and confidence interval (as {@link rocAuc}). */
export interface SubgroupAuc {
  readonly estimate: number;
  readonly se: number;
  readonly ci: readonly [number, number];
}

/** A proportion and its Wilson score interval; both null when the denominator is 0. */
export interface SubgroupProportion {
  readonly estimate: number | null;
  readonly ci: readonly [number, number] | null;
}

/** One row of the forest plot. */
export interface SubgroupRow {
  readonly name: string;
  /** Patients. */
  readonly n: number;
  /** Patients with outcome 1. */
  readonly events: number;
  /** Null when the group has fewer than 2 events or fewer than 2 non-events (see `reason`). */
  readonly auc: SubgroupAuc | null;
  /** Why `auc` is null; absent when it is not. */
  readonly reason?: string;
  /** At the threshold, with the Wilson interval (from {@link classificationAtThreshold}). */
  readonly sensitivity: SubgroupProportion;
  readonly specificity: SubgroupProportion;
}

/** {@link Heterogeneity} of the subgroup AUCs, naming the groups that were pooled. */
export interface SubgroupHeterogeneity extends Heterogeneity {
  /** Names of the pooled groups, in input order. */
  readonly groups: readonly string[];
}

/** Forest-plot data of one model across subgroups. */
export interface SubgroupPerformance {
  readonly groups: readonly SubgroupRow[];
  /**
   * Heterogeneity of the AUCs over the groups whose AUC has a positive standard error; null when
   * fewer than 2 such groups (see `heterogeneityReason`).
   */
  readonly heterogeneity: SubgroupHeterogeneity | null;
  /** Why `heterogeneity` is null, or which groups it leaves out; null when every group is pooled. */
  readonly heterogeneityReason: string | null;
}

function withWilson({ estimate, wilson }: ProportionEstimate): SubgroupProportion {
  return { estimate, ci: wilson };
}

/** Reason an AUC with a DeLong standard error cannot be estimated, or null when it can. */
function aucUnavailable(events: number, nonEvents: number): string | null {
  if (events < 2 || nonEvents < 2) {
    return `needs at least 2 events and 2 non-events for an AUC with a DeLong standard error, got ${events} and ${nonEvents}`;
  }
  return null;
}

function row(group: SubgroupInput, threshold: number, confidence: number): SubgroupRow {
  const scores = Array.from(group.scores);
  const outcomes = Array.from(group.outcomes);
  let atThreshold;
  try {
    // Validates lengths, finite scores and 0/1 outcomes.
    atThreshold = classificationAtThreshold(scores, outcomes, threshold, confidence);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new RangeError(`subgroupPerformance: group "${group.name}": ${error.message}`);
  }
  const { tp, fn, tn, fp } = atThreshold.confusion;
  const events = tp + fn;
  const nonEvents = tn + fp;
  const reason = aucUnavailable(events, nonEvents);
  const common = {
    name: group.name,
    n: scores.length,
    events,
    sensitivity: withWilson(atThreshold.sensitivity),
    specificity: withWilson(atThreshold.specificity),
  };
  if (reason !== null) return { ...common, auc: null, reason };
  const auc = rocAuc(scores, outcomes as (0 | 1)[], { confidence });
  return { ...common, auc: { estimate: auc.auc, se: auc.se, ci: auc.ci } };
}

/**
 * Performance of one model in each subgroup, as the rows of a forest plot, and the heterogeneity of
 * its AUC across them.
 *
 * Each row is computed by the library's own functions: the AUC, DeLong standard error and interval
 * by {@link rocAuc}, sensitivity and specificity at the threshold (score ≥ threshold is positive)
 * with Wilson intervals by {@link classificationAtThreshold}. A group with fewer than 2 events or
 * fewer than 2 non-events gets `auc: null` and a `reason` (DeLong's variance needs two of each).
 *
 * The AUCs are then compared by {@link heterogeneity} (Cochran's Q, I², DerSimonian–Laird τ² and
 * both pooled means), treating the groups as independent samples. A group whose AUC has standard
 * error 0 (perfect separation) cannot carry an inverse-variance weight and is left out of the
 * pooling, which `heterogeneityReason` then says.
 *
 * @throws {RangeError} when there is no group, names are empty or repeated, the threshold is not
 *   finite, the confidence level is outside (0, 1), or a group's data are invalid (lengths differ,
 *   a score is not finite, an outcome is not 0 or 1); the message names the group.
 */
export function subgroupPerformance(
  groups: readonly SubgroupInput[],
  options: SubgroupPerformanceOptions,
): SubgroupPerformance {
  const caller = 'subgroupPerformance';
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`${caller}: confidence must be in (0, 1), got ${confidence}`);
  }
  if (!Number.isFinite(options.threshold)) {
    throw new RangeError(`${caller}: threshold must be finite, got ${options.threshold}`);
  }
  if (groups.length === 0) throw new RangeError(`${caller}: no groups`);
  const seen = new Set<string>();
  for (const { name } of groups) {
    if (name === '') throw new RangeError(`${caller}: a group has an empty name`);
    if (seen.has(name)) throw new RangeError(`${caller}: group name "${name}" is repeated`);
    seen.add(name);
  }

  const rows = groups.map((group) => row(group, options.threshold, confidence));
  const pooled: { name: string; auc: SubgroupAuc }[] = [];
  const leftOut: string[] = [];
  for (const { name, auc } of rows) {
    if (auc !== null && auc.se > 0) pooled.push({ name, auc });
    else leftOut.push(`"${name}" (${auc === null ? 'no AUC' : 'AUC standard error 0'})`);
  }
  const leftOutNote = leftOut.length === 0 ? null : `left out: ${leftOut.join(', ')}`;
  if (pooled.length < 2) {
    const reason = 'fewer than 2 groups with an AUC and a positive standard error';
    return {
      groups: rows,
      heterogeneity: null,
      heterogeneityReason: leftOutNote === null ? reason : `${reason}; ${leftOutNote}`,
    };
  }
  const result = heterogeneity(
    pooled.map(({ auc }) => auc.estimate),
    pooled.map(({ auc }) => auc.se),
    { confidence },
  );
  return {
    groups: rows,
    heterogeneity: { ...result, groups: pooled.map(({ name }) => name) },
    heterogeneityReason: leftOutNote,
  };
}

import type { OutcomeStatus, PerProtocolExclusion } from './snapshot';

/** Where one enrollment stands, as the flow diagram counts it. */
export interface FlowRecord {
  readonly locked: boolean;
  /** Lock time after the actual treatment start (kept, excluded from the primary analysis). */
  readonly lockDeviation: boolean;
  /**
   * The locked baseline study no longer qualifies once the actual treatment start is known (taken
   * outside the protocol's window before it, or after it).
   */
  readonly imagingOutsideWindow: boolean;
  readonly withdrawn: boolean;
  readonly outcomeStatus: OutcomeStatus;
  /** False when the outcome was assessed outside the protocol window; null without an outcome. */
  readonly outcomeInWindow: boolean | null;
}

/**
 * CONSORT-style flow of a prediction study: enrolled → locked (or not yet) → outcome
 * (observed, adjudicated, pending, conflicting, missing, withdrawn) → analysed per protocol, with
 * each exclusion counted. A subject with several exclusions counts once in `excludedFromPrimary`
 * and once under each reason.
 */
export interface ConsortFlow {
  readonly enrolled: number;
  readonly notLocked: number;
  readonly locked: number;
  readonly outcome: Readonly<Record<OutcomeStatus, number>>;
  readonly withOutcome: number;
  readonly analysedPrimary: number;
  readonly analysedSensitivity: number;
  readonly excludedFromPrimary: number;
  readonly exclusions: Readonly<Record<PerProtocolExclusion, number>>;
}

export function consortFlow(records: readonly FlowRecord[]): ConsortFlow {
  const outcome: Record<OutcomeStatus, number> = {
    observed: 0,
    adjudicated: 0,
    pending: 0,
    conflicting: 0,
    missing: 0,
    withdrawn: 0,
  };
  const exclusions: Record<PerProtocolExclusion, number> = {
    'lock-after-treatment-start': 0,
    'imaging-outside-window': 0,
    'outcome-outside-window': 0,
    withdrawn: 0,
  };
  let locked = 0;
  let withOutcome = 0;
  let analysedPrimary = 0;
  let excludedFromPrimary = 0;
  for (const record of records) {
    if (!record.locked) continue;
    locked += 1;
    outcome[record.outcomeStatus] += 1;
    const hasOutcome = record.outcomeStatus === 'observed' || record.outcomeStatus === 'adjudicated';
    if (!hasOutcome) continue;
    withOutcome += 1;
    const reasons = perProtocolExclusions(record);
    for (const reason of reasons) exclusions[reason] += 1;
    if (reasons.length === 0) analysedPrimary += 1;
    else excludedFromPrimary += 1;
  }
  return {
    enrolled: records.length,
    notLocked: records.length - locked,
    locked,
    outcome,
    withOutcome,
    analysedPrimary,
    analysedSensitivity: withOutcome,
    excludedFromPrimary,
    exclusions,
  };
}

/** The reasons a locked subject is left out of the per-protocol analysis, sorted. */
export function perProtocolExclusions(
  record: Pick<FlowRecord, 'lockDeviation' | 'imagingOutsideWindow' | 'withdrawn' | 'outcomeInWindow'>,
): PerProtocolExclusion[] {
  const reasons: PerProtocolExclusion[] = [];
  if (record.lockDeviation) reasons.push('lock-after-treatment-start');
  if (record.imagingOutsideWindow) reasons.push('imaging-outside-window');
  if (record.outcomeInWindow === false) reasons.push('outcome-outside-window');
  if (record.withdrawn) reasons.push('withdrawn');
  return reasons;
}

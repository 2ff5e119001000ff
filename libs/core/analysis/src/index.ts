/**
 * Interim and final analyses of a prospective validation, as pure functions of a frozen
 * snapshot: populations (per-protocol and sensitivity), group-sequential boundaries at the
 * observed information, the primary test, conditional power, forest data by site and subgroup,
 * and the CONSORT-style flow. No I/O: the server freezes the snapshot, this library computes.
 */
export * from './snapshot';
export { consortFlow, perProtocolExclusions, type ConsortFlow, type FlowRecord } from './consort-flow';
export { designOf, futilityBounds, observedBoundaries, plannedBoundaries } from './interim-boundaries';
export {
  runAnalysis,
  type AnalysisDecision,
  type AnalysisResult,
  type PopulationResult,
  type SubgroupResult,
} from './run-analysis';
export { analysisSha256 } from './snapshot-hash';
export {
  currentOutcome,
  type AdjudicationRecord,
  type CurrentOutcome,
  type OutcomeResultRecord,
  type OutcomeStateInput,
} from './outcome-state';

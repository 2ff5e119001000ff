import type { FutilityRule, InterimPlan, SpendingFunction } from '@prospect/domain';
import type { PerformanceReport, SubgroupPerformance } from '@prospect/stats';
import type { Job } from '../jobs/jobs.api';

/** The protocol's pre-registered group-sequential plan and its parts (as `@prospect/domain` defines them). */
export type { FutilityRule, InterimPlan, PerformanceReport, SpendingFunction, SubgroupPerformance };

/** An electronic signature on a record, as the API shows it. */
export interface RecordSignature {
  readonly id: string;
  readonly signerId: string;
  readonly signerUsername: string;
  readonly printedName: string;
  readonly signedAt: string;
  readonly meaning: string;
  readonly statement: string;
  readonly recordType: string;
  readonly recordId: string;
  readonly recordSha256: string;
  readonly trialId: string | null;
}

/** The parts of a protocol version the analysis screens read. */
export interface AnalysisProtocol {
  readonly version: number;
  readonly status: 'draft' | 'approved' | 'superseded';
  readonly contentSha256: string;
  readonly decisionThreshold: number;
  readonly plannedSampleSize: number;
  readonly approval: {
    readonly approvedAt: string;
    readonly approvedBy: string;
    readonly signatureId: string;
  } | null;
  readonly content: {
    readonly decisionThreshold: number;
    readonly plannedSampleSize: number;
    readonly primaryHypothesis: {
      readonly metric: 'auc';
      readonly nullValue: number;
      readonly alternativeValue: number;
    };
    readonly interimPlan: InterimPlan;
    readonly subgroups?: readonly {
      readonly name: string;
      readonly label: string;
      readonly covariate: string;
    }[];
    readonly [key: string]: unknown;
  };
}

export type OutcomeStatus = 'observed' | 'adjudicated' | 'pending' | 'conflicting' | 'missing' | 'withdrawn';
export type PerProtocolExclusion =
  'lock-after-treatment-start' | 'imaging-outside-window' | 'outcome-outside-window' | 'withdrawn';

/** CONSORT-style flow counts (no outcome values). */
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

/** `GET …/progress`: what anyone in the trial may know, blinded. */
export interface BlindedProgress {
  readonly trialCode: string;
  readonly plannedSampleSize: number;
  readonly plannedLooks: readonly {
    readonly lookNumber: number;
    readonly informationFraction: number;
    readonly analysed: boolean;
  }[];
  readonly flow: ConsortFlow;
  readonly informationFraction: number;
  readonly completeness: number | null;
  readonly outcomesAwaitingAdjudication: number;
  readonly nextLook: { readonly lookNumber: number; readonly informationFraction: number } | null;
}

export interface SiteInputShift {
  readonly site: string;
  readonly n: number;
  readonly mean: number | null;
  readonly sd: number | null;
  readonly smd: number | null;
  readonly psi: number | null;
  readonly flagged: boolean;
  readonly note: string | null;
}

/** `GET …/input-shift`: model inputs by site against training (no outcome). */
export interface InputShift {
  readonly trialCode: string;
  readonly modelSha256: string;
  readonly thresholds: { readonly smd: number; readonly psi: number; readonly minimumSubjects: number };
  readonly inputs: readonly {
    readonly name: string;
    readonly training: { readonly n: number; readonly mean: number; readonly sd: number } | null;
    readonly sites: readonly SiteInputShift[] | null;
    readonly note: string | null;
  }[];
  readonly flaggedSites: readonly string[];
}

export type AnalysisStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'computed';

/** A look as every analysis reader sees it: hashes, status, signatures; no result. */
export interface BlindedLook {
  readonly lookNumber: number;
  readonly protocolVersion: number;
  readonly requestedAt: string;
  readonly requestedBy: string;
  readonly frozenAt: string;
  readonly snapshotSha256: string;
  readonly subjects: number;
  readonly status: AnalysisStatus;
  readonly jobId: string;
  readonly resultSha256: string | null;
  readonly computedAt: string | null;
  readonly signatures: readonly RecordSignature[];
}

export interface LookRequested {
  readonly job: Job;
  readonly analysis: BlindedLook;
}

export type PopulationResult =
  | {
      readonly available: true;
      readonly n: number;
      readonly events: number;
      readonly report: PerformanceReport;
      readonly test: { readonly auc0: number; readonly z: number; readonly p: number } | null;
      readonly testUnavailable?: string;
    }
  | { readonly available: false; readonly n: number; readonly events: number; readonly reason: string };

export type AnalysisDecision =
  | 'continue'
  | 'stop-for-efficacy'
  | 'stop-below-null'
  | 'consider-stopping-for-futility'
  | 'final-reject-null'
  | 'final-do-not-reject-null'
  | 'insufficient-data';

export interface Boundaries {
  readonly informationFractions: readonly number[];
  readonly criticalValues: readonly number[];
  readonly stageLevels: readonly number[];
  readonly alphaSpent: readonly number[];
}

/** `prospect.analysis-result/1`: the unblinded result of a look (DMC only). */
export interface AnalysisResult {
  readonly format: 'prospect.analysis-result/1';
  readonly lookNumber: number;
  readonly plannedLooks: number;
  readonly final: boolean;
  readonly informationFraction: number;
  readonly counts: {
    readonly locked: number;
    readonly withOutcome: number;
    readonly perProtocol: number;
    readonly excluded: Readonly<Record<PerProtocolExclusion, number>>;
    readonly outcomePending: number;
    readonly outcomeConflicting: number;
    readonly outcomeMissing: number;
    readonly withdrawn: number;
  };
  readonly primary: PopulationResult;
  readonly sensitivity: PopulationResult;
  readonly boundaries: {
    readonly planned: Boundaries & { readonly futilityBounds: readonly number[] | null };
    readonly observed: Boundaries;
    readonly zStatistics: readonly (number | null)[];
  };
  readonly criticalValue: number;
  readonly crossed: 'upper' | 'lower' | null;
  readonly conditionalPower: {
    readonly currentTrend: number;
    readonly underAlternative: number;
    readonly futilityThreshold: number | null;
  } | null;
  readonly futility: {
    readonly rule: 'none' | 'non-binding-beta-spending' | 'conditional-power';
    readonly bound: number | null;
    readonly drift: number | null;
  };
  readonly decision: AnalysisDecision;
  readonly rationale: string;
  readonly sites: SubgroupPerformance | { readonly unavailable: string };
  readonly subgroups: readonly (
    | {
        readonly name: string;
        readonly label: string;
        readonly covariate: string;
        readonly performance: SubgroupPerformance;
      }
    | { readonly name: string; readonly unavailable: string }
  )[];
}

/** `GET …/analyses/{n}/result` (DMC only; audited). */
export interface UnblindedLook extends BlindedLook {
  readonly result: AnalysisResult | null;
}

/** One locked subject of a frozen snapshot (subject level; DMC only). */
export interface SnapshotSubject {
  readonly subjectId: string;
  readonly site: string;
  readonly leafIndex: number;
  readonly lockedAt: string;
  readonly probability: number;
  readonly outcome: 0 | 1 | null;
  readonly outcomeStatus: OutcomeStatus;
  readonly exclusions: readonly PerProtocolExclusion[];
  readonly subgroups: Readonly<Record<string, string | null>>;
}

/** `GET …/analyses/{n}/snapshot` (DMC only; audited). */
export interface AnalysisSnapshot {
  readonly format: 'prospect.analysis-snapshot/1';
  readonly trialCode: string;
  readonly protocolVersion: number;
  readonly lookNumber: number;
  readonly frozenAt: string;
  readonly design: {
    readonly threshold: number;
    readonly plannedSampleSize: number;
    readonly primaryHypothesis: {
      readonly metric: 'auc';
      readonly nullValue: number;
      readonly alternativeValue: number;
    };
    readonly interimPlan: InterimPlan;
    readonly confidence: number;
    readonly [key: string]: unknown;
  };
  readonly previousLooks: readonly {
    readonly lookNumber: number;
    readonly informationFraction: number;
    readonly z: number | null;
  }[];
  readonly subjects: readonly SnapshotSubject[];
}

/** `POST …/analyses/{n}/reproduction`. */
export interface Reproduction {
  readonly lookNumber: number;
  readonly snapshotSha256: string;
  readonly snapshotIntact: boolean;
  readonly storedResultSha256: string;
  readonly recomputedResultSha256: string;
  readonly identical: boolean;
}

export type AccessAction = 'analysis.viewed-unblinded' | 'analysis.snapshot-viewed' | 'analysis.reproduced';

/** `GET …/analyses/{n}/access-log`: who opened the unblinded result, when. */
export interface AccessLogEntry {
  readonly at: string;
  readonly username: string | null;
  readonly action: AccessAction | string;
}

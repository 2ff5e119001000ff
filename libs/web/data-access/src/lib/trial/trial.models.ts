/** A site of a trial (`POST /trials/{code}/sites`, and in `GET /trials/{code}`). */
export interface TrialSite {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly createdAt: string;
}

export interface NewSite {
  readonly code: string;
  readonly name: string;
}

/** `GET /trials/{code}`. */
export interface TrialDetail {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  readonly indication: string;
  readonly createdAt: string;
  readonly sites: readonly TrialSite[];
  /** The newest approved protocol version, the one in force; null until one is approved. */
  readonly protocolInForce: number | null;
  readonly latestProtocolVersion: number | null;
}

export type ProtocolVersionStatus = 'draft' | 'approved' | 'superseded';

/** One protocol version (`GET …/protocol-versions`, oldest first). */
export interface ProtocolVersion {
  readonly id: string;
  readonly version: number;
  readonly status: ProtocolVersionStatus;
  readonly contentSha256: string;
  readonly endpointType: string;
  readonly decisionThreshold: number;
  readonly plannedSampleSize: number;
  readonly amendmentReason: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly approval: {
    readonly approvedAt: string;
    readonly approvedBy: string;
    readonly signatureId: string;
  } | null;
  /** The whole protocol document. */
  readonly content: Record<string, unknown>;
}

export type FlowOutcomeStatus =
  'observed' | 'adjudicated' | 'pending' | 'conflicting' | 'missing' | 'withdrawn';

export type FlowExclusion =
  'lock-after-treatment-start' | 'imaging-outside-window' | 'outcome-outside-window' | 'withdrawn';

/** CONSORT-style counts (`GET …/flow`). */
export interface TrialFlow {
  readonly enrolled: number;
  readonly notLocked: number;
  readonly locked: number;
  /** Locked subjects by outcome status. */
  readonly outcome: Readonly<Partial<Record<FlowOutcomeStatus, number>>>;
  readonly withOutcome: number;
  readonly analysedPrimary: number;
  readonly analysedSensitivity: number;
  readonly excludedFromPrimary: number;
  readonly exclusions: Readonly<Partial<Record<FlowExclusion, number>>>;
}

/** Blinded progress (`GET …/progress`). */
export interface TrialProgress {
  readonly trialCode: string;
  readonly plannedSampleSize: number;
  readonly plannedLooks: readonly {
    readonly lookNumber: number;
    readonly informationFraction: number;
    readonly analysed: boolean;
  }[];
  readonly flow: TrialFlow;
  /** Per-protocol subjects with an outcome over the planned sample size. */
  readonly informationFraction: number;
  /** Locked subjects whose outcome is settled, as a share of locked. */
  readonly completeness: number | null;
  readonly outcomesAwaitingAdjudication: number;
  readonly nextLook: { readonly lookNumber: number; readonly informationFraction: number } | null;
}

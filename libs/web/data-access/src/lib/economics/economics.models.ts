import type { HealthEconomicsPlan, HealthEconomicsPlanInput } from '@prospect/domain';
import type {
  CheersChecklist,
  CheersEntryStatus,
  CheersItem,
  EconomicEvaluationResult,
  IncrementalRow,
  Strategy,
} from '@prospect/economics';
import type { RecordSignature } from '../analyses/analyses.models';
import type { Job } from '../jobs/jobs.api';

export type {
  CheersChecklist,
  CheersEntryStatus,
  CheersItem,
  EconomicEvaluationResult,
  HealthEconomicsPlan,
  HealthEconomicsPlanInput,
  IncrementalRow,
  Strategy,
};

/** `GET …/health-economics-plan`: the plan of the protocol in force. */
export interface HealthEconomicsPlanView {
  readonly protocolVersion: number;
  readonly plan: HealthEconomicsPlan;
}

/** `POST …/health-economics-plan` answers with the new (draft) protocol version. */
export interface PlanAmendment {
  readonly id: string;
  readonly version: number;
  readonly status: 'draft' | 'approved' | 'superseded';
  readonly contentSha256: string;
  readonly amendmentReason: string | null;
  readonly createdAt: string;
}

export type EvaluationStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'computed';

/** An evaluation as every analysis reader sees it: what was evaluated, hashes; no numbers. */
export interface EconomicEvaluation {
  readonly evaluationNumber: number;
  readonly lookNumber: number;
  readonly protocolVersion: number;
  readonly planSha256: string;
  readonly draws: number;
  readonly seed: string;
  readonly requestedAt: string;
  readonly requestedBy: string;
  readonly status: EvaluationStatus;
  readonly jobId: string;
  readonly resultSha256: string | null;
  readonly computedAt: string | null;
  readonly signatures: readonly RecordSignature[];
}

/** `GET …/economic-evaluations/{n}/result`: statisticians and the DMC; audited. */
export interface EvaluationWithResult extends EconomicEvaluation {
  readonly result: EconomicEvaluationResult | null;
}

export interface EvaluationRequest {
  readonly lookNumber: number;
  /** PSA draws, 0 to 100 000 (0: deterministic only). */
  readonly draws: number;
  /** The same seed gives the same result. */
  readonly seed: string;
}

export interface EvaluationRequested {
  readonly job: Job;
  readonly evaluation: EconomicEvaluation;
}

export interface CheersEntryRequest {
  readonly itemNumber: number;
  readonly status: CheersEntryStatus;
  readonly text: string;
}

export interface CheersEntryRecorded extends CheersEntryRequest {
  readonly recordedAt: string;
}

import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appendOnlyTriggersSql } from './append-only';

const APPEND_ONLY = [
  'outcome_result',
  'outcome_adjudication',
  'enrollment_withdrawal',
  'analysis',
  'analysis_result',
];

/**
 * Follow-up outcomes and the analyses of the trial, all append-only:
 * - outcome_result: one result per row, from the FHIR server (sync job) or entered by an outcome
 *   assessor; `outcome` 1 = the endpoint's positive class, 0 = not, NULL = not assessable (with a
 *   reason). A FHIR result is stored once (fingerprint of its value, time and evidence); an
 *   assessor's correction is a new row pointing at the one it supersedes, with a reason;
 * - outcome_adjudication: a second assessor's signed decision on a conflicting or missing outcome;
 * - enrollment_withdrawal: a subject leaving the trial, with the reason;
 * - analysis: a statistician's request for a planned look, with the data snapshot frozen at that
 *   moment and its SHA-256 (one analysis per look);
 * - analysis_result: the job's result for an analysis, with its SHA-256.
 */
export class CreateOutcomeAndAnalysisTables1795795560000 implements MigrationInterface {
  name = 'CreateOutcomeAndAnalysisTables1795795560000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outcome_result (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        trial_id uuid NOT NULL,
        enrollment_id uuid NOT NULL,
        source varchar(16) NOT NULL,
        outcome smallint NULL,
        assessed_at timestamptz NULL,
        study_day integer NULL,
        in_window boolean NULL,
        evidence jsonb NOT NULL,
        reason text NULL,
        fingerprint char(64) NOT NULL,
        supersedes uuid NULL,
        recorded_by uuid NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT "PK_outcome_result" PRIMARY KEY (id),
        CONSTRAINT "FK_outcome_result_trial" FOREIGN KEY (trial_id) REFERENCES trial (id),
        CONSTRAINT "FK_outcome_result_enrollment" FOREIGN KEY (enrollment_id) REFERENCES enrollment (id),
        CONSTRAINT "FK_outcome_result_supersedes" FOREIGN KEY (supersedes) REFERENCES outcome_result (id),
        CONSTRAINT "FK_outcome_result_recorded_by" FOREIGN KEY (recorded_by) REFERENCES app_user (id),
        CONSTRAINT "CHK_outcome_result_source" CHECK (source IN ('fhir', 'assessor')),
        CONSTRAINT "CHK_outcome_result_outcome" CHECK (outcome IN (0, 1)),
        CONSTRAINT "CHK_outcome_result_not_assessable" CHECK (outcome IS NOT NULL OR reason IS NOT NULL),
        CONSTRAINT "CHK_outcome_result_assessed" CHECK (outcome IS NULL OR assessed_at IS NOT NULL),
        CONSTRAINT "CHK_outcome_result_assessor" CHECK (source = 'fhir' OR recorded_by IS NOT NULL),
        CONSTRAINT "CHK_outcome_result_correction" CHECK (supersedes IS NULL OR reason IS NOT NULL)
      );
      CREATE UNIQUE INDEX "UQ_outcome_result_fhir" ON outcome_result (enrollment_id, fingerprint) WHERE source = 'fhir';
      CREATE UNIQUE INDEX "UQ_outcome_result_supersedes" ON outcome_result (supersedes) WHERE supersedes IS NOT NULL;
      CREATE INDEX "IDX_outcome_result_trial" ON outcome_result (trial_id, enrollment_id, recorded_at);

      CREATE TABLE outcome_adjudication (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        trial_id uuid NOT NULL,
        enrollment_id uuid NOT NULL,
        outcome smallint NULL,
        assessed_at timestamptz NULL,
        study_day integer NULL,
        in_window boolean NULL,
        reason text NOT NULL,
        considered jsonb NOT NULL,
        adjudicated_by uuid NOT NULL,
        signature_id uuid NOT NULL,
        adjudicated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT "PK_outcome_adjudication" PRIMARY KEY (id),
        CONSTRAINT "FK_outcome_adjudication_trial" FOREIGN KEY (trial_id) REFERENCES trial (id),
        CONSTRAINT "FK_outcome_adjudication_enrollment" FOREIGN KEY (enrollment_id) REFERENCES enrollment (id),
        CONSTRAINT "FK_outcome_adjudication_by" FOREIGN KEY (adjudicated_by) REFERENCES app_user (id),
        CONSTRAINT "FK_outcome_adjudication_signature" FOREIGN KEY (signature_id) REFERENCES e_signature (id),
        CONSTRAINT "CHK_outcome_adjudication_outcome" CHECK (outcome IN (0, 1)),
        CONSTRAINT "CHK_outcome_adjudication_assessed" CHECK (outcome IS NULL OR assessed_at IS NOT NULL)
      );
      CREATE INDEX "IDX_outcome_adjudication_enrollment" ON outcome_adjudication (enrollment_id, adjudicated_at);

      CREATE TABLE enrollment_withdrawal (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        trial_id uuid NOT NULL,
        enrollment_id uuid NOT NULL,
        withdrawn_on date NOT NULL,
        reason text NOT NULL,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT "PK_enrollment_withdrawal" PRIMARY KEY (id),
        CONSTRAINT "UQ_enrollment_withdrawal" UNIQUE (enrollment_id),
        CONSTRAINT "FK_enrollment_withdrawal_trial" FOREIGN KEY (trial_id) REFERENCES trial (id),
        CONSTRAINT "FK_enrollment_withdrawal_enrollment" FOREIGN KEY (enrollment_id) REFERENCES enrollment (id),
        CONSTRAINT "FK_enrollment_withdrawal_by" FOREIGN KEY (recorded_by) REFERENCES app_user (id)
      );

      CREATE TABLE analysis (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        trial_id uuid NOT NULL,
        look_number integer NOT NULL,
        protocol_version integer NOT NULL,
        snapshot jsonb NOT NULL,
        snapshot_sha256 char(64) NOT NULL,
        sync_job_id uuid NOT NULL,
        requested_by uuid NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT "PK_analysis" PRIMARY KEY (id),
        CONSTRAINT "UQ_analysis_look" UNIQUE (trial_id, look_number),
        CONSTRAINT "FK_analysis_trial" FOREIGN KEY (trial_id) REFERENCES trial (id),
        CONSTRAINT "FK_analysis_job" FOREIGN KEY (sync_job_id) REFERENCES sync_job (id),
        CONSTRAINT "FK_analysis_requested_by" FOREIGN KEY (requested_by) REFERENCES app_user (id),
        CONSTRAINT "CHK_analysis_look" CHECK (look_number BETWEEN 1 AND 10),
        CONSTRAINT "CHK_analysis_snapshot_sha256" CHECK (snapshot_sha256 ~ '^[0-9a-f]{64}$')
      );

      CREATE TABLE analysis_result (
        analysis_id uuid NOT NULL,
        result jsonb NOT NULL,
        result_sha256 char(64) NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT "PK_analysis_result" PRIMARY KEY (analysis_id),
        CONSTRAINT "FK_analysis_result_analysis" FOREIGN KEY (analysis_id) REFERENCES analysis (id),
        CONSTRAINT "CHK_analysis_result_sha256" CHECK (result_sha256 ~ '^[0-9a-f]{64}$')
      );
    `);
    for (const table of APPEND_ONLY) await queryRunner.query(appendOnlyTriggersSql(table));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE analysis_result;
      DROP TABLE analysis;
      DROP TABLE enrollment_withdrawal;
      DROP TABLE outcome_adjudication;
      DROP TABLE outcome_result;
    `);
  }
}

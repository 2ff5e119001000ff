import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appendOnlyTriggersSql } from './append-only';

const APPEND_ONLY = ['economic_evaluation', 'economic_evaluation_result', 'cheers_entry'];

/**
 * Cost-effectiveness evaluations, all append-only:
 * - economic_evaluation: a requested evaluation of one analysis' frozen snapshot under the
 *   health-economic plan in force (copied with its SHA-256), with the PSA draws and seed;
 * - economic_evaluation_result: the job's result with its SHA-256;
 * - cheers_entry: a user's statement for a CHEERS 2022 item the platform cannot answer
 *   (reported, not reported or not applicable, with the text or reason); the latest per item counts.
 */
export class CreateEconomicEvaluationTables1795795620000 implements MigrationInterface {
  name = 'CreateEconomicEvaluationTables1795795620000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE economic_evaluation (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        trial_id uuid NOT NULL,
        evaluation_number integer NOT NULL,
        analysis_id uuid NOT NULL,
        protocol_version integer NOT NULL,
        plan jsonb NOT NULL,
        plan_sha256 char(64) NOT NULL,
        draws integer NOT NULL,
        seed varchar(100) NOT NULL,
        sync_job_id uuid NOT NULL,
        requested_by uuid NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT "PK_economic_evaluation" PRIMARY KEY (id),
        CONSTRAINT "UQ_economic_evaluation_number" UNIQUE (trial_id, evaluation_number),
        CONSTRAINT "FK_economic_evaluation_trial" FOREIGN KEY (trial_id) REFERENCES trial (id),
        CONSTRAINT "FK_economic_evaluation_analysis" FOREIGN KEY (analysis_id) REFERENCES analysis (id),
        CONSTRAINT "FK_economic_evaluation_job" FOREIGN KEY (sync_job_id) REFERENCES sync_job (id),
        CONSTRAINT "FK_economic_evaluation_requested_by" FOREIGN KEY (requested_by) REFERENCES app_user (id),
        CONSTRAINT "CHK_economic_evaluation_draws" CHECK (draws BETWEEN 0 AND 100000),
        CONSTRAINT "CHK_economic_evaluation_plan_sha256" CHECK (plan_sha256 ~ '^[0-9a-f]{64}$')
      );

      CREATE TABLE economic_evaluation_result (
        evaluation_id uuid NOT NULL,
        result jsonb NOT NULL,
        result_sha256 char(64) NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT "PK_economic_evaluation_result" PRIMARY KEY (evaluation_id),
        CONSTRAINT "FK_economic_evaluation_result_evaluation" FOREIGN KEY (evaluation_id) REFERENCES economic_evaluation (id),
        CONSTRAINT "CHK_economic_evaluation_result_sha256" CHECK (result_sha256 ~ '^[0-9a-f]{64}$')
      );

      CREATE TABLE cheers_entry (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        trial_id uuid NOT NULL,
        item_number integer NOT NULL,
        status varchar(16) NOT NULL,
        text text NOT NULL,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT "PK_cheers_entry" PRIMARY KEY (id),
        CONSTRAINT "FK_cheers_entry_trial" FOREIGN KEY (trial_id) REFERENCES trial (id),
        CONSTRAINT "FK_cheers_entry_recorded_by" FOREIGN KEY (recorded_by) REFERENCES app_user (id),
        CONSTRAINT "CHK_cheers_entry_item" CHECK (item_number BETWEEN 1 AND 28),
        CONSTRAINT "CHK_cheers_entry_status" CHECK (status IN ('reported', 'not-reported', 'not-applicable')),
        CONSTRAINT "CHK_cheers_entry_text" CHECK (length(btrim(text)) > 0)
      );
      CREATE INDEX "IDX_cheers_entry_trial" ON cheers_entry (trial_id, item_number, recorded_at);
    `);
    for (const table of APPEND_ONLY) await queryRunner.query(appendOnlyTriggersSql(table));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE cheers_entry;
      DROP TABLE economic_evaluation_result;
      DROP TABLE economic_evaluation;
    `);
  }
}

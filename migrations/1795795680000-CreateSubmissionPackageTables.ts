import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appendOnlyTriggersSql } from './append-only';

const APPEND_ONLY = ['submission_package', 'submission_package_manifest'];

/**
 * Submission packages, append-only: the request (numbered per trial, built by a job into the data
 * folder) and, once built, its manifest with the manifest's SHA-256, which regulatory staff sign.
 */
export class CreateSubmissionPackageTables1795795680000 implements MigrationInterface {
  name = 'CreateSubmissionPackageTables1795795680000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE submission_package (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        trial_id uuid NOT NULL,
        package_number integer NOT NULL,
        sync_job_id uuid NOT NULL,
        requested_by uuid NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT "PK_submission_package" PRIMARY KEY (id),
        CONSTRAINT "UQ_submission_package_number" UNIQUE (trial_id, package_number),
        CONSTRAINT "FK_submission_package_trial" FOREIGN KEY (trial_id) REFERENCES trial (id),
        CONSTRAINT "FK_submission_package_job" FOREIGN KEY (sync_job_id) REFERENCES sync_job (id),
        CONSTRAINT "FK_submission_package_requested_by" FOREIGN KEY (requested_by) REFERENCES app_user (id)
      );

      CREATE TABLE submission_package_manifest (
        package_id uuid NOT NULL,
        manifest jsonb NOT NULL,
        manifest_sha256 char(64) NOT NULL,
        built_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT "PK_submission_package_manifest" PRIMARY KEY (package_id),
        CONSTRAINT "FK_submission_package_manifest_package" FOREIGN KEY (package_id) REFERENCES submission_package (id),
        CONSTRAINT "CHK_submission_package_manifest_sha256" CHECK (manifest_sha256 ~ '^[0-9a-f]{64}$')
      );
    `);
    for (const table of APPEND_ONLY) await queryRunner.query(appendOnlyTriggersSql(table));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE submission_package_manifest;
      DROP TABLE submission_package;
    `);
  }
}

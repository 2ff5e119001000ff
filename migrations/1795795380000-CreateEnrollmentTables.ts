import type { MigrationInterface, QueryRunner } from 'typeorm';

const APPEND_ONLY = ['enrollment', 'baseline_link', 'planned_treatment_start'];

/**
 * Enrollments and what they are linked to. The enrollment itself, every version of its baseline
 * link (imaging, treatment start, covariates, eligibility, open issues) and every planned
 * treatment start are append-only; a re-sync adds a version. FHIR write-back and sync jobs are
 * operational state and change as they progress.
 */
export class CreateEnrollmentTables1795795380000 implements MigrationInterface {
  name = 'CreateEnrollmentTables1795795380000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE enrollment (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        trial_id uuid NOT NULL,
        site_id uuid NOT NULL,
        subject_id varchar(40) NOT NULL,
        subject_sequence integer NOT NULL,
        fhir_patient_reference varchar(300) NOT NULL,
        protocol_version integer NOT NULL,
        enrolled_at timestamptz NOT NULL DEFAULT now(),
        enrolled_by uuid NOT NULL,
        CONSTRAINT "PK_enrollment" PRIMARY KEY (id),
        CONSTRAINT "UQ_enrollment_subject_id" UNIQUE (subject_id),
        CONSTRAINT "UQ_enrollment_site_sequence" UNIQUE (site_id, subject_sequence),
        CONSTRAINT "UQ_enrollment_trial_patient" UNIQUE (trial_id, fhir_patient_reference),
        CONSTRAINT "FK_enrollment_trial" FOREIGN KEY (trial_id) REFERENCES trial (id),
        CONSTRAINT "FK_enrollment_site" FOREIGN KEY (site_id) REFERENCES trial_site (id),
        CONSTRAINT "FK_enrollment_enrolled_by" FOREIGN KEY (enrolled_by) REFERENCES app_user (id),
        CONSTRAINT "CHK_enrollment_sequence" CHECK (subject_sequence BETWEEN 1 AND 9999)
      );
      CREATE INDEX "IDX_enrollment_trial" ON enrollment (trial_id, enrolled_at);

      CREATE TABLE baseline_link (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        enrollment_id uuid NOT NULL,
        version integer NOT NULL,
        link jsonb NOT NULL,
        link_sha256 char(64) NOT NULL,
        eligibility varchar(16) NOT NULL,
        blocking_issues integer NOT NULL,
        treatment_start timestamptz NULL,
        treatment_start_status varchar(16) NOT NULL,
        changes jsonb NULL,
        synced_at timestamptz NOT NULL DEFAULT now(),
        synced_by uuid NULL,
        CONSTRAINT "PK_baseline_link" PRIMARY KEY (id),
        CONSTRAINT "UQ_baseline_link_version" UNIQUE (enrollment_id, version),
        CONSTRAINT "FK_baseline_link_enrollment" FOREIGN KEY (enrollment_id) REFERENCES enrollment (id),
        CONSTRAINT "CHK_baseline_link_eligibility" CHECK (eligibility IN ('passed', 'failed', 'needs-review')),
        CONSTRAINT "CHK_baseline_link_treatment_status" CHECK (treatment_start_status IN ('actual', 'planned', 'unknown'))
      );

      CREATE TABLE planned_treatment_start (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        enrollment_id uuid NOT NULL,
        planned_at timestamptz NOT NULL,
        reason text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        recorded_by uuid NOT NULL,
        CONSTRAINT "PK_planned_treatment_start" PRIMARY KEY (id),
        CONSTRAINT "FK_planned_treatment_start_enrollment" FOREIGN KEY (enrollment_id) REFERENCES enrollment (id),
        CONSTRAINT "FK_planned_treatment_start_recorded_by" FOREIGN KEY (recorded_by) REFERENCES app_user (id)
      );
      CREATE INDEX "IDX_planned_treatment_start_enrollment" ON planned_treatment_start (enrollment_id, recorded_at);

      CREATE TABLE fhir_write_back (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        trial_id uuid NOT NULL,
        enrollment_id uuid NULL,
        resource_type varchar(40) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending',
        fhir_reference varchar(300) NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_fhir_write_back" PRIMARY KEY (id),
        CONSTRAINT "FK_fhir_write_back_trial" FOREIGN KEY (trial_id) REFERENCES trial (id),
        CONSTRAINT "FK_fhir_write_back_enrollment" FOREIGN KEY (enrollment_id) REFERENCES enrollment (id),
        CONSTRAINT "CHK_fhir_write_back_status" CHECK (status IN ('pending', 'done', 'failed'))
      );
      CREATE UNIQUE INDEX "UQ_fhir_write_back_study" ON fhir_write_back (trial_id) WHERE enrollment_id IS NULL;
      CREATE UNIQUE INDEX "UQ_fhir_write_back_subject" ON fhir_write_back (enrollment_id) WHERE enrollment_id IS NOT NULL;

      CREATE TABLE sync_job (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind varchar(40) NOT NULL,
        trial_id uuid NOT NULL,
        enrollment_id uuid NULL,
        status varchar(16) NOT NULL DEFAULT 'queued',
        attempts integer NOT NULL DEFAULT 0,
        error text NULL,
        result jsonb NULL,
        requested_by uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz NULL,
        finished_at timestamptz NULL,
        CONSTRAINT "PK_sync_job" PRIMARY KEY (id),
        CONSTRAINT "FK_sync_job_trial" FOREIGN KEY (trial_id) REFERENCES trial (id),
        CONSTRAINT "FK_sync_job_enrollment" FOREIGN KEY (enrollment_id) REFERENCES enrollment (id),
        CONSTRAINT "CHK_sync_job_status" CHECK (status IN ('queued', 'running', 'succeeded', 'failed'))
      );
      CREATE INDEX "IDX_sync_job_trial" ON sync_job (trial_id, created_at);
    `);
    for (const table of APPEND_ONLY) {
      await queryRunner.query(`
        CREATE TRIGGER "TRG_${table}_append_only" BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION prospect_refuse_mutation();
        CREATE TRIGGER "TRG_${table}_no_truncate" BEFORE TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION prospect_refuse_mutation();
      `);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE sync_job;
      DROP TABLE fhir_write_back;
      DROP TABLE planned_treatment_start;
      DROP TABLE baseline_link;
      DROP TABLE enrollment;
    `);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

const APPEND_ONLY = ['trial', 'trial_site', 'protocol_version', 'protocol_approval'];

/**
 * Trials, their sites, protocol versions and approvals (all append-only: an amendment is a new
 * version), and per-trial role assignments (revocable, audited).
 */
export class CreateTrialTables1795795320000 implements MigrationInterface {
  name = 'CreateTrialTables1795795320000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE trial (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code varchar(20) NOT NULL,
        title varchar(200) NOT NULL,
        indication varchar(32) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid NOT NULL,
        CONSTRAINT "PK_trial" PRIMARY KEY (id),
        CONSTRAINT "UQ_trial_code" UNIQUE (code),
        CONSTRAINT "FK_trial_created_by" FOREIGN KEY (created_by) REFERENCES app_user (id),
        CONSTRAINT "CHK_trial_code" CHECK (code ~ '^[A-Z][A-Z0-9-]{0,18}[A-Z0-9]$'),
        CONSTRAINT "CHK_trial_indication" CHECK (indication IN ('multiple-myeloma', 'breast-cancer', 'other'))
      );

      CREATE TABLE trial_site (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        trial_id uuid NOT NULL,
        code varchar(8) NOT NULL,
        name varchar(200) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid NOT NULL,
        CONSTRAINT "PK_trial_site" PRIMARY KEY (id),
        CONSTRAINT "UQ_trial_site_code" UNIQUE (trial_id, code),
        CONSTRAINT "FK_trial_site_trial" FOREIGN KEY (trial_id) REFERENCES trial (id),
        CONSTRAINT "FK_trial_site_created_by" FOREIGN KEY (created_by) REFERENCES app_user (id),
        CONSTRAINT "CHK_trial_site_code" CHECK (code ~ '^[A-Z0-9]{1,8}$')
      );

      CREATE TABLE protocol_version (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        trial_id uuid NOT NULL,
        version integer NOT NULL,
        content jsonb NOT NULL,
        content_sha256 char(64) NOT NULL,
        endpoint_type varchar(16) NOT NULL,
        decision_threshold double precision NOT NULL,
        planned_sample_size integer NOT NULL,
        amendment_reason text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid NOT NULL,
        CONSTRAINT "PK_protocol_version" PRIMARY KEY (id),
        CONSTRAINT "UQ_protocol_version_trial_version" UNIQUE (trial_id, version),
        CONSTRAINT "FK_protocol_version_trial" FOREIGN KEY (trial_id) REFERENCES trial (id),
        CONSTRAINT "FK_protocol_version_created_by" FOREIGN KEY (created_by) REFERENCES app_user (id),
        CONSTRAINT "CHK_protocol_version_version" CHECK (version >= 1),
        CONSTRAINT "CHK_protocol_version_reason" CHECK (version = 1 OR amendment_reason IS NOT NULL),
        CONSTRAINT "CHK_protocol_version_threshold" CHECK (decision_threshold > 0 AND decision_threshold < 1),
        CONSTRAINT "CHK_protocol_version_sample_size" CHECK (planned_sample_size >= 1)
      );

      CREATE TABLE protocol_approval (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        protocol_version_id uuid NOT NULL,
        signature_id uuid NOT NULL,
        approved_at timestamptz NOT NULL DEFAULT now(),
        approved_by uuid NOT NULL,
        CONSTRAINT "PK_protocol_approval" PRIMARY KEY (id),
        CONSTRAINT "UQ_protocol_approval_version" UNIQUE (protocol_version_id),
        CONSTRAINT "FK_protocol_approval_version" FOREIGN KEY (protocol_version_id) REFERENCES protocol_version (id),
        CONSTRAINT "FK_protocol_approval_signature" FOREIGN KEY (signature_id) REFERENCES e_signature (id),
        CONSTRAINT "FK_protocol_approval_approved_by" FOREIGN KEY (approved_by) REFERENCES app_user (id)
      );

      CREATE TABLE role_assignment (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        trial_id uuid NOT NULL,
        role varchar(32) NOT NULL,
        granted_at timestamptz NOT NULL DEFAULT now(),
        granted_by uuid NOT NULL,
        revoked_at timestamptz NULL,
        revoked_by uuid NULL,
        revoke_reason text NULL,
        CONSTRAINT "PK_role_assignment" PRIMARY KEY (id),
        CONSTRAINT "FK_role_assignment_user" FOREIGN KEY (user_id) REFERENCES app_user (id),
        CONSTRAINT "FK_role_assignment_trial" FOREIGN KEY (trial_id) REFERENCES trial (id),
        CONSTRAINT "FK_role_assignment_granted_by" FOREIGN KEY (granted_by) REFERENCES app_user (id),
        CONSTRAINT "FK_role_assignment_revoked_by" FOREIGN KEY (revoked_by) REFERENCES app_user (id),
        CONSTRAINT "CHK_role_assignment_role" CHECK (role IN ('coordinator', 'outcome-assessor', 'statistician', 'dmc', 'monitor', 'regulatory')),
        CONSTRAINT "CHK_role_assignment_revocation" CHECK ((revoked_at IS NULL) = (revoked_by IS NULL) AND (revoked_at IS NULL) = (revoke_reason IS NULL))
      );
      CREATE UNIQUE INDEX "UQ_role_assignment_active" ON role_assignment (user_id, trial_id, role) WHERE revoked_at IS NULL;
      CREATE INDEX "IDX_role_assignment_trial" ON role_assignment (trial_id);
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
      DROP TABLE role_assignment;
      DROP TABLE protocol_approval;
      DROP TABLE protocol_version;
      DROP TABLE trial_site;
      DROP TABLE trial;
    `);
  }
}

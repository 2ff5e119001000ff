import type { MigrationInterface, QueryRunner } from 'typeorm';

const APPEND_ONLY = [
  'ledger_key',
  'ledger_entry',
  'ledger_tree_head',
  'ledger_cosignature',
  'prediction_lock',
  'prediction_opening',
  'lock_deviation',
];

/**
 * Prediction locks and each trial's transparency log (RFC 9162 hashing; `@prospect/ledger`):
 * - ledger_key: the trial's Ed25519 public keys (private keys live in files, never here), each
 *   recorded by a key-rotation entry of the log;
 * - ledger_entry: the log itself, one row per leaf, holding the exact canonical JSON bytes that
 *   were hashed; a trial's leaves are numbered 0, 1, 2… without gaps (primary key);
 * - ledger_tree_head: signed tree heads (checkpoints); ledger_cosignature: witnesses' countersignatures;
 * - prediction_lock: one per enrollment, pointing at its log entry; prediction_opening: the
 *   prediction and salt that open the entry's commitment, kept apart for the blinding rules;
 * - lock_deviation: a lock later found to postdate the actual treatment start (kept, flagged);
 * - lock_write_back: the RiskAssessment and Provenance written to the FHIR server (retried; the
 *   only mutable table here, because it tracks delivery, not a regulated fact).
 */
export class CreateLedgerAndLockTables1795795500000 implements MigrationInterface {
  name = 'CreateLedgerAndLockTables1795795500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ledger_entry (
        trial_id uuid NOT NULL,
        leaf_index bigint NOT NULL,
        kind varchar(32) NOT NULL,
        entry_json text NOT NULL,
        leaf_hash char(64) NOT NULL,
        subject_id varchar(40) NULL,
        entry_time timestamptz NOT NULL,
        appended_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT "PK_ledger_entry" PRIMARY KEY (trial_id, leaf_index),
        CONSTRAINT "FK_ledger_entry_trial" FOREIGN KEY (trial_id) REFERENCES trial (id),
        CONSTRAINT "CHK_ledger_entry_index" CHECK (leaf_index >= 0),
        CONSTRAINT "CHK_ledger_entry_kind" CHECK (kind IN ('prediction-lock', 'key-rotation')),
        CONSTRAINT "CHK_ledger_entry_subject" CHECK ((kind = 'prediction-lock') = (subject_id IS NOT NULL)),
        CONSTRAINT "CHK_ledger_entry_leaf_hash" CHECK (leaf_hash ~ '^[0-9a-f]{64}$')
      );
      CREATE UNIQUE INDEX "UQ_ledger_entry_subject" ON ledger_entry (trial_id, subject_id) WHERE subject_id IS NOT NULL;

      CREATE TABLE ledger_key (
        key_id char(64) NOT NULL,
        trial_id uuid NOT NULL,
        public_key varchar(43) NOT NULL,
        leaf_index bigint NOT NULL,
        reason varchar(32) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_ledger_key" PRIMARY KEY (key_id),
        CONSTRAINT "UQ_ledger_key_entry" UNIQUE (trial_id, leaf_index),
        CONSTRAINT "FK_ledger_key_entry" FOREIGN KEY (trial_id, leaf_index) REFERENCES ledger_entry (trial_id, leaf_index)
      );

      CREATE TABLE ledger_tree_head (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        trial_id uuid NOT NULL,
        tree_size bigint NOT NULL,
        root_hash char(64) NOT NULL,
        signed_at varchar(24) NOT NULL,
        key_id char(64) NOT NULL,
        signature varchar(86) NOT NULL,
        reason varchar(32) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_ledger_tree_head" PRIMARY KEY (id),
        CONSTRAINT "UQ_ledger_tree_head" UNIQUE (trial_id, tree_size, signed_at),
        CONSTRAINT "FK_ledger_tree_head_trial" FOREIGN KEY (trial_id) REFERENCES trial (id),
        CONSTRAINT "FK_ledger_tree_head_key" FOREIGN KEY (key_id) REFERENCES ledger_key (key_id),
        CONSTRAINT "CHK_ledger_tree_head_size" CHECK (tree_size >= 1),
        CONSTRAINT "CHK_ledger_tree_head_reason" CHECK (reason IN ('trial-created', 'lock-batch', 'daily', 'key-rotation', 'on-request'))
      );
      CREATE INDEX "IDX_ledger_tree_head_latest" ON ledger_tree_head (trial_id, tree_size DESC, signed_at DESC);

      CREATE TABLE ledger_cosignature (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tree_head_id uuid NOT NULL,
        witness varchar(200) NOT NULL,
        witness_key_id char(64) NOT NULL,
        witness_public_key varchar(43) NOT NULL,
        signed_at varchar(24) NOT NULL,
        signature varchar(86) NOT NULL,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_ledger_cosignature" PRIMARY KEY (id),
        CONSTRAINT "UQ_ledger_cosignature" UNIQUE (tree_head_id, witness_key_id),
        CONSTRAINT "FK_ledger_cosignature_head" FOREIGN KEY (tree_head_id) REFERENCES ledger_tree_head (id),
        CONSTRAINT "FK_ledger_cosignature_recorded_by" FOREIGN KEY (recorded_by) REFERENCES app_user (id)
      );

      CREATE TABLE prediction_lock (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        trial_id uuid NOT NULL,
        enrollment_id uuid NOT NULL,
        prediction_id uuid NOT NULL,
        leaf_index bigint NOT NULL,
        locked_at timestamptz NOT NULL,
        treatment_start_known jsonb NOT NULL,
        baseline_link_version integer NOT NULL,
        job_id uuid NULL,
        requested_by uuid NULL,
        CONSTRAINT "PK_prediction_lock" PRIMARY KEY (id),
        CONSTRAINT "UQ_prediction_lock_enrollment" UNIQUE (enrollment_id),
        CONSTRAINT "UQ_prediction_lock_entry" UNIQUE (trial_id, leaf_index),
        CONSTRAINT "FK_prediction_lock_enrollment" FOREIGN KEY (enrollment_id) REFERENCES enrollment (id),
        CONSTRAINT "FK_prediction_lock_prediction" FOREIGN KEY (prediction_id) REFERENCES prediction (id),
        CONSTRAINT "FK_prediction_lock_entry" FOREIGN KEY (trial_id, leaf_index) REFERENCES ledger_entry (trial_id, leaf_index)
      );

      CREATE TABLE prediction_opening (
        lock_id uuid NOT NULL,
        opening_json text NOT NULL,
        CONSTRAINT "PK_prediction_opening" PRIMARY KEY (lock_id),
        CONSTRAINT "FK_prediction_opening_lock" FOREIGN KEY (lock_id) REFERENCES prediction_lock (id)
      );

      CREATE TABLE lock_deviation (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        lock_id uuid NOT NULL,
        kind varchar(48) NOT NULL,
        treatment_start jsonb NOT NULL,
        baseline_link_version integer NOT NULL,
        reason text NOT NULL,
        detected_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_lock_deviation" PRIMARY KEY (id),
        CONSTRAINT "UQ_lock_deviation_kind" UNIQUE (lock_id, kind),
        CONSTRAINT "FK_lock_deviation_lock" FOREIGN KEY (lock_id) REFERENCES prediction_lock (id),
        CONSTRAINT "CHK_lock_deviation_kind" CHECK (kind IN ('treatment-started-before-lock'))
      );

      CREATE TABLE lock_write_back (
        lock_id uuid NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending',
        risk_assessment_reference varchar(300) NULL,
        provenance_reference varchar(300) NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_lock_write_back" PRIMARY KEY (lock_id),
        CONSTRAINT "FK_lock_write_back_lock" FOREIGN KEY (lock_id) REFERENCES prediction_lock (id),
        CONSTRAINT "CHK_lock_write_back_status" CHECK (status IN ('pending', 'done', 'failed'))
      );
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
    await queryRunner.query(
      'DROP TABLE lock_write_back; DROP TABLE lock_deviation; DROP TABLE prediction_opening; DROP TABLE prediction_lock; DROP TABLE ledger_cosignature; DROP TABLE ledger_tree_head; DROP TABLE ledger_key; DROP TABLE ledger_entry;',
    );
  }
}

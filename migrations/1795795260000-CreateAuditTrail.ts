import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Part 11 audit trail and electronic signatures, and the guard that makes regulated tables
 * append-only in the database itself: UPDATE, DELETE and TRUNCATE are refused whoever asks.
 */
export class CreateAuditTrail1795795260000 implements MigrationInterface {
  name = 'CreateAuditTrail1795795260000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION prospect_refuse_mutation() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'append-only table %: % is not allowed; record a correction instead', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'P0001', HINT = 'prospect.append-only';
      END;
      $$;

      CREATE TABLE audit_event (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        sequence bigserial NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid NULL,
        actor_username varchar(64) NULL,
        action varchar(100) NOT NULL,
        entity_type varchar(64) NOT NULL,
        entity_id varchar(200) NULL,
        trial_id uuid NULL,
        before_value jsonb NULL,
        after_value jsonb NULL,
        reason text NULL,
        request_id varchar(100) NULL,
        CONSTRAINT "PK_audit_event" PRIMARY KEY (id),
        CONSTRAINT "UQ_audit_event_sequence" UNIQUE (sequence)
      );
      CREATE INDEX "IDX_audit_event_trial" ON audit_event (trial_id, sequence);
      CREATE INDEX "IDX_audit_event_entity" ON audit_event (entity_type, entity_id);
      CREATE INDEX "IDX_audit_event_actor" ON audit_event (actor_id, sequence);
      CREATE INDEX "IDX_audit_event_occurred_at" ON audit_event (occurred_at);

      CREATE TABLE e_signature (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        signer_id uuid NOT NULL,
        signer_username varchar(64) NOT NULL,
        printed_name varchar(200) NOT NULL,
        signed_at timestamptz NOT NULL DEFAULT now(),
        meaning varchar(32) NOT NULL,
        statement text NOT NULL,
        record_type varchar(64) NOT NULL,
        record_id varchar(200) NOT NULL,
        record_sha256 char(64) NOT NULL,
        trial_id uuid NULL,
        CONSTRAINT "PK_e_signature" PRIMARY KEY (id),
        CONSTRAINT "FK_e_signature_signer" FOREIGN KEY (signer_id) REFERENCES app_user (id),
        CONSTRAINT "CHK_e_signature_meaning" CHECK (meaning IN ('authorship', 'review', 'approval', 'responsibility')),
        CONSTRAINT "CHK_e_signature_sha256" CHECK (record_sha256 ~ '^[0-9a-f]{64}$')
      );
      CREATE INDEX "IDX_e_signature_record" ON e_signature (record_type, record_id);
      CREATE INDEX "IDX_e_signature_trial" ON e_signature (trial_id, signed_at);

      CREATE TRIGGER "TRG_audit_event_append_only" BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION prospect_refuse_mutation();
      CREATE TRIGGER "TRG_audit_event_no_truncate" BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION prospect_refuse_mutation();
      CREATE TRIGGER "TRG_e_signature_append_only" BEFORE UPDATE OR DELETE ON e_signature
        FOR EACH ROW EXECUTE FUNCTION prospect_refuse_mutation();
      CREATE TRIGGER "TRG_e_signature_no_truncate" BEFORE TRUNCATE ON e_signature
        FOR EACH STATEMENT EXECUTE FUNCTION prospect_refuse_mutation();
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE e_signature;
      DROP TABLE audit_event;
      DROP FUNCTION prospect_refuse_mutation();
    `);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

const APPEND_ONLY = ['stored_image', 'baseline_image', 'model', 'feature_extraction', 'prediction'];

/**
 * The path from a baseline image to a prediction, every step kept so that a prediction can be
 * traced to the exact image bytes, settings and model bytes it came from. All append-only:
 * - stored_image: a decoded image series or mask, named by the SHA-256 of its bytes (the bytes
 *   are in the blob store under the same names);
 * - baseline_image: which image and mask are an enrollment's baseline, with the acquisition
 *   check; a replacement is a new version with a reason;
 * - model: registered ONNX models, by SHA-256, with their model cards;
 * - feature_extraction: radiomics features of one baseline image under one settings hash;
 * - prediction: the model's output for one enrollment, image and model.
 */
export class CreateImagingAndPredictionTables1795795440000 implements MigrationInterface {
  name = 'CreateImagingAndPredictionTables1795795440000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stored_image (
        sha256 char(64) NOT NULL,
        format varchar(16) NOT NULL,
        files jsonb NOT NULL,
        file_count integer NOT NULL,
        byte_size bigint NOT NULL,
        grid jsonb NOT NULL,
        header jsonb NULL,
        stored_at timestamptz NOT NULL DEFAULT now(),
        stored_by uuid NOT NULL,
        CONSTRAINT "PK_stored_image" PRIMARY KEY (sha256),
        CONSTRAINT "FK_stored_image_stored_by" FOREIGN KEY (stored_by) REFERENCES app_user (id),
        CONSTRAINT "CHK_stored_image_format" CHECK (format IN ('dicom-series', 'nifti')),
        CONSTRAINT "CHK_stored_image_sha256" CHECK (sha256 ~ '^[0-9a-f]{64}$')
      );

      CREATE TABLE baseline_image (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        enrollment_id uuid NOT NULL,
        version integer NOT NULL,
        image_sha256 char(64) NOT NULL,
        mask_sha256 char(64) NOT NULL,
        study_check jsonb NOT NULL,
        acquisition_deviations jsonb NOT NULL,
        deviation_count integer NOT NULL,
        reason text NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        recorded_by uuid NOT NULL,
        CONSTRAINT "PK_baseline_image" PRIMARY KEY (id),
        CONSTRAINT "UQ_baseline_image_version" UNIQUE (enrollment_id, version),
        CONSTRAINT "FK_baseline_image_enrollment" FOREIGN KEY (enrollment_id) REFERENCES enrollment (id),
        CONSTRAINT "FK_baseline_image_image" FOREIGN KEY (image_sha256) REFERENCES stored_image (sha256),
        CONSTRAINT "FK_baseline_image_mask" FOREIGN KEY (mask_sha256) REFERENCES stored_image (sha256),
        CONSTRAINT "FK_baseline_image_recorded_by" FOREIGN KEY (recorded_by) REFERENCES app_user (id),
        CONSTRAINT "CHK_baseline_image_reason" CHECK (version = 1 OR (reason IS NOT NULL AND length(reason) > 0))
      );

      CREATE TABLE model (
        sha256 char(64) NOT NULL,
        name varchar(200) NOT NULL,
        version varchar(100) NOT NULL,
        card jsonb NOT NULL,
        signature jsonb NOT NULL,
        byte_size bigint NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now(),
        registered_by uuid NOT NULL,
        CONSTRAINT "PK_model" PRIMARY KEY (sha256),
        CONSTRAINT "UQ_model_name_version" UNIQUE (name, version),
        CONSTRAINT "FK_model_registered_by" FOREIGN KEY (registered_by) REFERENCES app_user (id),
        CONSTRAINT "CHK_model_sha256" CHECK (sha256 ~ '^[0-9a-f]{64}$')
      );

      CREATE TABLE feature_extraction (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        baseline_image_id uuid NOT NULL,
        settings jsonb NOT NULL,
        settings_sha256 char(64) NOT NULL,
        features jsonb NOT NULL,
        features_sha256 char(64) NOT NULL,
        software varchar(100) NOT NULL,
        duration_ms integer NOT NULL,
        extracted_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_feature_extraction" PRIMARY KEY (id),
        CONSTRAINT "UQ_feature_extraction_settings" UNIQUE (baseline_image_id, settings_sha256),
        CONSTRAINT "FK_feature_extraction_image" FOREIGN KEY (baseline_image_id) REFERENCES baseline_image (id)
      );

      CREATE TABLE prediction (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        enrollment_id uuid NOT NULL,
        baseline_image_id uuid NOT NULL,
        feature_extraction_id uuid NOT NULL,
        model_sha256 char(64) NOT NULL,
        protocol_version integer NOT NULL,
        inputs jsonb NOT NULL,
        inputs_sha256 char(64) NOT NULL,
        probability double precision NOT NULL,
        predicted_class smallint NOT NULL,
        threshold double precision NOT NULL,
        explanation jsonb NOT NULL,
        job_id uuid NULL,
        predicted_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_prediction" PRIMARY KEY (id),
        CONSTRAINT "UQ_prediction_inputs" UNIQUE (enrollment_id, baseline_image_id, model_sha256),
        CONSTRAINT "FK_prediction_enrollment" FOREIGN KEY (enrollment_id) REFERENCES enrollment (id),
        CONSTRAINT "FK_prediction_image" FOREIGN KEY (baseline_image_id) REFERENCES baseline_image (id),
        CONSTRAINT "FK_prediction_features" FOREIGN KEY (feature_extraction_id) REFERENCES feature_extraction (id),
        CONSTRAINT "FK_prediction_model" FOREIGN KEY (model_sha256) REFERENCES model (sha256),
        CONSTRAINT "CHK_prediction_probability" CHECK (probability >= 0 AND probability <= 1),
        CONSTRAINT "CHK_prediction_class" CHECK (predicted_class IN (0, 1)),
        CONSTRAINT "CHK_prediction_threshold" CHECK (threshold > 0 AND threshold < 1)
      );
      CREATE INDEX "IDX_prediction_enrollment" ON prediction (enrollment_id, predicted_at);
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
      'DROP TABLE prediction; DROP TABLE feature_extraction; DROP TABLE model; DROP TABLE baseline_image; DROP TABLE stored_image;',
    );
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts and their refresh sessions. Not append-only: every change to them is audited instead. */
export class CreateIdentityTables1795795200000 implements MigrationInterface {
  name = 'CreateIdentityTables1795795200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE app_user (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        username varchar(64) NOT NULL,
        display_name varchar(200) NOT NULL,
        password_hash text NOT NULL,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        must_change_password boolean NOT NULL DEFAULT true,
        is_active boolean NOT NULL DEFAULT true,
        is_admin boolean NOT NULL DEFAULT false,
        failed_login_count integer NOT NULL DEFAULT 0,
        locked_until timestamptz NULL,
        last_login_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_app_user" PRIMARY KEY (id),
        CONSTRAINT "CHK_app_user_username" CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
        CONSTRAINT "CHK_app_user_failed_login_count" CHECK (failed_login_count >= 0)
      );
      CREATE UNIQUE INDEX "UQ_app_user_username" ON app_user (username);

      CREATE TABLE user_session (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        refresh_token_sha256 char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz NULL,
        revoked_reason varchar(64) NULL,
        CONSTRAINT "PK_user_session" PRIMARY KEY (id),
        CONSTRAINT "FK_user_session_user" FOREIGN KEY (user_id) REFERENCES app_user (id)
      );
      CREATE UNIQUE INDEX "UQ_user_session_refresh_token" ON user_session (refresh_token_sha256);
      CREATE INDEX "IDX_user_session_user" ON user_session (user_id);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE user_session; DROP TABLE app_user;`);
  }
}

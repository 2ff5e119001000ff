import type { DataSource } from 'typeorm';
import { createTestDatabase, postgresUrlFromEnv, type TestDatabase } from '@prospect/testing';
import { createProspectDataSource, MIGRATIONS, REGULATED_TABLES } from './index';

// PGlite always; PostgreSQL too when DATABASE_URL is set (CI): the same migrations on both engines.
const engines: ('pglite' | 'postgresql')[] = postgresUrlFromEnv() ? ['pglite', 'postgresql'] : ['pglite'];

describe.each(engines)('migrations on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = await createProspectDataSource(database.database).initialize();
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('applies every migration to an empty database, then rolls all back and applies them again', async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.map((migration) => migration.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
    expect(await dataSource.showMigrations()).toBe(false);

    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const remaining: { table_name: string }[] = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> 'schema_migration'`,
    );
    expect(remaining).toEqual([]);

    await dataSource.runMigrations({ transaction: 'each' });
    const tables: { table_name: string }[] = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
    );
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['app_user', 'user_session', 'role_assignment', ...REGULATED_TABLES]),
    );
  });

  describe('append-only tables', () => {
    beforeAll(async () => {
      // One row in every regulated table, through plain SQL as any client could send it.
      await dataSource.query(`
        INSERT INTO app_user (id, username, display_name, password_hash)
          VALUES ('00000000-0000-4000-8000-000000000001', 'tester', 'Test User', 'x');
        INSERT INTO trial (id, code, title, indication, created_by)
          VALUES ('00000000-0000-4000-8000-000000000002', 'TR-1', 'Trial', 'other', '00000000-0000-4000-8000-000000000001');
        INSERT INTO trial_site (trial_id, code, name, created_by)
          VALUES ('00000000-0000-4000-8000-000000000002', 'S1', 'Site', '00000000-0000-4000-8000-000000000001');
        INSERT INTO protocol_version (id, trial_id, version, content, content_sha256, endpoint_type, decision_threshold, planned_sample_size, created_by)
          VALUES ('00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000002', 1, '{}', repeat('a', 64), 'mrd', 0.5, 10, '00000000-0000-4000-8000-000000000001');
        INSERT INTO e_signature (id, signer_id, signer_username, printed_name, meaning, statement, record_type, record_id, record_sha256)
          VALUES ('00000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000001', 'tester', 'Test User', 'approval', 'Approve', 'protocol-version', 'x', repeat('b', 64));
        INSERT INTO protocol_approval (protocol_version_id, signature_id, approved_by)
          VALUES ('00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000001');
        INSERT INTO audit_event (action, entity_type) VALUES ('test.event', 'test');
        INSERT INTO enrollment (id, trial_id, site_id, subject_id, subject_sequence, fhir_patient_reference, protocol_version, enrolled_by)
          SELECT '00000000-0000-4000-8000-000000000005', '00000000-0000-4000-8000-000000000002', id, 'TR-1-S1-0001', 1, 'Patient/p1', 1, '00000000-0000-4000-8000-000000000001' FROM trial_site;
        INSERT INTO baseline_link (enrollment_id, version, link, link_sha256, eligibility, blocking_issues, treatment_start_status)
          VALUES ('00000000-0000-4000-8000-000000000005', 1, '{}', repeat('c', 64), 'passed', 0, 'unknown');
        INSERT INTO planned_treatment_start (enrollment_id, planned_at, reason, recorded_by)
          VALUES ('00000000-0000-4000-8000-000000000005', now(), 'booked', '00000000-0000-4000-8000-000000000001');
        INSERT INTO stored_image (sha256, format, files, file_count, byte_size, grid, stored_by)
          VALUES (repeat('d', 64), 'nifti', '[]', 1, 10, '{}', '00000000-0000-4000-8000-000000000001');
        INSERT INTO baseline_image (id, enrollment_id, version, image_sha256, mask_sha256, study_check, acquisition_deviations, deviation_count, recorded_by)
          VALUES ('00000000-0000-4000-8000-000000000006', '00000000-0000-4000-8000-000000000005', 1, repeat('d', 64), repeat('d', 64), '{}', '[]', 0, '00000000-0000-4000-8000-000000000001');
        INSERT INTO model (sha256, name, version, card, signature, byte_size, registered_by)
          VALUES (repeat('e', 64), 'm', '1', '{}', '{}', 10, '00000000-0000-4000-8000-000000000001');
        INSERT INTO feature_extraction (id, baseline_image_id, settings, settings_sha256, features, features_sha256, software, duration_ms)
          VALUES ('00000000-0000-4000-8000-000000000007', '00000000-0000-4000-8000-000000000006', '{}', repeat('f', 64), '[]', repeat('f', 64), 'test', 1);
        INSERT INTO prediction (enrollment_id, baseline_image_id, feature_extraction_id, model_sha256, protocol_version, inputs, inputs_sha256, probability, predicted_class, threshold, explanation)
          VALUES ('00000000-0000-4000-8000-000000000005', '00000000-0000-4000-8000-000000000006', '00000000-0000-4000-8000-000000000007', repeat('e', 64), 1, '[]', repeat('0', 64), 0.4, 0, 0.5, '{}');
        INSERT INTO ledger_entry (trial_id, leaf_index, kind, entry_json, leaf_hash, entry_time)
          VALUES ('00000000-0000-4000-8000-000000000002', 0, 'key-rotation', '{}', repeat('1', 64), now());
        INSERT INTO ledger_key (key_id, trial_id, public_key, leaf_index, reason)
          VALUES (repeat('2', 64), '00000000-0000-4000-8000-000000000002', repeat('A', 43), 0, 'initial');
        INSERT INTO ledger_tree_head (id, trial_id, tree_size, root_hash, signed_at, key_id, signature, reason)
          VALUES ('00000000-0000-4000-8000-000000000008', '00000000-0000-4000-8000-000000000002', 1, repeat('3', 64), '2026-01-01T00:00:00.000Z', repeat('2', 64), repeat('A', 86), 'trial-created');
        INSERT INTO ledger_cosignature (tree_head_id, witness, witness_key_id, witness_public_key, signed_at, signature, recorded_by)
          VALUES ('00000000-0000-4000-8000-000000000008', 'dmc', repeat('4', 64), repeat('B', 43), '2026-01-01T00:00:00.000Z', repeat('B', 86), '00000000-0000-4000-8000-000000000001');
        INSERT INTO prediction_lock (id, trial_id, enrollment_id, prediction_id, leaf_index, locked_at, treatment_start_known, baseline_link_version)
          SELECT '00000000-0000-4000-8000-000000000009', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000005', id, 0, now(), '{}', 1 FROM prediction;
        INSERT INTO prediction_opening (lock_id, opening_json) VALUES ('00000000-0000-4000-8000-000000000009', '{}');
        INSERT INTO lock_deviation (lock_id, kind, treatment_start, baseline_link_version, reason)
          VALUES ('00000000-0000-4000-8000-000000000009', 'treatment-started-before-lock', '{}', 2, 'test');
        INSERT INTO outcome_result (trial_id, enrollment_id, source, outcome, assessed_at, evidence, fingerprint)
          VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000005', 'fhir', 1, now(), '{}', repeat('5', 64));
        INSERT INTO outcome_adjudication (trial_id, enrollment_id, outcome, assessed_at, reason, considered, adjudicated_by, signature_id)
          VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000005', 1, now(), 'test', '[]', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000004');
        INSERT INTO enrollment_withdrawal (trial_id, enrollment_id, withdrawn_on, reason, recorded_by)
          VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000005', '2026-01-01', 'test', '00000000-0000-4000-8000-000000000001');
        INSERT INTO sync_job (id, kind, trial_id) VALUES ('00000000-0000-4000-8000-00000000000a', 'analysis', '00000000-0000-4000-8000-000000000002');
        INSERT INTO analysis (id, trial_id, look_number, protocol_version, snapshot, snapshot_sha256, sync_job_id, requested_by)
          VALUES ('00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-000000000002', 1, 1, '{}', repeat('6', 64), '00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-000000000001');
        INSERT INTO analysis_result (analysis_id, result, result_sha256)
          VALUES ('00000000-0000-4000-8000-00000000000b', '{}', repeat('7', 64));
        INSERT INTO sync_job (id, kind, trial_id) VALUES ('00000000-0000-4000-8000-00000000000c', 'economic-evaluation', '00000000-0000-4000-8000-000000000002');
        INSERT INTO economic_evaluation (id, trial_id, evaluation_number, analysis_id, protocol_version, plan, plan_sha256, draws, seed, sync_job_id, requested_by)
          VALUES ('00000000-0000-4000-8000-00000000000d', '00000000-0000-4000-8000-000000000002', 1, '00000000-0000-4000-8000-00000000000b', 1, '{}', repeat('8', 64), 10, 's', '00000000-0000-4000-8000-00000000000c', '00000000-0000-4000-8000-000000000001');
        INSERT INTO economic_evaluation_result (evaluation_id, result, result_sha256)
          VALUES ('00000000-0000-4000-8000-00000000000d', '{}', repeat('9', 64));
        INSERT INTO cheers_entry (trial_id, item_number, status, text, recorded_by)
          VALUES ('00000000-0000-4000-8000-000000000002', 27, 'not-reported', 'test', '00000000-0000-4000-8000-000000000001');
        INSERT INTO sync_job (id, kind, trial_id) VALUES ('00000000-0000-4000-8000-00000000000e', 'submission-package', '00000000-0000-4000-8000-000000000002');
        INSERT INTO submission_package (id, trial_id, package_number, sync_job_id, requested_by)
          VALUES ('00000000-0000-4000-8000-00000000000f', '00000000-0000-4000-8000-000000000002', 1, '00000000-0000-4000-8000-00000000000e', '00000000-0000-4000-8000-000000000001');
        INSERT INTO submission_package_manifest (package_id, manifest, manifest_sha256)
          VALUES ('00000000-0000-4000-8000-00000000000f', '{}', repeat('a', 64));
      `);
    });

    it.each(REGULATED_TABLES)('%s refuses UPDATE, DELETE and TRUNCATE', async (table) => {
      const [{ count }] = (await dataSource.query(`SELECT count(*)::int AS count FROM ${table}`)) as [
        { count: number },
      ];
      expect(count).toBe(1);
      const setClause: Record<string, string> = {
        audit_event: `action = 'tampered'`,
        e_signature: `statement = 'tampered'`,
        protocol_approval: 'approved_at = now()',
        enrollment: `subject_id = 'tampered'`,
        baseline_link: `eligibility = 'failed'`,
        planned_treatment_start: 'planned_at = now()',
        stored_image: 'stored_at = now()',
        baseline_image: 'recorded_at = now()',
        model: 'registered_at = now()',
        feature_extraction: 'extracted_at = now()',
        prediction: 'probability = 0.9',
        ledger_entry: `entry_json = '{"tampered":true}'`,
        ledger_key: `reason = 'tampered'`,
        ledger_tree_head: `root_hash = repeat('9', 64)`,
        ledger_cosignature: `witness = 'tampered'`,
        prediction_lock: 'locked_at = now()',
        prediction_opening: `opening_json = '[]'`,
        lock_deviation: 'detected_at = now()',
        outcome_result: 'outcome = 0',
        outcome_adjudication: `reason = 'tampered'`,
        enrollment_withdrawal: `reason = 'tampered'`,
        analysis: `snapshot_sha256 = repeat('8', 64)`,
        analysis_result: `result = '[]'`,
        economic_evaluation: 'draws = 11',
        economic_evaluation_result: `result = '[]'`,
        cheers_entry: `text = 'tampered'`,
        submission_package: 'package_number = 2',
        submission_package_manifest: `manifest = '[]'`,
      };
      await expect(
        dataSource.query(`UPDATE ${table} SET ${setClause[table] ?? 'created_at = now()'}`),
      ).rejects.toThrow(`append-only table ${table}: UPDATE is not allowed`);
      await expect(dataSource.query(`DELETE FROM ${table}`)).rejects.toThrow(
        `append-only table ${table}: DELETE is not allowed`,
      );
      await expect(dataSource.query(`TRUNCATE ${table} CASCADE`)).rejects.toThrow(
        `append-only table ${table}: TRUNCATE is not allowed`,
      );
      const [{ count: after }] = (await dataSource.query(`SELECT count(*)::int AS count FROM ${table}`)) as [
        { count: number },
      ];
      expect(after).toBe(1);
    });

    it('lets accounts change (they are audited instead)', async () => {
      await dataSource.query(`UPDATE app_user SET display_name = 'Renamed' WHERE username = 'tester'`);
      const [row] = (await dataSource.query(
        `SELECT display_name FROM app_user WHERE username = 'tester'`,
      )) as [{ display_name: string }];
      expect(row.display_name).toBe('Renamed');
    });

    it('enforces the constraints the application relies on', async () => {
      await expect(
        dataSource.query(
          `INSERT INTO trial (code, title, indication, created_by) VALUES ('bad code', 'T', 'other', '00000000-0000-4000-8000-000000000001')`,
        ),
      ).rejects.toThrow(/CHK_trial_code/);
      await expect(
        dataSource.query(`INSERT INTO protocol_version (trial_id, version, content, content_sha256, endpoint_type, decision_threshold, planned_sample_size, created_by)
          VALUES ('00000000-0000-4000-8000-000000000002', 2, '{}', repeat('a', 64), 'mrd', 0.5, 10, '00000000-0000-4000-8000-000000000001')`),
      ).rejects.toThrow(/CHK_protocol_version_reason/);
      await expect(
        dataSource.query(`INSERT INTO role_assignment (user_id, trial_id, role, granted_by)
          VALUES ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', 'admin', '00000000-0000-4000-8000-000000000001')`),
      ).rejects.toThrow(/CHK_role_assignment_role/);
    });
  });
});

/**
 * Benchmark for "Prediction locks": sustained locks per second and p95 lock latency, one lock per
 * transaction and batched (LOCK_BATCH per transaction, as lock jobs write them), next to the same
 * database's rate of single-row INSERT + COMMIT measured in the same run. PostgreSQL when
 * DATABASE_URL is set, embedded PGlite otherwise. See bench/README.md.
 *
 *   npm run bench:locks -- [--locks 2000] [--raw 2000]
 *
 * Each lock runs the production write path (`LocksService.lockBatch`): database clock, log position,
 * commitment, canonical JSON entry and leaf hash, entry, lock, opening, write-back and audit rows.
 * What it skips is the job around it (feature extraction, inference, the FHIR re-read), which
 * `bench:radiomics`, `bench:inference` and `bench:link` measure. Exits 1 when a target is missed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { EnrollmentEntity } from '@prospect/enrollment';
import { BaselineImageEntity, FeatureExtractionEntity, PredictionEntity } from '@prospect/imaging-server';
import { LedgerKeyStore, LedgerService, LOCK_BATCH, LocksService, type LockCandidate } from '@prospect/locks';
import { createProspectDataSource } from '@prospect/migrations';
import { AuditService, type Actor } from '@prospect/platform';
import type { DataSource } from 'typeorm';
import { reportFigure } from './report';

/** Targets from the issue: single-lock transactions at half the raw commit rate, batched at least equal. */
const TARGETS = { singleVsRaw: 0.5, batchedVsRaw: 1 } as const;
const TRIAL_CODE = 'BENCH-LOCKS';
const ACTOR: Actor = { userId: null, username: 'bench', requestId: null };

interface Row {
  approach: string;
  operations: number;
  seconds: number;
  p95Ms: number;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { locks: { type: 'string', default: '2000' }, raw: { type: 'string', default: '2000' } },
  });
  const lockCount = Number(values.locks);
  const rawCount = Number(values.raw);
  if (!Number.isInteger(lockCount) || lockCount < 2 || !Number.isInteger(rawCount) || rawCount < 1) {
    console.error('--locks must be an integer of at least 2 and --raw a positive integer');
    return 2;
  }
  const databaseUrl = process.env['DATABASE_URL'];
  const engine = databaseUrl ? 'PostgreSQL' : 'PGlite (embedded)';
  console.log(`locks: ${lockCount} locks, ${rawCount} raw commits, ${engine}, Node ${process.version}`);

  const keyDir = mkdtempSync(path.join(tmpdir(), 'prospect-bench-keys-'));
  let database: { url: string; drop: () => Promise<void> } | null = null;
  if (databaseUrl) database = await createScratchDatabase(databaseUrl);
  const dataSource = await createProspectDataSource(
    database ? { kind: 'postgres', url: database.url } : { kind: 'embedded', dataDir: null },
  ).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const audit = new AuditService(dataSource);
    const ledger = new LedgerService(
      dataSource,
      audit,
      null as never,
      new LedgerKeyStore({ ledgerKeyDir: keyDir }),
    );
    // writeLock uses the ledger and the audit trail only; the job's collaborators are not needed here.
    const locks = new LocksService(
      dataSource,
      audit,
      null as never,
      null as never,
      null as never,
      ledger,
      null as never,
    );
    const trial = await seed(dataSource, ledger, lockCount);
    const candidates = await loadCandidates(dataSource, trial.trialId);

    const rows: Row[] = [];
    rows.push(await measureRaw(dataSource, rawCount));
    const half = Math.floor(candidates.length / 2);
    rows.push(
      await measureLocks(
        dataSource,
        ledger,
        locks,
        trial,
        candidates.slice(0, half),
        1,
        'lock, one per transaction',
      ),
    );
    rows.push(
      await measureLocks(
        dataSource,
        ledger,
        locks,
        trial,
        candidates.slice(half),
        LOCK_BATCH,
        `locks, ${LOCK_BATCH} per transaction`,
      ),
    );
    const [entries] = (await dataSource.query(
      `SELECT count(*)::int AS n FROM ledger_entry WHERE trial_id = $1 AND kind = 'prediction-lock'`,
      [trial.trialId],
    )) as { n: number }[];
    if (Number(entries?.n) !== candidates.length) {
      console.error(`wrong result: ${String(entries?.n)} lock entries for ${candidates.length} locks`);
      return 1;
    }
    return report(rows, engine);
  } finally {
    await dataSource.destroy();
    await database?.drop();
    rmSync(keyDir, { recursive: true, force: true });
  }
}

/** A trial with its log, and `count` enrollments each with one prediction, inserted in bulk. */
async function seed(dataSource: DataSource, ledger: LedgerService, count: number) {
  await dataSource.query(`
    INSERT INTO app_user (id, username, display_name, password_hash)
      VALUES ('00000000-0000-4000-8000-0000000000b1', 'bench', 'Bench', 'x');
    INSERT INTO trial (id, code, title, indication, created_by)
      VALUES ('00000000-0000-4000-8000-0000000000b2', '${TRIAL_CODE}', 'Lock benchmark', 'other', '00000000-0000-4000-8000-0000000000b1');
    INSERT INTO trial_site (trial_id, code, name, created_by)
      VALUES ('00000000-0000-4000-8000-0000000000b2', 'S1', 'Site', '00000000-0000-4000-8000-0000000000b1');
    INSERT INTO stored_image (sha256, format, files, file_count, byte_size, grid, stored_by)
      VALUES (repeat('d', 64), 'nifti', '[]', 1, 10, '{}', '00000000-0000-4000-8000-0000000000b1');
    INSERT INTO model (sha256, name, version, card, signature, byte_size, registered_by)
      VALUES (repeat('e', 64), 'bench', '1', '{}', '{}', 10, '00000000-0000-4000-8000-0000000000b1');
  `);
  await dataSource.query(
    `INSERT INTO enrollment (trial_id, site_id, subject_id, subject_sequence, fhir_patient_reference, protocol_version, enrolled_by)
       SELECT '00000000-0000-4000-8000-0000000000b2', s.id, '${TRIAL_CODE}-S1-' || lpad(i::text, 4, '0'), i,
              'Patient/p' || i, 1, '00000000-0000-4000-8000-0000000000b1'
         FROM generate_series(1, $1) AS i, trial_site s`,
    [count],
  );
  await dataSource.query(`
    INSERT INTO baseline_link (enrollment_id, version, link, link_sha256, eligibility, blocking_issues, treatment_start_status)
      SELECT id, 1, '{"treatmentStart":{"status":"unknown"}}', repeat('c', 64), 'passed', 0, 'unknown' FROM enrollment;
    INSERT INTO baseline_image (enrollment_id, version, image_sha256, mask_sha256, study_check, acquisition_deviations, deviation_count, recorded_by)
      SELECT id, 1, repeat('d', 64), repeat('d', 64), '{}', '[]', 0, '00000000-0000-4000-8000-0000000000b1' FROM enrollment;
    INSERT INTO feature_extraction (baseline_image_id, settings, settings_sha256, features, features_sha256, software, duration_ms)
      SELECT id, '{}', repeat('f', 64), '[]', repeat('f', 64), 'bench', 1 FROM baseline_image;
    INSERT INTO prediction (enrollment_id, baseline_image_id, feature_extraction_id, model_sha256, protocol_version, inputs, inputs_sha256, probability, predicted_class, threshold, explanation)
      SELECT b.enrollment_id, b.id, f.id, repeat('e', 64), 1, '[]', repeat('0', 64), random(), 0, 0.99,
             '{"method":"shapley","contributions":[0.1,-0.2,0.05]}'
        FROM baseline_image b JOIN feature_extraction f ON f.baseline_image_id = b.id;
  `);
  const trial = { trialId: '00000000-0000-4000-8000-0000000000b2', trialCode: TRIAL_CODE };
  await dataSource.transaction((manager) => ledger.initialize(manager, ACTOR, trial));
  return trial;
}

async function loadCandidates(dataSource: DataSource, trialId: string): Promise<LockCandidate[]> {
  const enrollments = await dataSource
    .getRepository(EnrollmentEntity)
    .find({ where: { trialId }, order: { subjectSequence: 'ASC' } });
  const predictions = new Map(
    (await dataSource.getRepository(PredictionEntity).find()).map((row) => [row.enrollmentId, row]),
  );
  const images = new Map(
    (await dataSource.getRepository(BaselineImageEntity).find()).map((row) => [row.enrollmentId, row]),
  );
  const extractions = new Map(
    (await dataSource.getRepository(FeatureExtractionEntity).find()).map((row) => [row.baselineImageId, row]),
  );
  return enrollments.map((enrollment) => {
    const image = images.get(enrollment.id) as BaselineImageEntity;
    return {
      enrollment,
      image,
      prediction: predictions.get(enrollment.id) as PredictionEntity,
      extraction: extractions.get(image.id) as FeatureExtractionEntity,
    };
  });
}

/** The reference: one small row per transaction, through the same driver and transaction wrapper. */
async function measureRaw(dataSource: DataSource, count: number): Promise<Row> {
  await dataSource.query('CREATE TABLE bench_raw_commit (id bigserial PRIMARY KEY, payload text NOT NULL)');
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const begin = performance.now();
    await dataSource.transaction((manager) =>
      manager.query('INSERT INTO bench_raw_commit (payload) VALUES ($1)', [`row ${i}`]),
    );
    latencies.push(performance.now() - begin);
  }
  return {
    approach: 'raw single-row INSERT + COMMIT',
    operations: count,
    seconds: (performance.now() - started) / 1000,
    p95Ms: p95(latencies),
  };
}

async function measureLocks(
  dataSource: DataSource,
  ledger: LedgerService,
  locks: LocksService,
  trial: { trialId: string; trialCode: string },
  candidates: readonly LockCandidate[],
  batch: number,
  approach: string,
): Promise<Row> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let start = 0; start < candidates.length; start += batch) {
    const chunk = candidates.slice(start, start + batch);
    const begin = performance.now();
    const outcomes = await locks.lockBatch(trial, chunk, 1, null, ACTOR);
    const failed = outcomes.find((outcome) => outcome.status !== 'locked');
    if (failed) throw new Error(`${failed.subjectId}: ${failed.status}`);
    // Latency of one lock: its transaction's time, shared evenly by the locks it carried.
    const each = (performance.now() - begin) / chunk.length;
    for (let i = 0; i < chunk.length; i++) latencies.push(each);
  }
  return {
    approach,
    operations: candidates.length,
    seconds: (performance.now() - started) / 1000,
    p95Ms: p95(latencies),
  };
}

function report(rows: readonly Row[], engine: string): number {
  const raw = rows[0] as Row;
  const rate = (row: Row) => row.operations / row.seconds;
  const header = ['approach', 'n', 's', 'per second', '× raw', 'p95 ms'];
  const body = rows.map((row) => [
    row.approach,
    String(row.operations),
    row.seconds.toFixed(2),
    rate(row).toFixed(0),
    (rate(row) / rate(raw)).toFixed(2),
    row.p95Ms.toFixed(2),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join(' | ');
  console.log('');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const cells of body) console.log(line(cells));
  console.log('');
  const single = rows[1] as Row;
  const batched = rows[2] as Row;
  const checks = [
    {
      name: `one lock per transaction ≥ ${TARGETS.singleVsRaw}× raw`,
      value: rate(single) / rate(raw),
      target: TARGETS.singleVsRaw,
    },
    {
      name: `batched locks ≥ ${TARGETS.batchedVsRaw}× raw`,
      value: rate(batched) / rate(raw),
      target: TARGETS.batchedVsRaw,
    },
  ];
  for (const check of checks) {
    console.log(
      `${check.value >= check.target ? 'PASS' : 'MISS'}  ${check.name}: ${check.value.toFixed(2)}×`,
    );
  }
  const reference = {
    name: `raw single-row INSERT + COMMIT, same driver (${engine})`,
    value: rate(raw),
    unit: 'commits/s',
  };
  for (const [index, row] of [single, batched].entries()) {
    const check = checks[index] as (typeof checks)[number];
    reportFigure({
      bench: 'locks',
      figure: `${row.approach}, locks/s (p95 ${row.p95Ms.toFixed(2)} ms)`,
      value: rate(row),
      unit: 'locks/s',
      reference,
      target: `ratio ≥ ${check.target}`,
      pass: check.value >= check.target,
    });
  }
  return checks.every((check) => check.value >= check.target) ? 0 : 1;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0;
}

/** A throw-away database next to DATABASE_URL's, so the benchmark never touches real data. */
async function createScratchDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const { Client } = await import('pg');
  const name = `prospect_bench_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name}`);
      await client.end();
    },
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

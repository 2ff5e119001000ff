import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  csv,
  datasetJson,
  type Dataset,
  defineForTrial,
  defineXml,
  type ExportSex,
  type ExportSubject,
  reviewersGuide,
  tabulateTrial,
  type TrialExport,
  writeXpt,
} from '@prospect/cdisc';
import type { ProtocolContent } from '@prospect/domain';
import {
  consortFlow,
  perProtocolExclusions,
  type AnalysisResult,
  type AnalysisSnapshot,
  type ConsortFlow,
} from '@prospect/analysis';
import type { EconomicEvaluationResult } from '@prospect/economics';
import {
  REPORT_SECTION_IDS,
  submissionReport,
  type ReportLook,
  type ReportSectionId,
} from '@prospect/report';
import type { TrialRef } from '@prospect/enrollment';
import { LedgerExportService } from '@prospect/locks';
import { APP_CONFIG, AuditService, type AppConfig } from '@prospect/platform';
import { TrialsService } from '@prospect/trials';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DataSource } from 'typeorm';
import { ANALYSIS_RECORD_TYPE } from './analyses.service';
import { EconomicsService } from './economics.service';
import { flowRecordOf } from './outcomes.service';
import { reportingFacts } from './report-facts';
import { loadEnrollmentStates, requireProtocolInForce } from './trial-state';

/** One file of a submission package, as the manifest lists it. */
export interface PackageFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface PackageManifest {
  format: 'prospect.submission-package/1';
  trialCode: string;
  protocolVersion: number;
  /** Database clock when the build started (UTC). */
  builtAt: string;
  files: PackageFile[];
}

interface LockRow {
  enrollment_id: string;
  leaf_index: string | number;
  locked_at: Date;
  probability: number;
  predicted_class: number;
  inputs_sha256: string;
  model_sha256: string;
  image_sha256: string;
  entry_json: string;
  deviation_kind: string | null;
  deviation_reason: string | null;
}

export interface TrialExportWithFlow {
  readonly export: TrialExport;
  readonly protocol: ProtocolContent;
  readonly version: number;
  readonly flow: ConsortFlow;
}

/** A computed look as the package reads it: its frozen snapshot, result and their hashes. */
interface StoredLook {
  readonly id: string;
  readonly look_number: number;
  readonly snapshot: AnalysisSnapshot;
  readonly snapshot_sha256: string;
  readonly result: AnalysisResult;
  readonly result_sha256: string;
}

interface StoredEvaluation {
  readonly evaluation_number: number;
  readonly plan_sha256: string;
  readonly look_number: number;
  readonly result: unknown;
  readonly result_sha256: string;
}

/**
 * The regulatory submission package: the trial's SDTM and ADaM datasets (SAS XPORT v5,
 * Dataset-JSON v1.1, CSV), define.xml, the reviewer's guide, the audit trail, the ledger export with
 * the predictions' openings (verifiable with `prospect verify`), every computed analysis and
 * economic evaluation, the report (HTML and PDF: flow, ROC, calibration, decision curve, forest
 * plots, boundaries, CE plane, CEAC, checklists), and `manifest.json` with the SHA-256 of every
 * file. No direct
 * identifiers: subjects appear by their pseudonymous subject ids, sites by code.
 */
@Injectable()
export class SubmissionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trials: TrialsService,
    private readonly ledgerExport: LedgerExportService,
    private readonly audit: AuditService,
    private readonly economics: EconomicsService,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'lockWriteBack'>,
  ) {}

  /**
   * The trial as the CDISC mapping reads it, unblinded (locked probabilities included), with the
   * flow of the same enrollment states.
   */
  async trialExport(trial: TrialRef): Promise<TrialExportWithFlow> {
    const protocol = await requireProtocolInForce(this.trials, trial);
    const content = protocol.content;
    const view = await this.trials.get(trial.trialId);
    const { states } = await loadEnrollmentStates(this.dataSource.manager, trial.trialId, content);
    const locks = (await this.dataSource.query(
      `SELECT pl.enrollment_id, pl.leaf_index, pl.locked_at, p.probability, p.predicted_class, p.inputs_sha256,
              p.model_sha256, bi.image_sha256, le.entry_json, d.kind AS deviation_kind, d.reason AS deviation_reason
         FROM prediction_lock pl
         JOIN prediction p ON p.id = pl.prediction_id
         JOIN baseline_image bi ON bi.id = p.baseline_image_id
         JOIN ledger_entry le ON le.trial_id = pl.trial_id AND le.leaf_index = pl.leaf_index
         LEFT JOIN lock_deviation d ON d.lock_id = pl.id
        WHERE pl.trial_id = $1`,
      [trial.trialId],
    )) as LockRow[];
    const lockBy = new Map(locks.map((row) => [row.enrollment_id, row]));
    const links = (await this.dataSource.query(
      `SELECT DISTINCT ON (enrollment_id) enrollment_id, link #> '{treatmentStart,source}' AS source
         FROM baseline_link WHERE enrollment_id IN (SELECT id FROM enrollment WHERE trial_id = $1)
        ORDER BY enrollment_id, version DESC`,
      [trial.trialId],
    )) as { enrollment_id: string; source: { resourceType: string; id: string } | null }[];
    const sourceBy = new Map(links.map((row) => [row.enrollment_id, row.source]));
    const ageCovariate = content.covariates.find((covariate) => covariate.source === 'patient-age')?.name;
    const sexCovariate = content.covariates.find((covariate) => covariate.source === 'patient-sex')?.name;
    const medication = content.treatmentStart.medicationCodes?.[0];
    const procedure = content.treatmentStart.procedureCodes?.[0];
    const subjects = states.map((state): ExportSubject => {
      const lock = lockBy.get(state.enrollmentId);
      const source = sourceBy.get(state.enrollmentId);
      const hasOutcome = state.current.status === 'observed' || state.current.status === 'adjudicated';
      const viaProcedure = source?.resourceType === 'Procedure';
      const treatment = viaProcedure ? procedure : medication;
      const age = ageCovariate ? Number(state.covariates[ageCovariate]) : Number.NaN;
      const sex = sexCovariate ? state.covariates[sexCovariate] : null;
      const deviation = lock?.deviation_kind
        ? { kind: lock.deviation_kind, reason: lock.deviation_reason ?? '' }
        : state.lock?.imagingOutsideWindow
          ? {
              kind: 'imaging-outside-window',
              reason:
                'The baseline study falls outside the protocol window before the actual treatment start',
            }
          : null;
      // The analyses' rule: a locked subject with an outcome and no per-protocol exclusion.
      const perProtocol =
        state.lock !== null &&
        hasOutcome &&
        perProtocolExclusions({
          lockDeviation: state.lock.deviation,
          imagingOutsideWindow: state.lock.imagingOutsideWindow,
          withdrawn: false,
          outcomeInWindow: state.current.inWindow,
        }).length === 0;
      return {
        subjectId: state.subjectId,
        site: state.site,
        sex: (['male', 'female', 'other', 'unknown'].includes(sex ?? '') ? sex : null) as ExportSex,
        ageYears: Number.isFinite(age) ? age : null,
        enrolledAt: state.enrolledAt,
        withdrawal: state.withdrawal
          ? { date: state.withdrawal.withdrawnOn, reason: state.withdrawal.reason }
          : null,
        treatmentStart:
          state.treatmentStart && treatment
            ? {
                at: state.treatmentStart.at,
                source: viaProcedure ? 'Procedure' : 'MedicationAdministration',
                code: treatment.code,
                display: treatment.display ?? treatment.code,
              }
            : null,
        lock: lock
          ? {
              leafIndex: Number(lock.leaf_index),
              lockedAt: lock.locked_at.toISOString(),
              probability: lock.probability,
              predictedClass: Number(lock.predicted_class) as 0 | 1,
              inputsSha256: lock.inputs_sha256,
              imageSha256: lock.image_sha256,
              modelSha256: lock.model_sha256,
              commitmentDigest: commitmentOf(lock.entry_json),
            }
          : null,
        deviation,
        imagingOutsideWindow: state.lock?.imagingOutsideWindow ?? false,
        outcome:
          state.current.status === 'pending'
            ? null
            : {
                status: state.current.status,
                value: state.current.outcome,
                assessedAt: state.current.assessedAt,
                studyDay: null,
                inWindow: state.current.inWindow,
                source:
                  state.current.status === 'adjudicated'
                    ? 'adjudication'
                    : (state.results.find((result) => state.current.basedOn.includes(result.id))?.source ??
                      'fhir'),
                detail: state.current.explanation,
              },
        perProtocol,
        covariates: Object.fromEntries(
          Object.entries(state.covariates).filter(([name]) => name !== ageCovariate && name !== sexCovariate),
        ),
      };
    });
    const model = content.model;
    return {
      protocol: content,
      version: protocol.version,
      flow: consortFlow(states.map(flowRecordOf)),
      export: {
        studyId: trial.trialCode,
        trialCode: trial.trialCode,
        trialTitle: view.title,
        indication: view.indication,
        sites: view.sites.map((site) => ({ code: site.code, name: site.name })),
        protocol: {
          version: String(protocol.version),
          decisionThreshold: content.decisionThreshold,
          endpoint: {
            type: content.primaryEndpoint.type,
            positiveClass: content.primaryEndpoint.positiveClass,
            assessmentWindowDays: content.primaryEndpoint.assessmentWindowDays.end,
          },
          modelSha256: model?.sha256 ?? '',
          modelName: model?.name ?? '',
          modelVersion: model?.version ?? '',
        },
        subjects,
      },
    };
  }

  /**
   * Writes the package into `directory` (created if missing) and returns its manifest, which is
   * also written as `manifest.json`. `progress` hears each step.
   */
  async build(
    trial: TrialRef,
    directory: string,
    progress: (step: string, done: number, total: number) => void = () => undefined,
  ): Promise<PackageManifest> {
    const [{ now }] = (await this.dataSource.query('SELECT clock_timestamp() AS now')) as [{ now: Date }];
    const exported = await this.trialExport(trial);
    const { export: trialExport, version } = exported;
    const datasets = tabulateTrial(trialExport);
    const files: PackageFile[] = [];
    const write = (path: string, content: string | Uint8Array) => {
      const target = join(directory, path);
      mkdirSync(dirname(target), { recursive: true });
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
      writeFileSync(target, bytes);
      files.push({ path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    };
    const all: [string, Dataset][] = [
      ...datasets.sdtm.map((dataset) => ['sdtm', dataset] as [string, Dataset]),
      ...datasets.adam.map((dataset) => ['adam', dataset] as [string, Dataset]),
    ];
    const total = all.length + 6;
    let done = 0;
    const created = now.toISOString().slice(0, 19);
    for (const [folder, dataset] of all) {
      const base = `datasets/${folder}/${dataset.name.toLowerCase()}`;
      write(`${base}.xpt`, writeXpt(dataset, { created: now }));
      write(
        `${base}.json`,
        `${JSON.stringify(
          datasetJson(dataset, {
            creationDateTime: created,
            fileOID: `${trialExport.studyId}.${dataset.name}`,
            originator: 'Prospect',
            sourceSystem: { name: 'Prospect', version: '1' },
            studyOID: trialExport.studyId,
            metaDataVersionOID: `MDV.${trialExport.studyId}.${trialExport.protocol.version}`,
            itemGroupOID: `IG.${dataset.name}`,
          }),
          null,
          2,
        )}\n`,
      );
      write(`${base}.csv`, csv(dataset));
      progress(`dataset ${dataset.name}`, ++done, total);
    }
    write(
      'datasets/define.xml',
      defineXml(defineForTrial(trialExport, datasets, { creationDateTime: created })),
    );
    write('datasets/reviewers-guide.md', reviewersGuide(trialExport));
    progress('define.xml and reviewer’s guide', ++done, total);
    write('ledger/ledger.jsonl', await this.ledgerExport.exportJsonLines(trial, true));
    progress('ledger export', ++done, total);
    write('audit/audit-trail.json', await this.audit.export({ trialId: trial.trialId }, 'json'));
    progress('audit trail', ++done, total);
    const analyses = (await this.dataSource.query(
      `SELECT a.id, a.look_number, a.snapshot, a.snapshot_sha256, r.result, r.result_sha256
         FROM analysis a JOIN analysis_result r ON r.analysis_id = a.id
        WHERE a.trial_id = $1 ORDER BY a.look_number`,
      [trial.trialId],
    )) as StoredLook[];
    for (const analysis of analyses) {
      write(
        `results/analysis-look-${analysis.look_number}.json`,
        `${JSON.stringify({ snapshotSha256: analysis.snapshot_sha256, resultSha256: analysis.result_sha256, result: analysis.result }, null, 2)}\n`,
      );
    }
    const evaluations = (await this.dataSource.query(
      `SELECT e.evaluation_number, e.plan_sha256, a.look_number, r.result, r.result_sha256
         FROM economic_evaluation e JOIN economic_evaluation_result r ON r.evaluation_id = e.id
         JOIN analysis a ON a.id = e.analysis_id
        WHERE e.trial_id = $1 ORDER BY e.evaluation_number`,
      [trial.trialId],
    )) as StoredEvaluation[];
    for (const evaluation of evaluations) {
      write(
        `results/economic-evaluation-${evaluation.evaluation_number}.json`,
        `${JSON.stringify({ planSha256: evaluation.plan_sha256, resultSha256: evaluation.result_sha256, result: evaluation.result }, null, 2)}\n`,
      );
    }
    progress('results', ++done, total);
    const report = await this.report(trial, exported, now, datasets, analyses, evaluations);
    write('report/report.html', report.html);
    write('report/report.pdf', report.pdf);
    progress('report (HTML and PDF)', ++done, total);
    const manifest: PackageManifest = {
      format: 'prospect.submission-package/1',
      trialCode: trial.trialCode,
      protocolVersion: version,
      builtAt: now.toISOString(),
      files: [...files].sort((a, b) => (a.path < b.path ? -1 : 1)),
    };
    writeFileSync(join(directory, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    progress('manifest', ++done, total);
    return manifest;
  }

  /** The report: every figure and checklist from the stored results and their frozen snapshots. */
  private async report(
    trial: TrialRef,
    { export: trialExport, protocol, version: protocolVersion, flow }: TrialExportWithFlow,
    now: Date,
    datasets: { sdtm: readonly Dataset[]; adam: readonly Dataset[] },
    looks: readonly StoredLook[],
    evaluations: readonly StoredEvaluation[],
  ) {
    const signatures = (await this.dataSource.query(
      `SELECT record_id, signer_username, meaning FROM e_signature
        WHERE trial_id = $1 AND record_type = $2 ORDER BY signed_at`,
      [trial.trialId, ANALYSIS_RECORD_TYPE],
    )) as { record_id: string; signer_username: string; meaning: string }[];
    const reportLooks: ReportLook[] = looks.map((look) => ({
      lookNumber: look.look_number,
      snapshotSha256: look.snapshot_sha256,
      resultSha256: look.result_sha256,
      signatures: signatures
        .filter((signature) => signature.record_id === look.id)
        .map((signature) => `${signature.signer_username} (${signature.meaning})`),
      result: look.result,
    }));
    const latest = looks.at(-1);
    const perProtocol = latest
      ? latest.snapshot.subjects.filter(
          (subject) => subject.outcome !== null && subject.exclusions.length === 0,
        )
      : [];
    const lastEvaluation = evaluations.at(-1);
    const [ledger] = (await this.dataSource.query(
      `SELECT (SELECT count(*) FROM ledger_entry WHERE trial_id = $1)::int AS entries,
              (SELECT count(*) FROM ledger_cosignature c JOIN ledger_tree_head h ON h.id = c.tree_head_id
                WHERE h.trial_id = $1)::int AS cosignatures,
              (SELECT count(DISTINCT c.witness_key_id) FROM ledger_cosignature c
                 JOIN ledger_tree_head h ON h.id = c.tree_head_id WHERE h.trial_id = $1)::int AS witnesses`,
      [trial.trialId],
    )) as [{ entries: number; cosignatures: number; witnesses: number }];
    const [head] = (await this.dataSource.query(
      `SELECT tree_size, root_hash FROM ledger_tree_head WHERE trial_id = $1
        ORDER BY tree_size DESC, signed_at DESC LIMIT 1`,
      [trial.trialId],
    )) as { tree_size: string; root_hash: string }[];
    const keys = (await this.dataSource.query(
      'SELECT key_id FROM ledger_key WHERE trial_id = $1 ORDER BY leaf_index',
      [trial.trialId],
    )) as { key_id: string }[];
    const model = protocol.model
      ? ((await this.dataSource.query('SELECT card FROM model WHERE sha256 = $1', [
          protocol.model.sha256,
        ])) as {
          card: Record<string, unknown>;
        }[])
      : [];
    const sections: ReportSectionId[] = REPORT_SECTION_IDS.filter((section) => {
      if (section === 'flow') return true;
      if (section === 'economics') return lastEvaluation !== undefined;
      if (section === 'input-shift') return false;
      return latest !== undefined;
    });
    const enrolled = trialExport.subjects.map((subject) => subject.enrolledAt).sort();
    return submissionReport({
      createdAt: now,
      facts: reportingFacts({
        trial: {
          code: trialExport.trialCode,
          title: trialExport.trialTitle,
          indication: trialExport.indication,
          sites: trialExport.sites,
        },
        protocol,
        protocolVersion,
        card: model[0]?.card ?? null,
        flow,
        enrolledBetween: { first: enrolled[0] ?? null, last: enrolled.at(-1) ?? null },
        reportSections: sections,
        economicsPresent: lastEvaluation !== undefined,
        witnesses: ledger.witnesses,
        lockWriteBack: this.config.lockWriteBack,
        datasets: [...datasets.sdtm, ...datasets.adam].map((dataset) => dataset.name),
      }),
      flow,
      looks: reportLooks,
      latestSample: latest
        ? {
            scores: perProtocol.map((subject) => subject.probability),
            outcomes: perProtocol.map((subject) => subject.outcome as 0 | 1),
          }
        : null,
      evaluation: lastEvaluation
        ? {
            evaluationNumber: lastEvaluation.evaluation_number,
            lookNumber: lastEvaluation.look_number,
            resultSha256: lastEvaluation.result_sha256,
            result: lastEvaluation.result as EconomicEvaluationResult,
            cheers: await this.economics.cheers(trial, lastEvaluation.evaluation_number),
          }
        : null,
      ledger: {
        entries: ledger.entries,
        treeSize: head ? Number(head.tree_size) : null,
        rootHash: head?.root_hash ?? null,
        keyIds: keys.map((key) => key.key_id),
        cosignatures: ledger.cosignatures,
      },
    });
  }
}

function commitmentOf(entryJson: string): string {
  try {
    const entry = JSON.parse(entryJson) as { predictionCommitment?: { digest?: string } };
    return entry.predictionCommitment?.digest ?? '';
  } catch {
    return '';
  }
}

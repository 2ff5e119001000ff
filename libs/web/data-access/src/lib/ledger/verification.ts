import type { LedgerVerification, VerificationFailure } from './ledger.models';

export type CheckStatus = 'pass' | 'fail' | 'not-checked';

/** One line of the verification checklist: what was checked, the outcome, and its failures. */
export interface VerificationCheck {
  readonly id: string;
  readonly label: string;
  readonly status: CheckStatus;
  /** What was covered (counts from the report), in words. */
  readonly evidence: string;
  readonly failures: readonly VerificationFailure[];
}

interface CheckDefinition {
  readonly id: string;
  readonly label: string;
  readonly checks: readonly string[];
  readonly evidence: (report: LedgerVerification) => string;
  /** Not checked (rather than passed) when the report covers nothing of it. */
  readonly notChecked?: (report: LedgerVerification) => string | null;
}

const plural = (count: number, one: string, many = `${one}s`): string =>
  `${count} ${count === 1 ? one : many}`;

/** The verifier's check ids (libs/core/ledger, the API's database checks) grouped for people. */
const CHECKS: readonly CheckDefinition[] = [
  {
    id: 'format',
    label: 'The log export is complete and well formed',
    checks: [
      'empty-file',
      'truncated',
      'json-syntax',
      'line-schema',
      'unknown-line-type',
      'entry-schema',
      'duplicate-header',
      'line-order',
      'missing-header',
      'non-canonical-entry',
      'receipt-schema',
      'trial-code',
    ],
    evidence: (report) => `${plural(report.summary.entries, 'entry', 'entries')} read`,
  },
  {
    id: 'entries',
    label: 'Entries are contiguous, unique and in time order',
    checks: [
      'missing-entry',
      'duplicate-entry',
      'entry-order',
      'entry-after-tree-head',
      'duplicate-subject',
      'lock-time-order',
      'unsigned-entries',
    ],
    evidence: (report) => `${plural(report.summary.predictionLocks, 'prediction lock')}`,
  },
  {
    id: 'keys',
    label: 'Signing keys chain back to the trust anchor',
    checks: ['initial-key', 'key-rotation-signature', 'public-keys', 'untrusted-key', 'tree-head-key'],
    evidence: (report) =>
      `${plural(report.summary.keyRotations, 'key entry', 'key entries')}; trust anchor ${
        report.summary.initialKeyId ? report.summary.initialKeyId.slice(0, 12) + '…' : 'not found'
      }`,
  },
  {
    id: 'tree-heads',
    label: 'Signed tree heads verify and match the entries',
    checks: [
      'tree-head-signature',
      'tree-size',
      'tree-head-order',
      'root-mismatch',
      'root-unverifiable',
      'missing-tree-head',
      'split-view',
    ],
    evidence: (report) =>
      `${plural(report.summary.treeHeads, 'signed head')}${
        report.summary.latestTreeSize !== null ? `, latest covers ${report.summary.latestTreeSize}` : ''
      }`,
  },
  {
    id: 'consistency',
    label: 'Consistency proofs show the log only grew (append-only)',
    checks: ['consistency-proof', 'missing-proof'],
    evidence: (report) => plural(report.summary.consistencyProofs, 'consistency proof'),
  },
  {
    id: 'inclusion',
    label: 'Inclusion proofs place every entry under a signed head',
    checks: ['inclusion-proof', 'receipt-beyond-log'],
    evidence: (report) => plural(report.summary.inclusionProofs, 'inclusion proof'),
  },
  {
    id: 'cosignatures',
    label: 'Witness cosignatures verify',
    checks: ['cosignature', 'cosignature-head'],
    evidence: (report) =>
      report.summary.cosignatures === 0
        ? 'no cosignatures yet'
        : plural(report.summary.cosignatures, 'cosignature'),
  },
  {
    id: 'commitments',
    label: 'Prediction commitments open to the locked predictions',
    checks: ['opening-mismatch', 'opening-class', 'opening-entry', 'duplicate-opening', 'openings-revealed'],
    evidence: (report) =>
      `${report.summary.openingsVerified} of ${plural(report.summary.openingsRevealed, 'opening')} verified`,
    notChecked: (report) =>
      report.summary.openingsRevealed === 0
        ? 'openings are revealed to the DMC and regulatory staff only; the database check below still compares the stored predictions'
        : null,
  },
  {
    id: 'lock-before-treatment',
    label: 'Every prediction was locked before treatment started',
    checks: [
      'lock-after-treatment-start',
      'treatment-start-subject',
      'duplicate-treatment-start',
      'deviation-mismatch',
    ],
    evidence: (report) =>
      report.deviations.length === 0
        ? 'no declared deviations'
        : `${plural(report.deviations.length, 'declared deviation')} (listed below, kept out of the primary analysis)`,
  },
  {
    id: 'database',
    label: 'Database rows match the log',
    checks: [
      'database-leaf-hash',
      'database-lock-mismatch',
      'database-opening-missing',
      'database-prediction-mismatch',
      'database-key-mismatch',
    ],
    evidence: (report) =>
      `${plural(report.databaseChecks.locks, 'lock')}, ${plural(report.databaseChecks.predictions, 'prediction')}, ${plural(
        report.databaseChecks.keys,
        'key',
      )}, ${plural(report.databaseChecks.leafHashes, 'leaf hash', 'leaf hashes')} compared`,
  },
];

const KNOWN = new Set(CHECKS.flatMap((check) => check.checks));

/**
 * The report as a checklist: each group of checks passes unless a failure names one of its
 * check ids; failures the groups do not know (a newer verifier, `internal`) form a final
 * "Other checks" line, so no failure is ever hidden.
 */
export function verificationChecklist(report: LedgerVerification): VerificationCheck[] {
  const checklist: VerificationCheck[] = CHECKS.map((definition) => {
    const failures = report.failures.filter((failure) => definition.checks.includes(failure.check));
    const notChecked = failures.length === 0 ? (definition.notChecked?.(report) ?? null) : null;
    return {
      id: definition.id,
      label: definition.label,
      status: failures.length > 0 ? 'fail' : notChecked ? 'not-checked' : 'pass',
      evidence: notChecked ?? definition.evidence(report),
      failures,
    };
  });
  const other = report.failures.filter((failure) => !KNOWN.has(failure.check));
  if (other.length > 0) {
    checklist.push({
      id: 'other',
      label: 'Other checks',
      status: 'fail',
      evidence: plural(other.length, 'failure'),
      failures: other,
    });
  }
  return checklist;
}

import type { LedgerVerification } from './ledger.models';
import { verificationChecklist } from './verification';

function passingReport(overrides: Partial<LedgerVerification> = {}): LedgerVerification {
  return {
    ok: true,
    kind: 'ledger-export',
    trialCode: 'MM',
    summary: {
      entries: 39,
      predictionLocks: 38,
      keyRotations: 1,
      treeHeads: 2,
      cosignatures: 0,
      inclusionProofs: 39,
      consistencyProofs: 1,
      openingsRevealed: 38,
      openingsVerified: 38,
      initialKeyId: 'a'.repeat(64),
      latestTreeSize: 39,
      latestRootHash: 'b'.repeat(64),
    },
    failures: [],
    deviations: [],
    databaseChecks: { locks: 38, predictions: 38, keys: 1, leafHashes: 39 },
    ...overrides,
  };
}

describe('verificationChecklist', () => {
  it('passes every check of a clean report, with what each covered', () => {
    const checklist = verificationChecklist(passingReport());
    expect(checklist.map((check) => check.status)).toEqual(Array(10).fill('pass'));
    expect(checklist.find((check) => check.id === 'commitments')?.evidence).toBe(
      '38 of 38 openings verified',
    );
    expect(checklist.find((check) => check.id === 'database')?.evidence).toBe(
      '38 locks, 38 predictions, 1 key, 39 leaf hashes compared',
    );
  });

  it('fails the checks its failures name and keeps unknown failures in "Other checks"', () => {
    const checklist = verificationChecklist(
      passingReport({
        ok: false,
        failures: [
          { check: 'root-mismatch', line: 41, message: 'tree head 2: root differs' },
          { check: 'database-prediction-mismatch', index: 7, message: 'entry 7: prediction differs' },
          { check: 'lock-after-treatment-start', index: 3, message: 'entry 3 locked after treatment' },
          { check: 'brand-new-check', message: 'something new' },
        ],
      }),
    );
    const failed = checklist.filter((check) => check.status === 'fail');
    expect(failed.map((check) => check.id)).toEqual([
      'tree-heads',
      'lock-before-treatment',
      'database',
      'other',
    ]);
    expect(failed[0]?.failures.map((failure) => failure.message)).toEqual(['tree head 2: root differs']);
    expect(checklist.find((check) => check.id === 'other')?.failures[0]?.check).toBe('brand-new-check');
  });

  it('marks commitments not checked when no opening was revealed', () => {
    const report = passingReport();
    const check = verificationChecklist({
      ...report,
      summary: { ...report.summary, openingsRevealed: 0, openingsVerified: 0 },
    }).find((candidate) => candidate.id === 'commitments');
    expect(check?.status).toBe('not-checked');
  });
});

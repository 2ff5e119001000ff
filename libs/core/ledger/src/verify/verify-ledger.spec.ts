import { parseLedgerExport, serializeLedgerExport, type LedgerExport } from '../export/export-format';
import { buildReceipt } from '../export/assemble';
import { lockPrediction } from '../lock/commitment';
import { generateTrialKeyPair } from '../lock/keys';
import { entryBytes, type LedgerEntry, type PredictionLockEntry } from '../lock/lock-record';
import { signTreeHead } from '../lock/tree-head';
import { leafHash, toHex } from '../merkle/hash';
import { MerkleLog } from '../merkle/tree';
import { buildSampleLedger, cloneExport, sampleLockFields, samplePrediction } from '../testing/sample-ledger';
import {
  LedgerExportVerifier,
  formatVerificationReport,
  verifyLedgerExport,
  verifyLedgerExportText,
  verifyReceipts,
  verifyReceiptsText,
  type VerificationReport,
} from './verify-ledger';

/**
 * The sample: entry 0 the initial key, locks n = 0..5 at entries 1..6, the rotation at entry 7,
 * locks n = 6..11 at entries 8..13; heads of sizes 3, 8 (first signed by the new key) and 14; a
 * "dmc" cosignature of the head of size 14; every opening revealed; a treatment record per lock.
 */
const sample = buildSampleLedger({ locks: 12, rotateAfterLocks: 6, revealOpenings: true, headSizes: [3, 8] });
const honestText = serializeLedgerExport(sample.export);

function tampered(change: (exp: LedgerExport) => void): VerificationReport {
  const exp = cloneExport(sample.export);
  change(exp);
  return verifyLedgerExport(exp);
}

function checksOf(report: VerificationReport): string[] {
  return [...new Set(report.failures.map((failure) => failure.check))].sort();
}

function failureOf(report: VerificationReport, check: string) {
  const found = report.failures.find((failure) => failure.check === check);
  if (found === undefined) throw new Error(`no ${check} failure in:\n${formatVerificationReport(report)}`);
  return found;
}

function lockAt(exp: LedgerExport, index: number): PredictionLockEntry {
  const entry = exp.entries[index]?.entry;
  if (entry?.kind !== 'prediction-lock') throw new Error(`entry ${index} is not a lock`);
  return entry;
}

/** The export's lines without the final newline, edited, joined back. */
function editLines(edit: (lines: string[]) => string[]): string {
  const lines = honestText.split('\n');
  lines.pop();
  return `${edit(lines).join('\n')}\n`;
}

describe('verifyLedgerExport: an honest export', () => {
  it('passes with zero failures and counts what it checked', () => {
    const report = verifyLedgerExport(sample.export);
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.deviations).toEqual([]);
    expect(report.summary).toEqual({
      entries: 14,
      predictionLocks: 12,
      keyRotations: 2,
      treeHeads: 3,
      cosignatures: 1,
      inclusionProofs: 14,
      consistencyProofs: 2,
      openingsRevealed: 12,
      openingsVerified: 12,
      initialKeyId: sample.keys.initial.keyId,
      latestTreeSize: 14,
      latestRootHash: toHex(sample.log.root(14)),
    });
  });

  it('passes from its serialized text, and from the text parsed back', () => {
    expect(verifyLedgerExportText(honestText).failures).toEqual([]);
    const parsed = parseLedgerExport(honestText);
    expect(parsed.failures).toEqual([]);
    expect(verifyLedgerExport(parsed.export as LedgerExport).ok).toBe(true);
  });

  it('passes with the initial key among the trusted keys', () => {
    expect(verifyLedgerExport(sample.export, { trustedKeyIds: [sample.keys.initial.keyId] }).ok).toBe(true);
  });

  it('passes while blinded: no openings, header says so', () => {
    const blinded = buildSampleLedger({ locks: 3, cosign: false, treatmentStarts: false });
    const report = verifyLedgerExport(blinded.export);
    expect(report.failures).toEqual([]);
    expect(report.summary.openingsRevealed).toBe(0);
  });

  it('accepts inclusion-proof lines spelled differently from the canonical form (checked by parsing)', () => {
    const respelled = editLines((lines) =>
      lines.map((line) => {
        if (!line.endsWith('"type":"inclusion-proof"}')) return line;
        const { index, proof, treeSize } = JSON.parse(line) as {
          index: number;
          proof: string[];
          treeSize: number;
        };
        return JSON.stringify({ type: 'inclusion-proof', treeSize, index, proof }, null, 1).replace(
          /\n/g,
          ' ',
        );
      }),
    );
    const report = verifyLedgerExportText(respelled);
    expect(report.failures).toEqual([]);
    expect(report.summary.inclusionProofs).toBe(14);
  });

  it('formats a human summary with one line per check group', () => {
    const text = formatVerificationReport(verifyLedgerExport(sample.export));
    expect(text.split('\n')[0]).toBe('Ledger export of MM-RAD-01: VERIFIED');
    expect(text).toContain('ok   tree heads: 3 signed heads, latest size 14');
    expect(text).not.toContain('FAIL');
  });
});

describe('verifyLedgerExport: tampering is detected', () => {
  it('an edited entry field (modelSha256 swapped)', () => {
    const report = tampered((exp) => {
      lockAt(exp, 2).modelSha256 = 'f'.repeat(64);
    });
    expect(report.ok).toBe(false);
    // The heads and the proofs between them are untouched: the entries no longer match them.
    expect(checksOf(report)).toEqual(['inclusion-proof', 'root-mismatch']);
    expect(failureOf(report, 'root-mismatch').message).toMatch(
      /tree head of size 3: the root recomputed from entries 0 to 2 is [0-9a-f]{64}, the head says [0-9a-f]{64}/,
    );
    expect(report.failures.find((failure) => failure.check === 'inclusion-proof')?.index).toBe(2);
  });

  it('a backdated lockedAt', () => {
    const report = tampered((exp) => {
      lockAt(exp, 5).lockedAt = '2026-03-02T07:00:00.000Z';
    });
    expect(checksOf(report)).toContain('root-mismatch');
    const order = failureOf(report, 'lock-time-order');
    expect(order.index).toBe(5);
    expect(order.message).toContain('entry 5 is dated 2026-03-02T07:00:00.000Z, earlier than entry 4');
  });

  it('a deleted entry', () => {
    const report = tampered((exp) => {
      exp.entries.splice(4, 1);
    });
    expect(failureOf(report, 'missing-entry')).toMatchObject({ index: 4 });
    expect(checksOf(report)).toEqual(
      expect.arrayContaining(['missing-entry', 'root-unverifiable', 'tree-size', 'inclusion-proof']),
    );
  });

  it('two entries swapping contents, indices kept', () => {
    const report = tampered((exp) => {
      const third = exp.entries[3];
      const fourth = exp.entries[4];
      if (third === undefined || fourth === undefined) throw new Error('sample too small');
      [third.entry, fourth.entry] = [fourth.entry, third.entry];
    });
    expect(checksOf(report)).toEqual([
      'inclusion-proof',
      'lock-time-order',
      'opening-mismatch',
      'root-mismatch',
    ]);
  });

  it('two entry lines swapped (each keeping its index)', () => {
    const report = verifyLedgerExportText(
      editLines((lines) => {
        [lines[4], lines[5]] = [lines[5] as string, lines[4] as string];
        return lines;
      }),
    );
    expect(checksOf(report)).toEqual(['entry-order']);
    expect(failureOf(report, 'entry-order')).toMatchObject({ index: 3, line: 6 });
    expect(failureOf(report, 'entry-order').message).toBe(
      'entry 3 (line 6) comes after entry 4: entries are out of order',
    );
  });

  it('an inserted entry with an index already taken', () => {
    const report = tampered((exp) => {
      const { entry } = lockPrediction(
        sampleLockFields(sample.trialCode, 99, lockAt(exp, 5).lockedAt),
        samplePrediction(99),
      );
      exp.entries.splice(6, 0, { index: 5, entry });
    });
    expect(checksOf(report)).toEqual(['duplicate-entry']);
    expect(failureOf(report, 'duplicate-entry').message).toBe(
      'entry 5 appears twice with different contents: an entry was inserted',
    );
  });

  it('an inserted entry with the later ones renumbered', () => {
    const report = tampered((exp) => {
      const { entry } = lockPrediction(
        sampleLockFields(sample.trialCode, 99, lockAt(exp, 5).lockedAt),
        samplePrediction(99),
      );
      exp.entries.splice(6, 0, { index: 6, entry });
      exp.entries.forEach((line, position) => (line.index = position));
    });
    expect(checksOf(report)).toEqual(
      expect.arrayContaining(['root-mismatch', 'unsigned-entries', 'tree-head-key']),
    );
    expect(failureOf(report, 'unsigned-entries').message).toBe(
      'entry 14 is not covered by any signed tree head (largest size 14)',
    );
  });

  it('a forged tree-head signature', () => {
    const report = tampered((exp) => {
      const [first, , last] = exp.treeHeads;
      if (first === undefined || last === undefined) throw new Error('sample has three heads');
      last.signature = first.signature;
    });
    expect(checksOf(report)).toEqual(['tree-head-signature']);
    expect(failureOf(report, 'tree-head-signature').message).toMatch(
      /^tree head of size 14: the signature does not verify with key [0-9a-f]{12}…$/,
    );
  });

  it('an edited tree-head root', () => {
    const report = tampered((exp) => {
      const head = exp.treeHeads[1];
      if (head === undefined) throw new Error('sample has three heads');
      head.rootHash = '0'.repeat(64);
    });
    expect(checksOf(report)).toEqual(['consistency-proof', 'root-mismatch', 'tree-head-signature']);
    expect(failureOf(report, 'root-mismatch').message).toBe(
      `tree head of size 8: the root recomputed from entries 0 to 7 is ${toHex(sample.log.root(8))}, the head says ${'0'.repeat(64)}`,
    );
  });

  it('a head signed by the retired key after the rotation', () => {
    const retired = sample.signHead(14, { privateKeyPem: sample.keys.initial.privateKeyPem });
    const report = tampered((exp) => {
      exp.treeHeads[2] = retired;
    });
    expect(checksOf(report)).toEqual(['cosignature', 'tree-head-key']);
    expect(failureOf(report, 'tree-head-key').message).toMatch(
      /^tree head of size 14 is signed by the retired key introduced by entry 0 \([0-9a-f]{12}…\); the key in force for its entries is [0-9a-f]{12}… \(entry 7\)$/,
    );
  });

  it('a revealed probability that differs from its commitment', () => {
    const report = tampered((exp) => {
      const opening = exp.openings[4];
      if (opening === undefined) throw new Error('openings revealed');
      opening.opening.probability = opening.opening.probability === 0.5 ? 0.6 : 0.5;
    });
    expect(checksOf(report)).toEqual(['opening-mismatch']);
    expect(failureOf(report, 'opening-mismatch')).toMatchObject({ index: 5 });
  });

  it('a predicted class inconsistent with the threshold', () => {
    // Lock n = 2 (entry 3) has probability 0.84; logging it with threshold 0.9 makes its class 1
    // (computed against 0.5) wrong, although the commitment opens correctly.
    const inconsistent = buildSampleLedger({
      locks: 4,
      revealOpenings: true,
      lockOverrides: (n) => (n === 2 ? { threshold: 0.9 } : {}),
    });
    const report = verifyLedgerExport(inconsistent.export);
    expect(checksOf(report)).toEqual(['opening-class']);
    expect(failureOf(report, 'opening-class')).toMatchObject({
      index: 3,
      message: 'entry 3: predicted class 1, but probability 0.84 against threshold 0.9 gives class 0',
    });
  });

  it('an inclusion proof that is canonical in form but wrong, and one given twice', () => {
    const report = verifyLedgerExportText(
      editLines((lines) => {
        const first = lines.findIndex((line) => line.endsWith('"type":"inclusion-proof"}'));
        const wrong = (lines[first + 2] as string).replace(
          /"proof":\["[0-9a-f]/,
          (match) => `${match.slice(0, -1)}${match.endsWith('0') ? '1' : '0'}`,
        );
        lines[first + 2] = wrong;
        lines.splice(first + 5, 0, lines[first + 4] as string);
        return lines;
      }),
    );
    expect(checksOf(report)).toEqual(['inclusion-proof']);
    const [wrong, twice] = report.failures;
    expect(report.failures).toHaveLength(2);
    expect(wrong).toMatchObject({ index: 2 });
    expect(wrong?.message).toMatch(
      new RegExp(
        `^inclusion proof of entry 2 in tree size 14 \\(line \\d+\\) does not lead from the entry to the head's root ${toHex(sample.log.root(14))}$`,
      ),
    );
    expect(twice).toMatchObject({ index: 4 });
    expect(twice?.message).toMatch(/^inclusion proof of entry 4 in tree size 14 \(line \d+\) appears twice$/);
  });

  it('an edited cosignature', () => {
    const report = tampered((exp) => {
      const cosignature = exp.cosignatures[0];
      if (cosignature === undefined) throw new Error('sample is cosigned');
      cosignature.cosignature.witness = 'regulator';
    });
    expect(checksOf(report)).toEqual(['cosignature']);
  });

  it('a cosignature of a head that is not in the export', () => {
    const report = tampered((exp) => {
      const cosignature = exp.cosignatures[0];
      if (cosignature === undefined) throw new Error('sample is cosigned');
      cosignature.headTimestamp = '2030-01-01T00:00:00.000Z';
    });
    expect(checksOf(report)).toEqual(['cosignature-head']);
  });

  it('any single character edited in an authenticated line', () => {
    const authenticated =
      /^\{"(entry|head|fromSize|index|cosignature|opening)"|"type":"(opening|cosignature)"/;
    const lines = honestText.split('\n');
    lines.pop();
    let edited = 0;
    lines.forEach((line, position) => {
      if (position === 0 || !authenticated.test(line)) return;
      for (const offset of [0.3, 0.55, 0.8]) {
        const at = Math.floor(line.length * offset);
        const copy = [...lines];
        copy[position] = line.slice(0, at) + substitute(line.charAt(at)) + line.slice(at + 1);
        const report = verifyLedgerExportText(`${copy.join('\n')}\n`);
        if (report.ok)
          throw new Error(`undetected edit at line ${position + 1}, column ${at + 1}: ${copy[position]}`);
        edited++;
      }
    });
    expect(edited).toBeGreaterThan(100);
  });

  it('a lock made after the actual treatment start it records itself', () => {
    const late = buildSampleLedger({
      locks: 3,
      lockOverrides: (n, fields) =>
        n === 1
          ? {
              treatmentStartKnown: {
                status: 'actual',
                at: fields.lockedAt.slice(0, 10),
                source: 'MedicationAdministration/77',
              },
            }
          : {},
    });
    const report = verifyLedgerExport(late.export);
    expect(checksOf(report)).toEqual(['lock-after-treatment-start']);
    expect(failureOf(report, 'lock-after-treatment-start').message).toBe(
      'entry 2 (MM-RAD-01-S01-0002) was locked at 2026-03-02T08:02:00.000Z, after the treatment start 2026-03-02 it records itself (MedicationAdministration/77)',
    );
  });

  it('accepts an actual treatment start recorded in the entry when it is after the lock', () => {
    const fine = buildSampleLedger({
      locks: 2,
      lockOverrides: (n) =>
        n === 1
          ? {
              treatmentStartKnown: {
                status: 'actual',
                at: '2026-03-02T08:02:00.001Z',
                source: 'MedicationAdministration/77',
              },
            }
          : {},
    });
    expect(verifyLedgerExport(fine.export).failures).toEqual([]);
  });

  it('a treatment record earlier than the lock, undeclared: a failure', () => {
    const report = tampered((exp) => {
      const record = exp.treatmentStarts[3];
      if (record === undefined) throw new Error('sample has records');
      record.at = '2026-03-02';
    });
    expect(checksOf(report)).toEqual(['lock-after-treatment-start']);
    expect(failureOf(report, 'lock-after-treatment-start')).toMatchObject({
      index: 4,
      message:
        'entry 4 (MM-RAD-01-S01-0004) was locked at 2026-03-02T08:04:00.000Z, but treatment started 2026-03-02 ' +
        '(MedicationAdministration/4, recorded 2026-03-04T08:04:00.000Z) and no deviation was declared',
    });
    expect(report.deviations).toEqual([]);
  });

  it('a treatment record earlier than the lock, declared: a deviation, not a failure', () => {
    const report = tampered((exp) => {
      const record = exp.treatmentStarts[3];
      if (record === undefined) throw new Error('sample has records');
      record.at = '2026-03-02T08:03:59.000Z';
      record.declaredDeviation = true;
    });
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.deviations).toEqual([
      {
        index: 4,
        subjectId: 'MM-RAD-01-S01-0004',
        lockedAt: '2026-03-02T08:04:00.000Z',
        treatmentStartAt: '2026-03-02T08:03:59.000Z',
        source: 'MedicationAdministration/4',
      },
    ]);
    expect(formatVerificationReport(report)).toContain('DEVIATION entry 4 (MM-RAD-01-S01-0004)');
  });

  it('a treatment start at the very instant of the lock counts as before it', () => {
    const report = tampered((exp) => {
      const record = exp.treatmentStarts[3];
      if (record === undefined) throw new Error('sample has records');
      record.at = '2026-03-02T08:04:00.000Z';
    });
    expect(checksOf(report)).toEqual(['lock-after-treatment-start']);
  });

  it('a declared deviation that the dates do not show', () => {
    const report = tampered((exp) => {
      const record = exp.treatmentStarts[3];
      if (record === undefined) throw new Error('sample has records');
      record.declaredDeviation = true;
    });
    expect(checksOf(report)).toEqual(['deviation-mismatch']);
  });

  it('a treatment record for a subject without a lock, and a second record for a subject', () => {
    const report = tampered((exp) => {
      const record = exp.treatmentStarts[0];
      if (record === undefined) throw new Error('sample has records');
      exp.treatmentStarts.push({ ...record }, { ...record, subjectId: 'MM-RAD-01-S09-0001' });
    });
    expect(checksOf(report)).toEqual(['duplicate-treatment-start', 'treatment-start-subject']);
  });

  it('an initial key that is not trusted', () => {
    const stranger = generateTrialKeyPair();
    const report = verifyLedgerExport(sample.export, { trustedKeyIds: [stranger.keyId] });
    expect(checksOf(report)).toEqual(['untrusted-key']);
    // The rotated key alone is not enough: trust starts at the initial key.
    const rotatedOnly = verifyLedgerExport(sample.export, {
      trustedKeyIds: [sample.keys.rotated?.keyId ?? ''],
    });
    expect(checksOf(rotatedOnly)).toEqual(['untrusted-key']);
  });

  it('header keys that differ from the log', () => {
    const report = tampered((exp) => {
      exp.header.publicKeys.reverse();
    });
    expect(checksOf(report)).toEqual(['public-keys']);
  });

  it('a second lock for the same subject', () => {
    const twice = buildSampleLedger({
      locks: 3,
      treatmentStarts: false,
      lockOverrides: (n, fields) => (n === 2 ? { subjectId: fields.subjectId.replace(/0003$/, '0001') } : {}),
    });
    const report = verifyLedgerExport(twice.export);
    expect(checksOf(report)).toEqual(['duplicate-subject']);
    expect(failureOf(report, 'duplicate-subject').message).toBe(
      'entry 3 locks a second prediction for MM-RAD-01-S01-0001 (already locked by entry 1)',
    );
  });

  it('an entry line with a member given twice (what is read is not what was hashed)', () => {
    const report = verifyLedgerExportText(
      editLines((lines) => {
        // JSON.parse keeps the last modelSha256 (the true one); a reader may see the first.
        lines[3] = (lines[3] as string).replace('{"entry":{', `{"entry":{"modelSha256":"${'d'.repeat(64)}",`);
        return lines;
      }),
    );
    expect(checksOf(report)).toEqual(['non-canonical-entry']);
    expect(failureOf(report, 'non-canonical-entry')).toMatchObject({ index: 2, line: 4 });
  });

  it('tolerates CRLF line endings', () => {
    const report = verifyLedgerExportText(honestText.replace(/\n/g, '\r\n'));
    expect(report.failures).toEqual([]);
  });

  it('a truncated file', () => {
    const cut = honestText.slice(0, Math.floor(honestText.length * 0.6));
    const report = verifyLedgerExportText(cut);
    expect(report.ok).toBe(false);
    expect(checksOf(report)).toEqual(expect.arrayContaining(['json-syntax', 'truncated']));
    expect(failureOf(report, 'truncated').line).toBe(cut.split('\n').length);
  });

  it('a file cut at a line end (whole sections missing)', () => {
    const lines = honestText.split('\n');
    const report = verifyLedgerExportText(`${lines.slice(0, 15).join('\n')}\n`);
    expect(checksOf(report)).toEqual(['missing-tree-head']);
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['not JSON', 'this is not a ledger\n'],
    ['binary', '\u0000\u0001\u00ff\ufffd{{{\n]]\n'],
    ['JSON of the wrong shape', '[1,2,3]\n{"type":"entry"}\n'],
    ['a receipt instead of an export', `${JSON.stringify(sample.receipts()[0])}\n`],
  ])('garbage (%s) fails without throwing', (_name, text) => {
    const report = verifyLedgerExportText(text);
    expect(report.ok).toBe(false);
    expect(report.failures.length).toBeGreaterThan(0);
    expect(() => formatVerificationReport(report)).not.toThrow();
  });

  it('reports unknown line types and out-of-order sections with their line numbers', () => {
    const report = verifyLedgerExportText(
      editLines((lines) => {
        const treeHead = lines.findIndex((line) => line.endsWith('"type":"tree-head"}'));
        const moved = lines.splice(treeHead, 1);
        return [...lines.slice(0, 3), ...moved, ...lines.slice(3), '{"type":"mystery"}'];
      }),
    );
    expect(failureOf(report, 'unknown-line-type')).toMatchObject({ line: 60 });
    expect(failureOf(report, 'line-order').line).toBe(5);
  });

  it('a tree head of size 0', () => {
    const empty = sample.signHead(0, { timestamp: '2026-03-02T07:59:00.000Z' });
    const report = tampered((exp) => {
      exp.treeHeads.unshift(empty);
    });
    expect(checksOf(report)).toEqual(['missing-proof', 'tree-size']);
    expect(failureOf(report, 'tree-size').message).toMatch(
      /^tree head of size 0: a signed tree head covers at least one entry$/,
    );
  });

  it('never throws on hostile in-memory objects', () => {
    const hostile = cloneExport(sample.export);
    (hostile.entries as unknown[]).push(
      { index: 14, entry: null },
      { index: -1, entry: { kind: 'prediction-lock' } },
    );
    (hostile.inclusionProofs as unknown[]).push({ index: 3, treeSize: 14, proof: ['zz', 42] });
    (hostile.consistencyProofs as unknown[]).push({ fromSize: 3, toSize: 8, proof: [null] });
    const report = verifyLedgerExport(hostile);
    expect(report.ok).toBe(false);
    expect(checksOf(report)).toEqual(
      expect.arrayContaining(['entry-schema', 'inclusion-proof', 'consistency-proof']),
    );
  });

  it('reports entries fed after the entries section', () => {
    const verifier = new LedgerExportVerifier();
    for (const line of honestText.split('\n').slice(0, 1)) verifier.accept(JSON.parse(line));
    const firstEntry = sample.export.entries[0];
    if (firstEntry === undefined) throw new Error('sample has entries');
    verifier.accept({ type: 'tree-head', head: sample.treeHeads[0] as never });
    verifier.accept({ type: 'entry', ...firstEntry });
    expect(checksOf(verifier.finish())).toContain('line-order');
  });
});

describe('verifyReceipts', () => {
  const receipts = sample.receipts();

  it('passes honest receipts (JSON array and JSON lines)', () => {
    const report = verifyReceipts(receipts);
    expect(report.failures).toEqual([]);
    expect(report.summary).toMatchObject({
      receipts: 12,
      predictionLocks: 12,
      latestTreeSize: 14,
      openingsVerified: 12,
    });
    expect(verifyReceiptsText(JSON.stringify(receipts)).ok).toBe(true);
    expect(verifyReceiptsText(receipts.map((receipt) => JSON.stringify(receipt)).join('\n')).ok).toBe(true);
  });

  it('passes against the log they came from, and with their key trusted', () => {
    const report = verifyReceipts(receipts, {
      rootOfLog: (size) => (size <= sample.log.size ? toHex(sample.log.root(size)) : null),
      trustedKeyIds: [sample.keys.rotated?.keyId ?? ''],
    });
    expect(report.failures).toEqual([]);
  });

  it('detects an edited entry', () => {
    const edited = cloneJson(receipts);
    const receipt = edited[2];
    if (receipt === undefined) throw new Error('receipts');
    receipt.entry.featuresSha256 = '0'.repeat(64);
    const report = verifyReceipts(edited);
    expect(checksOf(report)).toEqual(['inclusion-proof']);
    expect(failureOf(report, 'inclusion-proof').index).toBe(3);
  });

  it('detects a wrong inclusion proof', () => {
    const edited = cloneJson(receipts);
    const receipt = edited[0];
    if (receipt === undefined) throw new Error('receipts');
    receipt.inclusionProof = [...receipt.inclusionProof].reverse();
    expect(checksOf(verifyReceipts(edited))).toEqual(['inclusion-proof']);
  });

  it('detects a forged head', () => {
    const edited = cloneJson(receipts);
    const receipt = edited[0];
    if (receipt === undefined) throw new Error('receipts');
    receipt.treeHead = { ...receipt.treeHead, timestamp: '2026-03-02T08:30:00.000Z' };
    expect(checksOf(verifyReceipts(edited))).toEqual(['tree-head-signature']);
  });

  it('detects a split view: two receipts with the same tree size and different roots', () => {
    // The log key signs a second tree of the same size in which entry 5 differs.
    const forked: LedgerEntry[] = [...sample.entries];
    const original = forked[5] as PredictionLockEntry;
    forked[5] = { ...original, featuresSha256: '1'.repeat(64) };
    const forkLog = MerkleLog.fromEntries(forked.map(entryBytes));
    const key = sample.keyFor(14);
    const forkHead = signTreeHead(
      {
        trialCode: sample.trialCode,
        treeSize: 14,
        rootHash: toHex(forkLog.root(14)),
        timestamp: '2026-03-02T08:14:00.000Z',
        keyId: key.keyId,
      },
      key.privateKeyPem,
    );
    const forkReceipt = buildReceipt(forkLog, forked, 5, forkHead, key.publicKey);
    const report = verifyReceipts([receipts[0] as never, forkReceipt]);
    expect(checksOf(report)).toEqual(['split-view']);
    expect(failureOf(report, 'split-view').message).toContain('tree size 14 has root');
    // Alone, the forked receipt is valid: only the comparison (or the log) shows the fork.
    expect(verifyReceipts([forkReceipt]).ok).toBe(true);
    const againstLog = verifyReceipts([forkReceipt], { rootOfLog: (size) => toHex(sample.log.root(size)) });
    expect(checksOf(againstLog)).toEqual(['split-view']);
  });

  it('detects receipts signed by a key that is not trusted', () => {
    expect(checksOf(verifyReceipts(receipts, { trustedKeyIds: [sample.keys.initial.keyId] }))).toEqual([
      'untrusted-key',
    ]);
  });

  it('detects a revealed prediction that does not open the commitment', () => {
    const edited = cloneJson(receipts);
    const receipt = edited[1];
    if (receipt?.opening === undefined) throw new Error('receipts carry openings');
    receipt.opening.salt = receipts[0]?.opening?.salt ?? '';
    expect(checksOf(verifyReceipts(edited))).toEqual(['opening-mismatch']);
  });

  it('reports invalid receipts and garbage without throwing', () => {
    const report = verifyReceiptsText(
      `${JSON.stringify(receipts[0])}\nnot json\n{"type":"prediction-lock-receipt"}\n`,
    );
    expect(checksOf(report)).toEqual(['json-syntax', 'receipt-schema']);
    expect(report.failures.map((failure) => failure.line)).toEqual([2, 3]);
    expect(verifyReceiptsText('').ok).toBe(false);
    expect(verifyReceiptsText('[]').ok).toBe(false);
  });

  it('leaf hashes agree with the library leaf hash (the verifier hashes text without copies)', () => {
    const first = sample.entries[1] as LedgerEntry;
    expect(toHex(leafHash(entryBytes(first)))).toBe(toHex(sample.log.leafHash(1)));
  });
});

function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A different character of the same kind, so the edit is never a no-op. */
function substitute(character: string): string {
  if (/[0-9]/.test(character)) return String((Number(character) + 1) % 10);
  if (/[a-f]/.test(character))
    return character === 'f' ? 'a' : String.fromCharCode(character.charCodeAt(0) + 1);
  if (/[A-Za-z]/.test(character))
    return character === 'Z' || character === 'z' ? 'A' : String.fromCharCode(character.charCodeAt(0) + 1);
  return character === 'x' ? 'y' : 'x';
}

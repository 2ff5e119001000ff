/**
 * Benchmark for offline ledger verification: build an honest export of N entries (default
 * 1 000 000: the initial key, a key rotation half way, prediction locks, three signed heads, a
 * cosignature, an inclusion proof per entry and a treatment record per lock), write it to a
 * temporary file, then time `prospect verify`'s path: read the file in chunks, parse and verify
 * every line. Printed next to the reference measured in the same run: reading the same file and
 * hashing every entry line's bytes as a leaf (what any verifier must at least do).
 *
 *   npm run bench:ledger -- [--entries 1000000] [--keep export.jsonl [--reuse]] [--runs 1]
 *
 * Exits 1 when the target is missed or the honest export does not verify; it is not a test.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  LEDGER_ENTRY_FORMAT_VERSION,
  LEDGER_EXPORT_FORMAT_VERSION,
  MerkleLog,
  PREDICTION_COMMITMENT_ALGORITHM,
  canonicalEntryJson,
  canonicalJson,
  cosignTreeHead,
  createKeyRotation,
  formatVerificationReport,
  generateTrialKeyPair,
  leafHash,
  linesOfChunks,
  serializeExportLine,
  signTreeHead,
  toHex,
  verifyLedgerExportLines,
  type LedgerEntry,
  type PredictionLockEntry,
  type SignedTreeHead,
} from '@prospect/ledger';
import { memoryPass, reportFigure } from './report';

const TARGET_SECONDS_PER_MILLION = 10;
const TRIAL = 'MM-RAD-01';
const START = Date.parse('2026-03-02T08:00:00.000Z');
const CHUNK_BYTES = 16 * 1024 * 1024;

interface Options {
  entries: number;
  keep: string | undefined;
  /** Verify the file given by --keep as it is, without generating it (it must hold --entries entries). */
  reuse: boolean;
  runs: number;
}

function main(): number {
  const options = readOptions();
  log(`ledger-verify: ${options.entries} entries, Node ${process.version}`);
  // A temporary directory only when the export is not to be kept.
  const directory = options.keep === undefined ? mkdtempSync(path.join(tmpdir(), 'bench-ledger-')) : null;
  const file = options.keep ?? path.join(directory as string, 'ledger.jsonl');
  try {
    let started = performance.now();
    if (options.reuse) log(`setup: reusing ${file}`);
    else {
      generate(file, options.entries);
      log(`setup (not measured): generated in ${seconds(started).toFixed(1)} s -> ${file}`);
    }
    const bytes = statSync(file).size;

    let referenceSeconds = Infinity;
    let verifySeconds = Infinity;
    let ok = true;
    for (let run = 0; run < options.runs; run++) {
      started = performance.now();
      const hashed = hashEntryLines(file);
      referenceSeconds = Math.min(referenceSeconds, seconds(started));
      if (hashed !== options.entries) throw new Error(`reference hashed ${hashed} entry lines`);

      started = performance.now();
      const cpuBefore = process.cpuUsage();
      const report = verifyLedgerExportLines(linesOfChunks(readChunks(file)));
      verifySeconds = Math.min(verifySeconds, seconds(started));
      const cpu = process.cpuUsage(cpuBefore);
      log(
        `  process CPU during parse+verify: user ${(cpu.user / 1e6).toFixed(2)} s, system ${(cpu.system / 1e6).toFixed(2)} s`,
      );
      if (!report.ok) {
        ok = false;
        log(formatVerificationReport(report).split('\n').slice(0, 30).join('\n'));
      }
      log(
        `run ${run + 1}: reference ${referenceSeconds.toFixed(2)} s, parse+verify ${verifySeconds.toFixed(2)} s, ` +
          `${report.summary.entries} entries, ${report.summary.inclusionProofs} inclusion proofs, ok=${report.ok}`,
      );
    }
    const perMillion = (verifySeconds * 1e6) / options.entries;
    const rssGiB = process.memoryUsage().rss / 2 ** 30;
    log('');
    log('| step                                              |    time | entries/s |');
    log('| ------------------------------------------------- | ------: | --------: |');
    log(row('reference: read file, leaf-hash every entry line', referenceSeconds, options.entries));
    log(row('read, parse and verify the whole export', verifySeconds, options.entries));
    log('');
    log(
      `file ${(bytes / 2 ** 30).toFixed(2)} GiB; verify = ${(verifySeconds / referenceSeconds).toFixed(1)}x the reference; ` +
        `RSS now ${rssGiB.toFixed(2)} GiB`,
    );
    const pass = perMillion <= TARGET_SECONDS_PER_MILLION;
    log(
      `target: <= ${TARGET_SECONDS_PER_MILLION} s per million entries: ${pass ? 'PASS' : 'FAIL'} (${perMillion.toFixed(2)} s per million)`,
    );
    if (!ok) log('INVALID RUN: the honest export did not verify');
    // The memory-bandwidth reference: a plain pass over as many bytes as the file holds.
    const pass64 = memoryPass(bytes);
    log(
      `memory pass over ${(bytes / 2 ** 20).toFixed(0)} MiB: ${pass64.seconds.toFixed(3)} s = ` +
        `${(pass64.bytesPerSecond / 1e6).toFixed(0)} MB/s; verify reads ${(bytes / verifySeconds / 1e6).toFixed(0)} MB/s`,
    );
    reportFigure({
      bench: 'ledger-verify',
      figure: `read, parse and verify the export, ${options.entries} entries, s per million entries`,
      value: perMillion,
      unit: 's/M entries',
      reference: {
        name: 'read the file and leaf-hash every entry line',
        value: (referenceSeconds * 1e6) / options.entries,
        unit: 's/M entries',
      },
      target: `≤ ${TARGET_SECONDS_PER_MILLION} s per million`,
      pass: ok ? pass : false,
    });
    reportFigure({
      bench: 'ledger-verify',
      figure: `verify throughput over the ${(bytes / 2 ** 20).toFixed(0)} MiB file`,
      value: bytes / verifySeconds / 1e6,
      unit: 'MB/s',
      reference: {
        name: 'memory pass: Float64 sum over the same number of bytes',
        value: pass64.bytesPerSecond / 1e6,
        unit: 'MB/s',
      },
      target: null,
      pass: null,
    });
    return pass && ok ? 0 : 1;
  } finally {
    if (directory !== null) rmSync(directory, { recursive: true, force: true });
  }
}

function row(step: string, time: number, entries: number): string {
  return `| ${step.padEnd(49)} | ${`${time.toFixed(2)} s`.padStart(7)} | ${Math.round(entries / time)
    .toLocaleString('en-US')
    .padStart(9)} |`;
}

/** Writes an honest export of `entries` entries, streaming (only leaf hashes stay in memory). */
function generate(file: string, entries: number): void {
  const initial = generateTrialKeyPair();
  const rotated = generateTrialKeyPair();
  const witness = generateTrialKeyPair();
  const rotationIndex = Math.floor(entries / 2);
  const at = (index: number): string => new Date(START + index * 1000).toISOString();
  const output = new Output(file);
  output.write(
    serializeExportLine({
      type: 'ledger-export',
      formatVersion: LEDGER_EXPORT_FORMAT_VERSION,
      trialCode: TRIAL,
      exportedAt: at(entries + 3600),
      publicKeys: [
        { keyId: initial.keyId, publicKey: initial.publicKey },
        { keyId: rotated.keyId, publicKey: rotated.publicKey },
      ],
      openingsRevealed: false,
    }),
  );
  const log = new MerkleLog();
  const subjects: { subjectId: string; lockedAt: number }[] = [];
  for (let index = 0; index < entries; index++) {
    let entry: LedgerEntry;
    if (index === 0 || index === rotationIndex) {
      entry = createKeyRotation({
        trialCode: TRIAL,
        reason: index === 0 ? 'initial' : 'scheduled',
        effectiveAt: at(index),
        newPrivateKey: index === 0 ? initial.privateKeyPem : rotated.privateKeyPem,
        previousPrivateKey: index === 0 ? null : initial.privateKeyPem,
      });
    } else {
      entry = lock(subjects.length, at(index));
      subjects.push({ subjectId: entry.subjectId, lockedAt: START + index * 1000 });
    }
    const json = canonicalEntryJson(entry);
    if (index < 3 && json !== canonicalJson(entry)) throw new Error('fast canonical JSON differs');
    log.append(leafHash(Buffer.from(json, 'utf8')));
    output.write(`{"entry":${json},"index":${index},"type":"entry"}\n`);
  }
  // Three heads, as a log signs them now and then: early, just before the rotation, at export.
  const sizes = [...new Set([Math.min(1000, entries), rotationIndex, entries])].filter((size) => size >= 1);
  const heads: SignedTreeHead[] = sizes.map((size) => {
    const key = size > rotationIndex ? rotated : initial;
    return signTreeHead(
      {
        trialCode: TRIAL,
        treeSize: size,
        rootHash: toHex(log.root(size)),
        timestamp: at(size),
        keyId: key.keyId,
      },
      key.privateKeyPem,
    );
  });
  for (const head of heads) output.write(serializeExportLine({ type: 'tree-head', head }));
  for (let i = 1; i < sizes.length; i++) {
    const fromSize = sizes[i - 1] as number;
    const toSize = sizes[i] as number;
    output.write(
      serializeExportLine({
        type: 'consistency-proof',
        fromSize,
        toSize,
        proof: log.consistencyProof(fromSize, toSize).map(toHex),
      }),
    );
  }
  for (let index = 0; index < entries; index++) {
    const proof = log.inclusionProof(index, entries).map(toHex);
    const line = `{"index":${index},"proof":["${proof.join('","')}"],"treeSize":${entries},"type":"inclusion-proof"}\n`;
    if (
      index === 0 &&
      line !== `${canonicalJson({ type: 'inclusion-proof', index, treeSize: entries, proof })}\n`
    ) {
      throw new Error('inclusion-proof line is not canonical');
    }
    output.write(line);
  }
  const finalHead = heads[heads.length - 1] as SignedTreeHead;
  output.write(
    serializeExportLine({
      type: 'cosignature',
      treeSize: finalHead.treeSize,
      rootHash: finalHead.rootHash,
      headTimestamp: finalHead.timestamp,
      witnessPublicKey: witness.publicKey,
      cosignature: cosignTreeHead(finalHead, 'dmc', witness.privateKeyPem, {
        now: new Date(START + entries * 1000 + 3600_000),
      }),
    }),
  );
  for (const [n, subject] of subjects.entries()) {
    output.write(
      serializeExportLine({
        type: 'treatment-start',
        subjectId: subject.subjectId,
        status: 'actual',
        at: new Date(subject.lockedAt + 86_400_000).toISOString().slice(0, 10),
        source: `MedicationAdministration/${n + 1}`,
        recordedAt: new Date(subject.lockedAt + 2 * 86_400_000).toISOString(),
        declaredDeviation: false,
      }),
    );
  }
  output.close();
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Lock number `n`: `<trial>-S<site>-<nnnn>`, 9 999 subjects per site. Digests derived from n. */
function lock(n: number, lockedAt: string): PredictionLockEntry {
  const site = String(Math.floor(n / 9999) + 1).padStart(3, '0');
  return {
    kind: 'prediction-lock',
    formatVersion: LEDGER_ENTRY_FORMAT_VERSION,
    trialCode: TRIAL,
    protocolVersion: 1,
    subjectId: `${TRIAL}-S${site}-${String((n % 9999) + 1).padStart(4, '0')}`,
    modelSha256: sha256('model'),
    imageSha256: sha256(`image:${n}`),
    maskSha256: sha256(`mask:${n}`),
    featuresSha256: sha256(`features:${n}`),
    inputsSha256: sha256(`inputs:${n}`),
    featureSettingsSha256: sha256('settings'),
    threshold: 0.5,
    lockedAt,
    treatmentStartKnown:
      n % 2 === 0
        ? { status: 'planned', at: dayAfterNext(lockedAt), source: `CarePlan/${n + 1}` }
        : { status: 'unknown', at: null, source: null },
    // Openings are not revealed in this export, so the commitment need not open to anything.
    predictionCommitment: { algorithm: PREDICTION_COMMITMENT_ALGORITHM, digest: sha256(`commitment:${n}`) },
  };
}

function dayAfterNext(instant: string): string {
  return new Date(Date.parse(instant) + 2 * 86_400_000).toISOString().slice(0, 10);
}

/** Buffered writes: one syscall per ~8 MiB. */
class Output {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingLength = 0;
  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }
  write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength > 8 * 1024 * 1024) this.flush();
  }
  flush(): void {
    writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** The file in chunks, read into one reused buffer (fresh pages for every chunk cost more). */
function* readChunks(file: string): Generator<Uint8Array> {
  const fd = openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) return;
      yield buffer.subarray(0, read);
    }
  } finally {
    closeSync(fd);
  }
}

/** The reference: read the file and hash each entry line's bytes as a Merkle leaf. */
function hashEntryLines(file: string): number {
  const prefix = Buffer.from('{"entry":');
  let hashed = 0;
  let rest: Buffer = Buffer.alloc(0);
  const hashLine = (line: Buffer): void => {
    if (line.compare(prefix, 0, prefix.length, 0, prefix.length) === 0) {
      leafHash(line);
      hashed++;
    }
  };
  for (const chunk of readChunks(file)) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    let end = bytes.indexOf(10);
    if (rest.length > 0 && end !== -1) {
      hashLine(Buffer.concat([rest, bytes.subarray(0, end)]));
      start = end + 1;
      end = bytes.indexOf(10, start);
    }
    for (; end !== -1; end = bytes.indexOf(10, start)) {
      hashLine(bytes.subarray(start, end));
      start = end + 1;
    }
    rest = Buffer.concat([rest.length > 0 && start === 0 ? rest : Buffer.alloc(0), bytes.subarray(start)]);
  }
  return hashed;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      entries: { type: 'string', default: '1000000' },
      keep: { type: 'string' },
      runs: { type: 'string', default: '1' },
      reuse: { type: 'boolean', default: false },
    },
  });
  const entries = Number(values.entries);
  const runs = Number(values.runs);
  if (!Number.isSafeInteger(entries) || entries < 2) throw new Error('--entries must be a whole number >= 2');
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error('--runs must be a whole number >= 1');
  if (values.reuse && values.keep === undefined) throw new Error('--reuse needs --keep FILE');
  return { entries, keep: values.keep, runs, reuse: values.reuse };
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

function log(text: string): void {
  process.stdout.write(`${text}\n`);
}

process.exitCode = main();

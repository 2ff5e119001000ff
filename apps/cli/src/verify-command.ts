import { closeSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  LedgerExportVerifier,
  formatVerificationReport,
  keyIdOf,
  linesOfChunks,
  verifyLedgerExportLines,
  verifyReceiptsText,
  type VerificationReport,
} from '@prospect/ledger';
import { USAGE } from './cli-error';
import { checkSubmissionPackage, isSubmissionPackage, type PackageCheck } from './package-verify';

/** Options of `prospect verify PATH [--json] [--trusted-key KEYID...]`. */
export interface VerifyOptions {
  json: boolean;
  /** Key ids (hex SHA-256 of the raw key) or raw Ed25519 public keys (base64url) trusted out of band. */
  trustedKeys: string[];
}

export interface VerifyIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit code when every check held / some check failed (usage and unreadable paths: {@link USAGE}). */
const VERIFIED = 0;
const FAILED = 1;

const READ_CHUNK_BYTES = 8 * 1024 * 1024;
/** Receipts are read whole; an export is streamed and has no such limit. */
const MAX_RECEIPTS_FILE_BYTES = 256 * 1024 * 1024;

interface FileReport {
  path: string;
  report: VerificationReport;
}

/**
 * `prospect verify PATH`: checks a ledger export (`.jsonl` whose first line is the
 * `ledger-export` header), receipts (one receipt, a JSON array or JSON lines), or a directory of
 * them (every `*.jsonl` / `*.json` below it, e.g. the server's `ledger.jsonl` with `receipts/`).
 * In a directory holding one export, each receipt is also compared with the exported log, which
 * exposes a log that showed the receipt's holder a different tree.
 *
 * Prints a human summary (or with `json`, the reports) and returns 0 when everything holds, 1 when
 * any check fails, 2 when the path cannot be read or an option is malformed. Never throws.
 */
export async function verifyPath(path: string, options: VerifyOptions, io: VerifyIo): Promise<number> {
  const trustedKeyIds = parseTrustedKeys(options.trustedKeys);
  if (typeof trustedKeyIds === 'string') {
    io.stderr(`prospect: ${trustedKeyIds}\n`);
    return USAGE;
  }
  const verifyOptions = trustedKeyIds.length > 0 ? { trustedKeyIds } : {};
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    io.stderr(`prospect: cannot read ${path}: ${describeError(error)}\n`);
    return USAGE;
  }

  let reports: FileReport[];
  // A submission package: its manifest's hashes, then the ledger export inside it.
  const submission: PackageCheck | null =
    isDirectory && isSubmissionPackage(path) ? checkSubmissionPackage(path) : null;
  const ledgerRoot = submission ? join(path, 'ledger') : path;
  if (isDirectory) {
    const files = listVerifiableFiles(ledgerRoot);
    if (typeof files === 'string') {
      io.stderr(`prospect: cannot read ${path}: ${files}\n`);
      return USAGE;
    }
    if (files.length === 0) {
      io.stderr(`prospect: ${path} holds no .jsonl or .json file to verify\n`);
      return USAGE;
    }
    reports = verifyDirectory(files, verifyOptions);
  } else {
    const kind = detectKind(path);
    if (kind.error !== undefined) {
      io.stderr(`prospect: cannot read ${path}: ${kind.error}\n`);
      return USAGE;
    }
    reports = [{ path, report: verifyFile(path, kind.kind, verifyOptions).report }];
  }

  const ok = reports.every(({ report }) => report.ok) && (submission?.ok ?? true);
  if (options.json) {
    const machine = isDirectory
      ? {
          ok,
          path,
          ...(submission ? { package: submission } : {}),
          files: reports.map(({ path: file, report }) => ({ path: file, ...report })),
        }
      : { path, ...reports[0]?.report };
    io.stdout(`${JSON.stringify(machine, null, 2)}\n`);
  } else if (isDirectory) {
    const sections = reports.map(
      ({ path: file, report }) => `== ${relative(path, file)}\n${formatVerificationReport(report)}`,
    );
    if (submission) {
      sections.unshift(
        `Submission package of ${submission.trialCode ?? '(unknown trial)'}: ${submission.ok ? 'VERIFIED' : 'FAILED'}\n` +
          (submission.ok
            ? `  ok   manifest: ${submission.files} files, sizes and SHA-256 as listed, nothing unlisted`
            : submission.problems.map((problem) => `  FAIL [manifest] ${problem}`).join('\n')),
      );
    }
    const failed = reports.filter(({ report }) => !report.ok).length;
    sections.push(
      failed === 0
        ? `${reports.length} ${reports.length === 1 ? 'file' : 'files'} verified.`
        : `${failed} of ${reports.length} files FAILED verification.`,
    );
    if (submission && !submission.ok) sections.push('The package FAILED its manifest check.');
    io.stdout(`${sections.join('\n\n')}\n`);
  } else {
    io.stdout(`${formatVerificationReport(reports[0]?.report as VerificationReport)}\n`);
  }
  return ok ? VERIFIED : FAILED;
}

/** Key ids as given, or raw public keys turned into their ids; a message when one is neither. */
function parseTrustedKeys(keys: readonly string[]): string[] | string {
  const ids: string[] = [];
  for (const key of keys) {
    const trimmed = key.trim();
    if (/^[0-9a-fA-F]{64}$/.test(trimmed)) {
      ids.push(trimmed.toLowerCase());
      continue;
    }
    try {
      ids.push(keyIdOf(trimmed));
    } catch {
      return `--trusted-key ${key}: expected a key id (64 hex digits) or a raw Ed25519 public key (43 base64url characters).`;
    }
  }
  return ids;
}

type Kind = 'ledger-export' | 'receipts';

/** An export starts with its header line; anything else is read as receipts. */
function detectKind(path: string): { kind: Kind; error?: undefined } | { error: string } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return { error: describeError(error) };
  }
  try {
    const head = Buffer.alloc(64 * 1024);
    const read = readSync(fd, head, 0, head.length, 0);
    const text = head.toString('utf8', 0, read);
    const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
    return { kind: /^\s*\{.*"type"\s*:\s*"ledger-export"/.test(firstLine) ? 'ledger-export' : 'receipts' };
  } catch (error) {
    return { error: describeError(error) };
  } finally {
    closeSync(fd);
  }
}

function verifyFile(
  path: string,
  kind: Kind,
  options: { trustedKeyIds?: string[] },
  rootOfLog?: (treeSize: number) => string | null,
): { report: VerificationReport; verifier?: LedgerExportVerifier } {
  try {
    if (kind === 'ledger-export') {
      const verifier = new LedgerExportVerifier(options);
      return {
        report: verifyLedgerExportLines(linesOfChunks(readChunks(path)), options, verifier),
        verifier,
      };
    }
    const size = statSync(path).size;
    if (size > MAX_RECEIPTS_FILE_BYTES) {
      return {
        report: unreadable(
          `${size} bytes is too large for a receipts file (at most ${MAX_RECEIPTS_FILE_BYTES})`,
        ),
      };
    }
    return {
      report: verifyReceiptsText(readFileSync(path, 'utf8'), {
        ...options,
        ...(rootOfLog ? { rootOfLog } : {}),
      }),
    };
  } catch (error) {
    return { report: unreadable(describeError(error)) };
  }
}

/** The export(s) first, so that receipts can be compared with the log when there is one export. */
function verifyDirectory(files: string[], options: { trustedKeyIds?: string[] }): FileReport[] {
  const kinds = files.map((file) => ({ file, detected: detectKind(file) }));
  const exports = kinds.filter(
    ({ detected }) => detected.error === undefined && detected.kind === 'ledger-export',
  );
  const results = new Map<string, VerificationReport>();
  let rootOfLog: ((treeSize: number) => string | null) | undefined;
  for (const { file } of exports) {
    const { report, verifier } = verifyFile(file, 'ledger-export', options);
    results.set(file, report);
    if (exports.length === 1 && verifier !== undefined)
      rootOfLog = (treeSize) => verifier.rootOfLog(treeSize);
  }
  for (const { file, detected } of kinds) {
    if (results.has(file)) continue;
    results.set(
      file,
      detected.error !== undefined
        ? unreadable(detected.error)
        : verifyFile(file, detected.kind, options, rootOfLog).report,
    );
  }
  return files.map((file) => ({ path: file, report: results.get(file) as VerificationReport }));
}

/** Every `*.jsonl` and `*.json` file below `directory`, sorted; a message when it cannot be listed. */
function listVerifiableFiles(directory: string): string[] | string {
  try {
    return (readdirSync(directory, { recursive: true, withFileTypes: false }) as string[])
      .filter((name) => /\.jsonl?$/i.test(name))
      .map((name) => join(directory, name))
      .filter((file) => statSync(file).isFile())
      .sort();
  } catch (error) {
    return describeError(error);
  }
}

/** The file in chunks, read into one reused buffer (linesOfChunks copies what it keeps). */
function* readChunks(path: string): Generator<Uint8Array> {
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) return;
      yield buffer.subarray(0, read);
    }
  } finally {
    closeSync(fd);
  }
}

function unreadable(reason: string): VerificationReport {
  return {
    ok: false,
    kind: 'receipts',
    trialCode: null,
    summary: {
      entries: 0,
      predictionLocks: 0,
      keyRotations: 0,
      treeHeads: 0,
      cosignatures: 0,
      inclusionProofs: 0,
      consistencyProofs: 0,
      openingsRevealed: 0,
      openingsVerified: 0,
      initialKeyId: null,
      latestTreeSize: null,
      latestRootHash: null,
    },
    failures: [{ check: 'unreadable', message: `cannot read the file: ${reason}` }],
    deviations: [],
  };
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return code ?? (error instanceof Error ? error.message : String(error));
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeLedgerExport, toHex, type LedgerExport } from '@prospect/ledger';
import { buildSampleLedger, cloneExport } from '@prospect/ledger-testing';
import { runCli } from './testing/run-cli';
import { verifyPath, type VerifyOptions } from './verify-command';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

const sample = buildSampleLedger({ locks: 8, rotateAfterLocks: 4, revealOpenings: true, headSizes: [4] });
const honest = serializeLedgerExport(sample.export);

describe('prospect verify', () => {
  let workDir: string;

  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'prospect-cli-verify-'));
  });

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  async function verify(path: string, options: Partial<VerifyOptions> = {}): Promise<Outcome> {
    let stdout = '';
    let stderr = '';
    const code = await verifyPath(
      path,
      { json: false, trustedKeys: [], ...options },
      { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
    );
    return { code, stdout, stderr };
  }

  function file(name: string, content: string): string {
    const path = join(workDir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
    return path;
  }

  function tamperedExport(name: string, change: (exp: LedgerExport) => void): string {
    const exp = cloneExport(sample.export);
    change(exp);
    return file(name, serializeLedgerExport(exp));
  }

  it('verifies an honest export: exit 0 and a summary', async () => {
    const outcome = await verify(file('honest.jsonl', honest));
    expect(outcome).toMatchObject({ code: 0, stderr: '' });
    expect(outcome.stdout).toContain('Ledger export of MM-RAD-01: VERIFIED');
    expect(outcome.stdout).toContain('ok   entries: 10 entries (8 prediction locks, 2 key rotations)');
  });

  it('runs as `prospect verify PATH [--json] [--trusted-key K]`, with its exit codes', async () => {
    const command = (args: string[]): Promise<Outcome> => runCli(args, { cwd: workDir });
    file('via-run.jsonl', honest);
    expect(await command(['verify', 'via-run.jsonl'])).toMatchObject({ code: 0 });
    const json = await command(['verify', 'via-run.jsonl', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true });
    const tampered = tamperedExport('via-run-tampered.jsonl', (exp) => {
      const entry = exp.entries[3]?.entry as { modelSha256?: string };
      entry.modelSha256 = 'f'.repeat(64);
    });
    const failed = await command(['verify', tampered]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/FAIL/);
    expect((await command(['verify', 'no-such-file.jsonl'])).code).toBe(2);
    expect((await command(['verify', 'via-run.jsonl', '--trusted-key', 'not-a-key'])).code).toBe(2);
  });

  it('prints the report as JSON with --json', async () => {
    const outcome = await verify(file('honest-json.jsonl', honest), { json: true });
    const report = JSON.parse(outcome.stdout) as {
      ok: boolean;
      kind: string;
      summary: { latestRootHash: string };
    };
    expect(outcome.code).toBe(0);
    expect(report).toMatchObject({ ok: true, kind: 'ledger-export' });
    expect(report.summary.latestRootHash).toBe(toHex(sample.log.root(10)));
  });

  it('checks the initial key against --trusted-key (key id or raw public key)', async () => {
    const path = file('trusted.jsonl', honest);
    expect((await verify(path, { trustedKeys: [sample.keys.initial.keyId] })).code).toBe(0);
    expect((await verify(path, { trustedKeys: [sample.keys.initial.publicKey] })).code).toBe(0);
    const untrusted = await verify(path, { trustedKeys: [sample.keys.witness.keyId] });
    expect(untrusted.code).toBe(1);
    expect(untrusted.stdout).toContain('FAIL [untrusted-key] entry 0:');
    const malformed = await verify(path, { trustedKeys: ['not-a-key'] });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--trusted-key not-a-key: expected a key id');
  });

  it.each<[string, (exp: LedgerExport) => void, string]>([
    [
      'an edited entry',
      (exp) => {
        const entry = exp.entries[3]?.entry;
        if (entry?.kind === 'prediction-lock') entry.inputsSha256 = 'e'.repeat(64);
      },
      'FAIL [root-mismatch]',
    ],
    [
      'a deleted entry',
      (exp) => void exp.entries.splice(2, 1),
      'FAIL [missing-entry] entry 2: entry 2 is missing',
    ],
    [
      'a forged head',
      (exp) => {
        const [first, second] = exp.treeHeads;
        if (first && second) second.signature = first.signature;
      },
      'FAIL [tree-head-signature]',
    ],
    [
      'an edited opening',
      (exp) => {
        const opening = exp.openings[0];
        if (opening) opening.opening.explanation = { edited: true };
      },
      'FAIL [opening-mismatch] entry 1:',
    ],
    [
      'an undeclared lock after treatment start',
      (exp) => {
        const record = exp.treatmentStarts[0];
        if (record) record.at = '2026-03-01';
      },
      'FAIL [lock-after-treatment-start] entry 1:',
    ],
  ])('exits 1 on %s, naming the failure', async (name, change, expected) => {
    const outcome = await verify(tamperedExport(`${name.replace(/ /g, '-')}.jsonl`, change));
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toContain('Ledger export of MM-RAD-01: FAILED');
    expect(outcome.stdout).toContain(expected);
  });

  it('exits 1 on a truncated export', async () => {
    const outcome = await verify(file('truncated.jsonl', honest.slice(0, honest.length - 40)));
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toContain('FAIL [truncated]');
  });

  it('exits 1 on garbage', async () => {
    const outcome = await verify(file('garbage.jsonl', 'PK\u0003\u0004 not a ledger at all'));
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toContain('FAIL [');
  });

  it('verifies receipts: a JSON array, JSON lines and a single receipt', async () => {
    const receipts = sample.receipts();
    expect((await verify(file('receipts.json', JSON.stringify(receipts)))).code).toBe(0);
    expect(
      (await verify(file('receipts.jsonl', receipts.map((r) => JSON.stringify(r)).join('\n')))).code,
    ).toBe(0);
    const single = await verify(file('receipt.json', JSON.stringify(receipts[0], null, 2)));
    expect(single.code).toBe(0);
    expect(single.stdout).toContain('Receipts of MM-RAD-01: VERIFIED');
  });

  it('exits 1 on a tampered receipt', async () => {
    const [receipt] = sample.receipts();
    if (receipt === undefined) throw new Error('sample has receipts');
    const outcome = await verify(
      file('bad-receipt.json', JSON.stringify({ ...receipt, leafIndex: receipt.leafIndex + 1 })),
    );
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toContain('FAIL [inclusion-proof]');
  });

  it('verifies the server layout: ledger.jsonl and receipts/, each receipt against the log', async () => {
    const directory = join(workDir, 'layout');
    file('layout/ledger.jsonl', honest);
    sample
      .receipts()
      .forEach((receipt) => file(`layout/receipts/${receipt.leafIndex}.json`, JSON.stringify(receipt)));
    const outcome = await verify(directory);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('== ledger.jsonl');
    expect(outcome.stdout).toContain('9 files verified.');

    // A receipt from a different tree of the same size: valid alone, refused against the log.
    const other = buildSampleLedger({ locks: 8, rotateAfterLocks: 4, revealOpenings: true, headSizes: [4] });
    const [forked] = other.receipts();
    file('layout/receipts/forked.json', JSON.stringify(forked));
    const split = await verify(directory, { json: true });
    expect(split.code).toBe(1);
    const report = JSON.parse(split.stdout) as {
      ok: boolean;
      files: { path: string; failures: { check: string }[] }[];
    };
    expect(report.ok).toBe(false);
    const forkedReport = report.files.find((entry) => entry.path.endsWith('forked.json'));
    expect(forkedReport?.failures.map((failure) => failure.check)).toContain('split-view');
  });

  it('exits 2 for a path that does not exist, or a directory with nothing to verify', async () => {
    const missing = await verify(join(workDir, 'nowhere.jsonl'));
    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr: `prospect: cannot read ${join(workDir, 'nowhere.jsonl')}: no such file or directory\n`,
    });
    mkdirSync(join(workDir, 'empty'));
    const empty = await verify(join(workDir, 'empty'));
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('holds no .jsonl or .json file to verify');
  });
});

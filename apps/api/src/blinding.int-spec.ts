import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRIAL_ROLES, type TrialRole } from '@prospect/domain';
import request from 'supertest';
import { seedTrial, type SeededTrial } from './testing/seeded-trial';
import { bearer, startTestApp, type TestApp } from '@prospect/api-testing';

/** What blinding hides (docs/ROLES.md). */
type Blinded = 'prediction' | 'outcome' | 'interim-result';
type Caller = 'admin' | TrialRole;

/**
 * Who must never see what: admins without a trial role see no blinded data; coordinators no
 * outcome value and no prediction; outcome assessors no prediction; statisticians no outcome value,
 * no prediction; monitors no prediction; interim results are for the DMC alone.
 */
const HIDDEN_FROM: Readonly<Record<Caller, readonly Blinded[]>> = {
  admin: ['prediction', 'outcome', 'interim-result'],
  coordinator: ['prediction', 'outcome', 'interim-result'],
  'outcome-assessor': ['prediction', 'interim-result'],
  statistician: ['prediction', 'outcome', 'interim-result'],
  monitor: ['prediction', 'interim-result'],
  regulatory: ['interim-result'],
  dmc: [],
};

interface Row {
  method: string;
  path: string;
  callers: readonly Caller[];
}

/** The GET endpoints of docs/ROLES.md's matrix and who may call them. */
function documentedGets(): Row[] {
  const markdown = readFileSync(join(__dirname, '../../../docs/ROLES.md'), 'utf8');
  const table = markdown.split('<!-- role-matrix:start -->')[1]?.split('<!-- role-matrix:end -->')[0] ?? '';
  const everyone: Caller[] = ['admin', ...TRIAL_ROLES];
  return table
    .split('\n')
    .filter((line) => line.startsWith('| GET '))
    .map((line) => {
      const [method = '', path = '', who = ''] = line
        .split('|')
        .slice(1, 4)
        .map((cell) => cell.trim());
      const callers =
        who === 'public' || who.startsWith('any authenticated user')
          ? everyone
          : everyone.filter((caller) =>
              who
                .split(',')
                .map((role) => role.trim())
                .includes(caller),
            );
      return { method, path, callers };
    });
}

/**
 * Where a response shows blinded data: by key (a prediction's probability or class, an outcome
 * value or its evidence, an interim look's statistics) and by value (the seeded probabilities,
 * the assessor's comment and the adjudicator's reason), anywhere in the body.
 */
function exposures(body: unknown, text: string, seeded: SeededTrial): Map<Blinded, string[]> {
  const found = new Map<Blinded, string[]>();
  const note = (kind: Blinded, where: string) => found.set(kind, [...(found.get(kind) ?? []), where]);
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}[${index}]`));
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      const at = `${path}.${key}`;
      if ((key === 'probability' || key === 'predictedClass') && child !== null && child !== undefined)
        note('prediction', at);
      if (key === 'outcome' && (child === 0 || child === 1)) note('outcome', at);
      // An outcome result's evidence (what FHIR said); eligibility rules have evidence too, of another kind.
      if (key === 'evidence' && child !== null && child !== undefined && 'source' in value)
        note('outcome', at);
      if (['auc', 'criticalValue', 'decision'].includes(key) && child !== null && child !== undefined)
        note('interim-result', at);
      visit(child, at);
    }
  };
  visit(body, '$');
  for (const probability of seeded.probabilities) {
    const written = String(probability);
    if (written.length >= 8 && text.includes(written)) note('prediction', `value ${written}`);
  }
  for (const secret of seeded.outcomeTexts) if (text.includes(secret)) note('outcome', `text "${secret}"`);
  return found;
}

describe('blinded fields in every GET response, for every role allowed to call it', () => {
  let testApp: TestApp;
  let seeded: SeededTrial;
  let tokens: Map<Caller, string>;
  let someUserId = '';

  beforeAll(async () => {
    testApp = await startTestApp({ LOG_LEVEL: 'error' });
    seeded = await seedTrial(testApp, 'blind');
    tokens = new Map<Caller, string>([['admin', seeded.admin], ...Object.entries(seeded.tokens)] as [
      Caller,
      string,
    ][]);
    someUserId = ((await testApp.dataSource.query(`SELECT id FROM app_user LIMIT 1`)) as { id: string }[])[0]
      ?.id as string;
  }, 600_000);

  afterAll(() => testApp?.close());

  /** Every URL to try for a documented path: each subject, each job; query parameters that make sense. */
  function urls(path: string): string[] {
    const filled = path
      .replace('{trialCode}', seeded.trialCode)
      .replace('{userId}', someUserId)
      .replace('{assignmentId}', '00000000-0000-4000-8000-000000000000')
      .replace('{signatureId}', seeded.adjudicationSignatureId)
      .replace('{version}', '1')
      .replace('{lookNumber}', '1')
      .replace('{evaluationNumber}', '1')
      .replace('{packageNumber}', '1')
      .replace('{sha256}', seeded.modelSha256);
    let expanded = [filled];
    if (filled.includes('{subjectId}'))
      expanded = seeded.subjects.map((subject) => filled.replace('{subjectId}', subject));
    if (filled.includes('{jobId}')) expanded = seeded.jobIds.map((job) => filled.replace('{jobId}', job));
    if (path.endsWith('/ledger/inclusion-proof'))
      expanded = seeded.subjects.map(
        (_, index) => `${filled}?index=${index}&treeSize=${seeded.subjects.length}`,
      );
    if (path.endsWith('/ledger/consistency-proof'))
      expanded = [`${filled}?from=1&to=${seeded.subjects.length}`];
    if (path.endsWith('/outcomes')) expanded = [filled, `${filled}?status=adjudicated`];
    if (path.endsWith('/audit-events/export')) expanded = [`${filled}?format=json`, `${filled}?format=csv`];
    if (path.endsWith('/audit-events')) expanded = [`${filled}?limit=1000`];
    return expanded;
  }

  it('shows no role a blinded field it must not see, and the scan does find them where allowed', async () => {
    const leaks: string[] = [];
    const seen = new Map<Caller, Set<Blinded>>();
    const answered = new Map<Caller, number>();
    for (const row of documentedGets()) {
      for (const url of urls(row.path)) {
        for (const caller of row.callers) {
          const response = await request(testApp.http)
            .get(url)
            .set(bearer(tokens.get(caller) as string))
            .buffer(true)
            .parse((res, callback) => {
              const chunks: Buffer[] = [];
              res.on('data', (chunk: Buffer) => chunks.push(chunk));
              res.on('end', () => callback(null, Buffer.concat(chunks)));
            });
          if (response.status >= 500) leaks.push(`${url} as ${caller}: ${response.status}`);
          if (response.status !== 200) continue;
          answered.set(caller, (answered.get(caller) ?? 0) + 1);
          const type = String(response.headers['content-type'] ?? '');
          if (!/json|text|ndjson/.test(type)) continue;
          const text = (response.body as Buffer).toString('utf8');
          let body: unknown = null;
          try {
            body = JSON.parse(text);
          } catch {
            // Not one JSON document (an NDJSON export, CSV): scanned as text and line by line.
            body = text
              .split('\n')
              .filter((line) => line.trim().startsWith('{'))
              .map((line) => {
                try {
                  return JSON.parse(line) as unknown;
                } catch {
                  return null;
                }
              });
          }
          for (const [kind, where] of exposures(body, text, seeded)) {
            seen.set(caller, new Set([...(seen.get(caller) ?? []), kind]));
            if (HIDDEN_FROM[caller].includes(kind))
              leaks.push(`${row.method} ${url} as ${caller}: ${kind} at ${where.slice(0, 3).join(', ')}`);
          }
        }
      }
    }
    expect(leaks).toEqual([]);
    // Not vacuous: every role got answers, and the scan recognises each blinded kind where it is allowed.
    for (const caller of tokens.keys()) expect(answered.get(caller) ?? 0).toBeGreaterThan(5);
    expect([...(seen.get('dmc') ?? [])].sort()).toEqual(['interim-result', 'outcome', 'prediction']);
    expect([...(seen.get('regulatory') ?? [])].sort()).toEqual(['outcome', 'prediction']);
    expect([...(seen.get('outcome-assessor') ?? [])]).toEqual(['outcome']);
    expect([...(seen.get('monitor') ?? [])]).toEqual(['outcome']);
  }, 600_000);
});

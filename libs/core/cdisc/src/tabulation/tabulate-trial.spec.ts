import type { Dataset, DatasetValue } from '../model';
import { preflightXpt } from '../preflight-xpt';
import { readXpt } from '../read-xpt';
import { writeXpt } from '../write-xpt';
import { adamAdsl, covariateName } from './adam-adsl';
import { reviewersGuide } from './reviewers-guide';
import { dispositionDecod } from './sdtm-ds';
import { outcomeResult } from './sdtm-outcome';
import { subjectIdentifiers } from './subjects';
import { tabulateTrial } from './tabulate-trial';
import { MRD_TRIAL, OTHER_TRIAL, PCR_TRIAL } from './trial-export.fixture';
import type { TrialExport } from './trial-export';

const all = (trial: TrialExport): Dataset[] => {
  const { sdtm, adam } = tabulateTrial(trial);
  return [...sdtm, ...adam];
};
const byName = (trial: TrialExport, name: string): Dataset => {
  const dataset = all(trial).find((candidate) => candidate.name === name);
  if (!dataset) throw new Error(`no dataset ${name}`);
  return dataset;
};
const records = (dataset: Dataset): Record<string, DatasetValue>[] =>
  dataset.rows.map((row) =>
    Object.fromEntries(dataset.variables.map((variable, index) => [variable.name, row[index] ?? null])),
  );
const recordsOf = (dataset: Dataset, usubjid: string): Record<string, DatasetValue>[] =>
  records(dataset).filter((record) => record['USUBJID'] === usubjid);

const S1 = 'MM-RAD-01-HD01-0001';
const S2 = 'MM-RAD-01-HD01-0002';
const hex = (character: string): string => character.repeat(64);

/** Natural keys per dataset. */
const KEYS: Record<string, string[]> = {
  DM: ['USUBJID'],
  DS: ['USUBJID', 'DSSEQ'],
  EX: ['USUBJID', 'EXSEQ'],
  PR: ['USUBJID', 'PRSEQ'],
  DV: ['USUBJID', 'DVSEQ'],
  LB: ['USUBJID', 'LBSEQ'],
  MI: ['USUBJID', 'MISEQ'],
  ZO: ['USUBJID', 'ZOSEQ'],
  ZP: ['USUBJID', 'ZPSEQ'],
  ADSL: ['USUBJID'],
  ADACC: ['USUBJID', 'PARAMCD'],
};

describe.each([
  ['MRD', MRD_TRIAL, 'LB'],
  ['pCR', PCR_TRIAL, 'MI'],
  ['other', OTHER_TRIAL, 'ZO'],
])('tabulateTrial (%s endpoint)', (_label, trial, outcomeDomain) => {
  const datasets = all(trial);

  it('makes the expected datasets', () => {
    expect(datasets.map((dataset) => dataset.name)).toEqual([
      'DM',
      'DS',
      'EX',
      'SUPPEX',
      'PR',
      'SUPPPR',
      'DV',
      outcomeDomain,
      `SUPP${outcomeDomain}`,
      'ZP',
      'SUPPZP',
      'ADSL',
      'ADACC',
    ]);
  });

  it('passes preflightXpt for every dataset', () => {
    for (const dataset of datasets)
      expect({ name: dataset.name, problems: preflightXpt(dataset) }).toEqual({
        name: dataset.name,
        problems: [],
      });
  });

  it('has unique keys in every dataset', () => {
    for (const dataset of datasets) {
      const keys = dataset.name.startsWith('SUPP')
        ? ['USUBJID', 'IDVAR', 'IDVARVAL', 'QNAM']
        : (KEYS[dataset.name] as string[]);
      const seen = records(dataset).map((record) => JSON.stringify(keys.map((key) => record[key])));
      expect({ name: dataset.name, duplicates: seen.length - new Set(seen).size }).toEqual({
        name: dataset.name,
        duplicates: 0,
      });
      for (const record of records(dataset)) for (const key of keys) expect(record[key]).not.toBeNull();
    }
  });

  it('round-trips through writeXpt and readXpt with identical values', () => {
    const library = readXpt(writeXpt(datasets));
    expect(library.members.map((member) => member.name)).toEqual(datasets.map((dataset) => dataset.name));
    library.members.forEach((member, index) => {
      const dataset = datasets[index] as Dataset;
      expect(member.label).toBe(dataset.label);
      expect(
        member.variables.map(({ name, label, type, format }) => ({ name, label, type, format })),
      ).toEqual(dataset.variables.map(({ name, label, type, format }) => ({ name, label, type, format })));
      expect(member.rows).toEqual(dataset.rows);
    });
  });

  it('uses the outcome domain with its own prefix', () => {
    const outcome = byName(trial, outcomeDomain);
    expect(outcome.variables.map((variable) => variable.name)).toContain(`${outcomeDomain}TESTCD`);
    expect(recordsOf(outcome, S1)[0]).toMatchObject({
      [`${outcomeDomain}DTC`]: '2027-04-01T00:00:00',
      [`${outcomeDomain}DY`]: 91,
    });
  });
});

describe('SDTM mappings (MRD trial, hand-written expectations)', () => {
  it('DM: subject 0001 and the edge cases', () => {
    const dm = byName(MRD_TRIAL, 'DM');
    expect(dm.rows[0]).toEqual([
      'MM-RAD-01',
      'DM',
      S1,
      '0001',
      '2027-01-01T10:00:00',
      '2027-04-01T00:00:00',
      '2027-01-01T10:00:00',
      '2027-04-01T00:00:00',
      'HD01',
      63,
      'YEARS',
      'M',
      'PV',
      'PROSPECTIVE VALIDATION',
      'PV',
      'PROSPECTIVE VALIDATION',
      null,
      'DEU',
    ]);
    // Missing age and sex, offset converted to UTC.
    expect(recordsOf(dm, S2)[0]).toMatchObject({
      AGE: null,
      AGEU: null,
      SEX: 'U',
      RFSTDTC: '2027-01-15T07:00:00',
    });
    expect(recordsOf(dm, 'MM-RAD-01-HD01-0003')[0]).toMatchObject({
      SEX: 'U',
      RFENDTC: '2027-02-15T00:00:00',
    });
    // Never locked, never treated.
    expect(recordsOf(dm, 'MM-RAD-01-HD01-0005')[0]).toMatchObject({
      RFSTDTC: null,
      RFENDTC: null,
      ACTARMCD: null,
      ACTARM: null,
      ARMNRS: 'ASSIGNED, NOT TREATED',
      ARMCD: 'PV',
    });
    expect(recordsOf(dm, 'MM-RAD-01-MZ02-0008')[0]).toMatchObject({
      COUNTRY: null,
      SITEID: 'MZ02',
      SUBJID: '0008',
    });
    expect(dm.rows.map((row) => row[2])).toEqual([...dm.rows.map((row) => row[2] as string)].sort());
    expect(dm.rows).toHaveLength(MRD_TRIAL.subjects.length);
  });

  it('USUBJID is STUDYID-SITEID-SUBJID of pseudonymous codes only', () => {
    for (const record of records(byName(MRD_TRIAL, 'DM'))) {
      expect(record['USUBJID']).toBe(`${record['STUDYID']}-${record['SITEID']}-${record['SUBJID']}`);
      expect(record['USUBJID']).toMatch(/^MM-RAD-01-(HD01|MZ02)-\d{4}$/);
    }
    expect(
      subjectIdentifiers({ studyId: 'S1', trialCode: 'T' }, { subjectId: 'X-77', site: 'A1' }).usubjid,
    ).toBe('S1-A1-X-77');
    expect(() =>
      subjectIdentifiers({ studyId: 'S1', trialCode: 'T' }, { subjectId: 'Max Mustermann', site: 'A1' }),
    ).toThrow(RangeError);
    expect(() =>
      tabulateTrial({ ...MRD_TRIAL, subjects: [...MRD_TRIAL.subjects, ...MRD_TRIAL.subjects.slice(1, 2)] }),
    ).toThrow(/duplicate USUBJID/);
    expect(() => tabulateTrial({ ...MRD_TRIAL, sites: [] })).toThrow(/unknown site/);
  });

  it('DS: enrolled, withdrawn (reason, CT term, ASCII) and completed in date order', () => {
    const ds = byName(MRD_TRIAL, 'DS');
    expect(
      recordsOf(ds, S1).map((record) => [
        record['DSSEQ'],
        record['DSDECOD'],
        record['DSCAT'],
        record['DSSTDTC'],
        record['DSSTDY'],
      ]),
    ).toEqual([
      [1, 'ENROLLED', 'PROTOCOL MILESTONE', '2026-12-28T09:15:00', -4],
      [2, 'COMPLETED', 'DISPOSITION EVENT', '2027-04-01T00:00:00', 91],
    ]);
    expect(recordsOf(ds, 'MM-RAD-01-HD01-0003')[1]).toMatchObject({
      DSSEQ: 2,
      DSTERM: 'Patient withdrew consent',
      DSDECOD: 'WITHDRAWAL BY SUBJECT',
      DSSTDY: 32,
    });
    expect(recordsOf(ds, 'MM-RAD-01-HD01-0007')[1]).toMatchObject({
      DSTERM: 'Lost to follow-up ? verzogen nach Ubersee',
      DSDECOD: 'LOST TO FOLLOW-UP',
      DSSTDTC: '2027-03-01',
    });
    // Missing outcome: no COMPLETED record.
    expect(recordsOf(ds, 'MM-RAD-01-HD01-0006').map((record) => record['DSDECOD'])).toEqual(['ENROLLED']);
    expect(dispositionDecod('Patient died')).toBe('DEATH');
    expect(dispositionDecod('Investigator decision')).toBe('PHYSICIAN DECISION');
    expect(dispositionDecod('moved abroad')).toBe('OTHER');
  });

  it('EX and PR split by source, with the code in SUPP--', () => {
    expect(records(byName(MRD_TRIAL, 'EX'))[0]).toEqual({
      STUDYID: 'MM-RAD-01',
      DOMAIN: 'EX',
      USUBJID: S1,
      EXSEQ: 1,
      EXTRT: 'Daratumumab',
      EXSTDTC: '2027-01-01T10:00:00',
      EXSTDY: 1,
    });
    expect(records(byName(MRD_TRIAL, 'PR')).map((record) => [record['USUBJID'], record['PRTRT']])).toEqual([
      [S2, 'Autologous stem cell transplantation'],
      ['MM-RAD-01-MZ02-0011', 'Radiotherapy'],
    ]);
    expect(recordsOf(byName(MRD_TRIAL, 'SUPPPR'), S2)).toEqual([
      {
        STUDYID: 'MM-RAD-01',
        RDOMAIN: 'PR',
        USUBJID: S2,
        IDVAR: 'PRSEQ',
        IDVARVAL: '1',
        QNAM: 'TRTCODE',
        QLABEL: 'Treatment Code in Source Record',
        QVAL: '8-805.0',
        QORIG: 'Collected',
        QEVAL: null,
      },
    ]);
  });

  it('DV: deviation and imaging outside the window', () => {
    expect(
      records(byName(MRD_TRIAL, 'DV')).map((record) => [
        record['USUBJID'],
        record['DVSEQ'],
        record['DVTERM'],
        record['DVCAT'],
      ]),
    ).toEqual([
      ['MM-RAD-01-HD01-0004', 1, 'Prediction locked after treatment start', 'LATE LOCK'],
      ['MM-RAD-01-HD01-0004', 2, 'IMAGING OUTSIDE PROTOCOL WINDOW', 'IMAGING WINDOW'],
    ]);
  });

  it('LB: MRD results with the positive class MRD-negative, not-done and evaluator', () => {
    const lb = byName(MRD_TRIAL, 'LB');
    expect(recordsOf(lb, S1)[0]).toEqual({
      STUDYID: 'MM-RAD-01',
      DOMAIN: 'LB',
      USUBJID: S1,
      LBSEQ: 1,
      LBTESTCD: 'MRD',
      LBTEST: 'Minimal Residual Disease',
      LBORRES: 'NEGATIVE',
      LBSTRESC: 'NEGATIVE',
      LBSTAT: null,
      LBREASND: null,
      LBEVAL: null,
      VISITNUM: 1,
      VISIT: 'OUTCOME ASSESSMENT',
      LBDTC: '2027-04-01T00:00:00',
      LBDY: 91,
    });
    expect(recordsOf(lb, S2)[0]).toMatchObject({
      LBORRES: 'POSITIVE',
      LBEVAL: 'INDEPENDENT ASSESSOR',
      LBDTC: '2027-06-20',
      LBDY: 157,
    });
    expect(recordsOf(lb, 'MM-RAD-01-HD01-0006')[0]).toMatchObject({
      LBORRES: null,
      LBSTAT: 'NOT DONE',
      LBREASND: 'MISSING',
      LBDTC: null,
      LBDY: null,
    });
    expect(recordsOf(lb, 'MM-RAD-01-MZ02-0010')[0]).toMatchObject({ LBEVAL: 'ADJUDICATION COMMITTEE' });
    expect(
      recordsOf(byName(MRD_TRIAL, 'SUPPLB'), S2).map((record) => [record['QNAM'], record['QVAL']]),
    ).toEqual([
      ['OUTSRC', 'ASSESSOR'],
      ['INWINDOW', 'N'],
      ['OUTDET', 'Befund: MRD positiv (Dr. Uberprufung)'],
    ]);
  });

  it('outcomeResult maps the positive class per endpoint', () => {
    const mrd = { type: 'mrd' as const, positiveClass: 'MRD-positive', assessmentWindowDays: 1 };
    expect(outcomeResult(mrd, 1)).toBe('POSITIVE');
    expect(outcomeResult({ ...mrd, positiveClass: 'MRD negative' }, 1)).toBe('NEGATIVE');
    const pcr = { type: 'pcr' as const, positiveClass: 'pCR', assessmentWindowDays: 1 };
    expect([outcomeResult(pcr, 1), outcomeResult(pcr, 0), outcomeResult(pcr, null)]).toEqual([
      'Y',
      'N',
      null,
    ]);
    expect(outcomeResult({ ...pcr, positiveClass: 'residual disease' }, 1)).toBe('N');
    expect(outcomeResult({ type: 'other', positiveClass: 'x', assessmentWindowDays: 1 }, 0)).toBe('NEGATIVE');
    expect(records(byName(PCR_TRIAL, 'MI'))[0]).toMatchObject({
      MITESTCD: 'PCR',
      MIORRES: 'Y',
      MITEST: 'Pathologic Complete Response',
    });
  });

  it('ZP: six lock records per locked subject, negative ZPDY, blinded results blank', () => {
    const zp = byName(MRD_TRIAL, 'ZP');
    const s1 = recordsOf(zp, S1);
    expect(
      s1.map((record) => [record['ZPSEQ'], record['ZPTESTCD'], record['ZPORRES'], record['ZPSTRESN']]),
    ).toEqual([
      [1, 'PROB', '0.82', 0.82],
      [2, 'PCLASS', '1', 1],
      [3, 'LEAFIDX', '0', 0],
      [4, 'MODELSHA', hex('f'), null],
      [5, 'INPSHA', hex('a'), null],
      [6, 'IMGSHA', hex('b'), null],
    ]);
    expect(s1[0]).toEqual({
      STUDYID: 'MM-RAD-01',
      DOMAIN: 'ZP',
      USUBJID: S1,
      ZPSEQ: 1,
      ZPGRPID: 'LEAF-0',
      ZPTESTCD: 'PROB',
      ZPTEST: 'Predicted Probability',
      ZPCAT: 'AI PREDICTION LOCK',
      ZPORRES: '0.82',
      ZPSTRESC: '0.82',
      ZPSTRESN: 0.82,
      ZPMETHOD: 'RadMM 1.2.0',
      ZPDTC: '2026-12-31T16:30:00',
      ZPDY: -1,
    });
    const s2 = recordsOf(zp, S2);
    expect(
      s2.slice(0, 2).map((record) => [record['ZPORRES'], record['ZPSTRESC'], record['ZPSTRESN']]),
    ).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
    expect(s2[0]).toMatchObject({ ZPDTC: '2027-01-14T17:00:00', ZPDY: -1 });
    expect(recordsOf(zp, 'MM-RAD-01-HD01-0004')[0]).toMatchObject({ ZPDY: 2 });
    expect(recordsOf(zp, 'MM-RAD-01-HD01-0005')).toEqual([]);
    expect(zp.rows).toHaveLength(6 * 11); // 12 subjects, 0005 never locked
  });

  it('SUPPZP: commitment digest, model match and blinded flags', () => {
    const supp = byName(MRD_TRIAL, 'SUPPZP');
    expect(
      recordsOf(supp, S2).map((record) => [
        record['IDVAR'],
        record['IDVARVAL'],
        record['QNAM'],
        record['QVAL'],
      ]),
    ).toEqual([
      ['ZPGRPID', 'LEAF-2', 'COMMITDG', hex('d')],
      ['ZPGRPID', 'LEAF-2', 'MDLMATCH', 'N'],
      ['ZPSEQ', '1', 'BLINDED', 'Y'],
      ['ZPSEQ', '2', 'BLINDED', 'Y'],
    ]);
    expect(recordsOf(supp, S1).map((record) => record['QNAM'])).toEqual(['COMMITDG', 'MDLMATCH']);
  });
});

describe('ADaM mappings', () => {
  it('ADSL: subject 0001 with SAS dates and datetimes checked by hand', () => {
    const adsl = records(byName(MRD_TRIAL, 'ADSL'));
    expect(adsl[0]).toEqual({
      STUDYID: 'MM-RAD-01',
      USUBJID: S1,
      SUBJID: '0001',
      SITEID: 'HD01',
      AGE: 63,
      AGEU: 'YEARS',
      SEX: 'M',
      ARM: 'PROSPECTIVE VALIDATION',
      TRT01P: 'PROSPECTIVE VALIDATION',
      TRT01A: 'PROSPECTIVE VALIDATION',
      ENRLDT: 24468, // 2026-12-28 = 2027-01-01 (24472) − 4
      TRTSDT: 24472, // 2027-01-01
      TRTSDTM: 24472 * 86400 + 10 * 3600, // 2027-01-01T10:00:00 = 2114416800
      LOCKDTM: 24471 * 86400 + 16 * 3600 + 30 * 60, // 2026-12-31T16:30:00
      ITTFL: 'Y',
      PPROTFL: 'Y',
      BLINDFL: 'N',
      EOSSTT: 'COMPLETED',
      EOSDT: 24562, // 2027-04-01 = 24472 + 31 + 28 + 31
      DCSREAS: null,
      DCSREASP: null,
      DVFL: 'N',
      DVKIND: null,
      IMGOWFL: 'N',
      ECOG: 1,
      ISS_STAG: 'II',
    });
    expect(adsl[0]?.['TRTSDTM']).toBe(2114416800);
    const byId = (id: string): Record<string, DatasetValue> =>
      adsl.find((record) => record['USUBJID'] === id) ?? {};
    expect(byId('MM-RAD-01-HD01-0003')).toMatchObject({
      ITTFL: 'Y',
      PPROTFL: 'N',
      EOSSTT: 'DISCONTINUED',
      DCSREAS: 'WITHDRAWAL BY SUBJECT',
      DCSREASP: 'Patient withdrew consent',
      EOSDT: 24472 + 45,
      ISS_STAG: null,
    });
    expect(byId('MM-RAD-01-HD01-0004')).toMatchObject({
      DVFL: 'Y',
      DVKIND: 'LATE-LOCK',
      IMGOWFL: 'Y',
      PPROTFL: 'N',
    });
    expect(byId('MM-RAD-01-HD01-0005')).toMatchObject({
      ITTFL: 'N',
      TRT01A: null,
      BLINDFL: null,
      LOCKDTM: null,
      TRTSDT: null,
      EOSSTT: 'ONGOING',
      EOSDT: null,
    });
    expect(byId(S2)).toMatchObject({ BLINDFL: 'Y', AGE: null, SEX: 'U', ECOG: null, ISS_STAG: 'III' });
    expect(byId('MM-RAD-01-MZ02-0009')).toMatchObject({ AGE: 49.5, SEX: 'U' });
    const variables = byName(MRD_TRIAL, 'ADSL').variables;
    expect(variables.find((variable) => variable.name === 'LOCKDTM')?.format).toBe('E8601DT19.');
    expect(variables.find((variable) => variable.name === 'TRTSDT')?.format).toBe('DATE9.');
    expect(variables.find((variable) => variable.name === 'ECOG')?.type).toBe('Num');
  });

  it('covariate names are SAS names and collisions throw', () => {
    expect(covariateName('ecog_ps')).toBe('ECOG_PS');
    expect(covariateName('ldh.ratio')).toBe('LDH_RATI');
    expect(covariateName('2nd line')).toBe('_2ND_LIN');
    const clash = {
      ...MRD_TRIAL,
      subjects: MRD_TRIAL.subjects.map((subject) => ({
        ...subject,
        covariates: { 'ldh.ratio1': 1, 'ldh.ratio2': 2 },
      })),
    };
    expect(() => adamAdsl(clash)).toThrow(/maps to LDH_RATI/);
    const standard = {
      ...MRD_TRIAL,
      subjects: MRD_TRIAL.subjects.map((subject) => ({ ...subject, covariates: { age: 1 } })),
    };
    expect(() => adamAdsl(standard)).toThrow(/standard variable AGE/);
  });

  it('ADACC: probability, criterion, outcome, analysis flags and traceability', () => {
    const adacc = records(byName(MRD_TRIAL, 'ADACC'));
    expect(adacc[0]).toEqual({
      STUDYID: 'MM-RAD-01',
      USUBJID: S1,
      SITEID: 'HD01',
      PARAMCD: 'AUCPRED',
      PARAM: 'Locked Predicted Probability',
      AVAL: 0.82,
      PREDCLS: 1,
      CRIT1: 'AVAL >= 0.5',
      CRIT1FL: 'Y',
      OUTCOME: 1,
      ADT: 24562,
      ADY: 91,
      ITTFL: 'Y',
      PPROTFL: 'Y',
      ANL01FL: 'Y',
      ANL02FL: 'Y',
      SRCDOM: 'ZP',
      SRCVAR: 'ZPSTRESN',
      SRCSEQ: 1,
    });
    const byId = (id: string): Record<string, DatasetValue> | undefined =>
      adacc.find((record) => record['USUBJID'] === id);
    // Blinded, out of window: sensitivity only.
    expect(byId(S2)).toMatchObject({
      AVAL: null,
      PREDCLS: null,
      CRIT1FL: null,
      OUTCOME: 0,
      ANL01FL: null,
      ANL02FL: 'Y',
    });
    // Deviation (not per protocol): sensitivity only; 0.55 ≥ 0.5.
    expect(byId('MM-RAD-01-HD01-0004')).toMatchObject({
      CRIT1FL: 'Y',
      PPROTFL: 'N',
      ANL01FL: null,
      ANL02FL: 'Y',
    });
    // Outcome not obtained: in neither analysis.
    expect(byId('MM-RAD-01-HD01-0006')).toMatchObject({
      OUTCOME: null,
      ADT: null,
      ANL01FL: null,
      ANL02FL: null,
    });
    expect(byId('MM-RAD-01-MZ02-0008')).toMatchObject({ CRIT1FL: 'N', ANL01FL: 'Y' });
    // Withdrawn without outcome and never locked: no row.
    expect(byId('MM-RAD-01-HD01-0003')).toBeUndefined();
    expect(byId('MM-RAD-01-HD01-0005')).toBeUndefined();
    // Every SRCSEQ points at the PROB record in ZP.
    const zp = records(byName(MRD_TRIAL, 'ZP'));
    for (const record of adacc) {
      const source = zp.find(
        (candidate) => candidate['USUBJID'] === record['USUBJID'] && candidate['ZPSEQ'] === record['SRCSEQ'],
      );
      expect(source?.['ZPTESTCD']).toBe('PROB');
      expect(source?.['ZPSTRESN']).toBe(record['AVAL']);
    }
  });
});

describe('reviewersGuide', () => {
  it('documents every mapping choice', () => {
    const guide = reviewersGuide(MRD_TRIAL);
    for (const text of [
      "# Reviewer's Guide — MM-RAD-01",
      '| ZP | AI Prediction Locks | 66 |',
      'STUDYID-SITEID-SUBJID',
      'no day 0',
      'RFICDTC is not populated',
      'days since 1960-01-01',
      'seconds since 1960-01-01T00:00:00 UTC',
      'MRD is a laboratory result, hence LB.',
      'NEGATIVE',
      'SUPPZP',
      'COMMITDG',
      'BLINDED = Y',
      'ANL01FL',
      'ANL02FL',
      'ITTFL',
      'PPROTFL',
      'ASSIGNED, NOT TREATED',
      'MedicationAdministration',
    ]) {
      expect(guide).toContain(text);
    }
    expect(reviewersGuide(PCR_TRIAL)).toContain('hence MI; PC is not used');
    expect(reviewersGuide(OTHER_TRIAL)).toContain('sponsor-defined findings domain ZO');
  });
});

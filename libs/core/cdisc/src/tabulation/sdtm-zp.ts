import type { Dataset, DatasetValue } from '../model';
import { asciiText } from './ascii-text';
import { buildDataset, type VariableSpec } from './build-dataset';
import { isoDtc } from './iso-dtc';
import { studyDay } from './study-day';
import { tabulatedSubjects } from './subjects';
import { suppDataset, type SuppRecord } from './suppqual';
import type { ExportLock, TrialExport } from './trial-export';

/** ZPSEQ of each ZP test (records of a lock are always written in this order). */
export const ZP_SEQ = { PROB: 1, PCLASS: 2, LEAFIDX: 3, MODELSHA: 4, INPSHA: 5, IMGSHA: 6 } as const;

const TESTS: readonly {
  testcd: keyof typeof ZP_SEQ;
  test: string;
  result: (lock: ExportLock) => string | number | null;
}[] = [
  { testcd: 'PROB', test: 'Predicted Probability', result: (lock) => lock.probability },
  { testcd: 'PCLASS', test: 'Predicted Class', result: (lock) => lock.predictedClass },
  { testcd: 'LEAFIDX', test: 'Signed Log Leaf Index', result: (lock) => lock.leafIndex },
  { testcd: 'MODELSHA', test: 'Model SHA-256', result: (lock) => lock.modelSha256 },
  { testcd: 'INPSHA', test: 'Model Inputs SHA-256', result: (lock) => lock.inputsSha256 },
  { testcd: 'IMGSHA', test: 'Image SHA-256', result: (lock) => lock.imageSha256 },
];

const SPECS: readonly VariableSpec[] = [
  ['STUDYID', 'Study Identifier', 'Char'],
  ['DOMAIN', 'Domain Abbreviation', 'Char'],
  ['USUBJID', 'Unique Subject Identifier', 'Char'],
  ['ZPSEQ', 'Sequence Number', 'Num'],
  ['ZPGRPID', 'Group ID', 'Char'],
  ['ZPTESTCD', 'Prediction Lock Test Short Name', 'Char'],
  ['ZPTEST', 'Prediction Lock Test Name', 'Char'],
  ['ZPCAT', 'Category for Prediction Lock', 'Char'],
  ['ZPORRES', 'Result or Finding in Original Units', 'Char'],
  ['ZPSTRESC', 'Character Result/Finding in Std Format', 'Char'],
  ['ZPSTRESN', 'Numeric Result/Finding in Standard Units', 'Num'],
  ['ZPMETHOD', 'Method of Test or Examination', 'Char'],
  ['ZPDTC', 'Date/Time of Prediction Lock', 'Char'],
  ['ZPDY', 'Study Day of Prediction Lock', 'Num'],
];

/** ZPGRPID of a lock: `LEAF-<leaf index>`. */
export function lockGroupId(lock: ExportLock): string {
  return `LEAF-${lock.leafIndex}`;
}

/**
 * Sponsor-defined findings domain ZP "AI Prediction Locks": per locked subject six records in
 * {@link ZP_SEQ} order — PROB (probability in ZPSTRESN), PCLASS (predicted class 0/1), LEAFIDX
 * (leaf index in the signed log), MODELSHA, INPSHA and IMGSHA (SHA-256 hex digests, ZPSTRESN
 * null). PROB and PCLASS results are null while blinded (SUPPZP `BLINDED` = Y). All records of a
 * lock share ZPGRPID {@link lockGroupId}, ZPDTC the lock time, ZPDY relative to RFSTDTC (negative:
 * locks precede treatment) and ZPMETHOD the model name and version of the protocol.
 */
export function sdtmZp(trial: TrialExport): Dataset {
  const method = asciiText(`${trial.protocol.modelName} ${trial.protocol.modelVersion}`);
  const records = tabulatedSubjects(trial).flatMap(({ subject, studyId, usubjid, rfstdtc }) => {
    const lock = subject.lock;
    if (lock === null) return [];
    const dtc = isoDtc(lock.lockedAt);
    return TESTS.map(({ testcd, test, result }) => {
      const value = result(lock);
      const text: DatasetValue =
        value === null ? null : typeof value === 'number' ? String(value) : asciiText(value);
      return {
        STUDYID: studyId,
        DOMAIN: 'ZP',
        USUBJID: usubjid,
        ZPSEQ: ZP_SEQ[testcd],
        ZPGRPID: lockGroupId(lock),
        ZPTESTCD: testcd,
        ZPTEST: test,
        ZPCAT: 'AI PREDICTION LOCK',
        ZPORRES: text,
        ZPSTRESC: text,
        ZPSTRESN: typeof value === 'number' ? value : null,
        ZPMETHOD: method,
        ZPDTC: dtc,
        ZPDY: studyDay(dtc, rfstdtc),
      };
    });
  });
  return buildDataset('ZP', 'AI Prediction Locks', SPECS, records);
}

/**
 * SUPPZP: per lock (IDVAR ZPGRPID) `COMMITDG`, the commitment digest signed into the log, and
 * `MDLMATCH` (Y/N) whether the lock's model SHA-256 equals the protocol's; per blinded PROB and
 * PCLASS record (IDVAR ZPSEQ) `BLINDED` = Y.
 */
export function sdtmZpSupp(trial: TrialExport): Dataset {
  const records = tabulatedSubjects(trial).flatMap(({ subject, studyId, usubjid }): SuppRecord[] => {
    const lock = subject.lock;
    if (lock === null) return [];
    const group = { studyId, usubjid, idvar: 'ZPGRPID', idvarval: lockGroupId(lock) };
    const supp: SuppRecord[] = [
      {
        ...group,
        qnam: 'COMMITDG',
        qlabel: 'Commitment Digest',
        qval: asciiText(lock.commitmentDigest) ?? '',
        qorig: 'Collected',
      },
      {
        ...group,
        qnam: 'MDLMATCH',
        qlabel: 'Model SHA-256 Matches Protocol',
        qval: lock.modelSha256.toLowerCase() === trial.protocol.modelSha256.toLowerCase() ? 'Y' : 'N',
        qorig: 'Derived',
      },
    ];
    for (const [testcd, blinded] of [
      ['PROB', lock.probability === null],
      ['PCLASS', lock.predictedClass === null],
    ] as const) {
      if (blinded) {
        supp.push({
          studyId,
          usubjid,
          idvar: 'ZPSEQ',
          idvarval: String(ZP_SEQ[testcd]),
          qnam: 'BLINDED',
          qlabel: 'Result Blinded at Export',
          qval: 'Y',
          qorig: 'Assigned',
        });
      }
    }
    return supp;
  });
  return suppDataset('ZP', records);
}

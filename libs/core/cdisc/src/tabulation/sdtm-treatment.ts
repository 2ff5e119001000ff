import type { Dataset } from '../model';
import { asciiText } from './ascii-text';
import { buildDataset, type VariableSpec } from './build-dataset';
import { studyDay } from './study-day';
import { tabulatedSubjects } from './subjects';
import { suppDataset, type SuppRecord } from './suppqual';
import type { TrialExport } from './trial-export';

/**
 * The treatment start as SDTM: `EX` (Exposure) for subjects whose treatment start came from a FHIR
 * MedicationAdministration, `PR` (Procedures) for those whose start came from a Procedure
 * (surgery, radiotherapy). One record per treated subject (--SEQ 1): --TRT the display text,
 * --STDTC the start, --STDY 1 by construction (RFSTDTC is this start). The source code is kept
 * in SUPPEX/SUPPPR ({@link sdtmTreatmentSupp}). A domain with no subjects has no rows.
 */
export function sdtmTreatment(trial: TrialExport, domain: 'EX' | 'PR'): Dataset {
  const source = domain === 'EX' ? 'MedicationAdministration' : 'Procedure';
  const specs: readonly VariableSpec[] = [
    ['STUDYID', 'Study Identifier', 'Char'],
    ['DOMAIN', 'Domain Abbreviation', 'Char'],
    ['USUBJID', 'Unique Subject Identifier', 'Char'],
    [`${domain}SEQ`, 'Sequence Number', 'Num'],
    [`${domain}TRT`, domain === 'EX' ? 'Name of Treatment' : 'Reported Name of Procedure', 'Char'],
    [
      `${domain}STDTC`,
      domain === 'EX' ? 'Start Date/Time of Treatment' : 'Start Date/Time of Procedure',
      'Char',
    ],
    [
      `${domain}STDY`,
      domain === 'EX' ? 'Study Day of Start of Treatment' : 'Study Day of Start of Procedure',
      'Num',
    ],
  ];
  const records = tabulatedSubjects(trial).flatMap(({ subject, studyId, usubjid, rfstdtc }) => {
    const start = subject.treatmentStart;
    if (start === null || start.source !== source) return [];
    return [
      {
        STUDYID: studyId,
        DOMAIN: domain,
        USUBJID: usubjid,
        [`${domain}SEQ`]: 1,
        [`${domain}TRT`]: asciiText(start.display) ?? asciiText(start.code),
        [`${domain}STDTC`]: rfstdtc,
        [`${domain}STDY`]: studyDay(rfstdtc, rfstdtc),
      },
    ];
  });
  return buildDataset(domain, domain === 'EX' ? 'Exposure' : 'Procedures', specs, records);
}

/**
 * SUPPEX / SUPPPR: the source code of each treatment start (QNAM `TRTCODE`, IDVAR --SEQ = 1),
 * e.g. an ATC, RxNorm or OPS code as recorded in the FHIR resource.
 */
export function sdtmTreatmentSupp(trial: TrialExport, domain: 'EX' | 'PR'): Dataset {
  const source = domain === 'EX' ? 'MedicationAdministration' : 'Procedure';
  const records = tabulatedSubjects(trial).flatMap(({ subject, studyId, usubjid }): SuppRecord[] => {
    const start = subject.treatmentStart;
    const code = asciiText(start?.code);
    if (start === null || start.source !== source || code === null) return [];
    return [
      {
        studyId,
        usubjid,
        idvar: `${domain}SEQ`,
        idvarval: '1',
        qnam: 'TRTCODE',
        qlabel: 'Treatment Code in Source Record',
        qval: code,
        qorig: 'Collected',
      },
    ];
  });
  return suppDataset(domain, records);
}

import type { Dataset } from '../model';
import { buildDataset, type VariableSpec } from './build-dataset';
import { sasDate } from './sas-date';
import { ZP_SEQ } from './sdtm-zp';
import { studyDay } from './study-day';
import { tabulatedSubjects } from './subjects';
import type { TrialExport } from './trial-export';

const SPECS: readonly VariableSpec[] = [
  ['STUDYID', 'Study Identifier', 'Char'],
  ['USUBJID', 'Unique Subject Identifier', 'Char'],
  ['SITEID', 'Study Site Identifier', 'Char'],
  ['PARAMCD', 'Parameter Code', 'Char'],
  ['PARAM', 'Parameter', 'Char'],
  ['AVAL', 'Analysis Value', 'Num'],
  ['PREDCLS', 'Predicted Class', 'Num'],
  ['CRIT1', 'Analysis Criterion 1', 'Char'],
  ['CRIT1FL', 'Criterion 1 Evaluation Result Flag', 'Char'],
  ['OUTCOME', 'Observed Outcome (1 = Positive Class)', 'Num'],
  ['ADT', 'Analysis Date', 'Num', 'DATE9.'],
  ['ADY', 'Analysis Relative Day', 'Num'],
  ['ITTFL', 'Intent-To-Treat Population Flag', 'Char'],
  ['PPROTFL', 'Per-Protocol Population Flag', 'Char'],
  ['ANL01FL', 'Analysis Flag 01 (Primary)', 'Char'],
  ['ANL02FL', 'Analysis Flag 02 (Sensitivity)', 'Char'],
  ['SRCDOM', 'Source Data', 'Char'],
  ['SRCVAR', 'Source Variable', 'Char'],
  ['SRCSEQ', 'Source Sequence Number', 'Num'],
];

/**
 * ADaM ADACC (accuracy analysis, BDS), one row per subject with a locked prediction and an outcome
 * record, sorted by USUBJID. PARAMCD `AUCPRED`: AVAL the locked probability (null while blinded),
 * PREDCLS the locked class, CRIT1 `AVAL >= <threshold>` with CRIT1FL Y/N (null while blinded),
 * OUTCOME the observed value (1 = protocol positive class), ADT/ADY the outcome assessment.
 * ANL01FL (primary analysis) is Y for per-protocol subjects with an observed outcome assessed in
 * the window; ANL02FL (sensitivity) is Y for every subject with an observed outcome; both null
 * otherwise. SRCDOM/SRCVAR/SRCSEQ trace AVAL to ZP.ZPSTRESN of the PROB record.
 */
export function adamAdacc(trial: TrialExport): Dataset {
  const threshold = trial.protocol.decisionThreshold;
  const records = tabulatedSubjects(trial).flatMap(({ subject, studyId, usubjid, siteId, rfstdtc }) => {
    const { lock, outcome } = subject;
    if (lock === null || outcome === null) return [];
    const observed = outcome.value !== null;
    const probability = lock.probability;
    return [
      {
        STUDYID: studyId,
        USUBJID: usubjid,
        SITEID: siteId,
        PARAMCD: 'AUCPRED',
        PARAM: 'Locked Predicted Probability',
        AVAL: probability,
        PREDCLS: lock.predictedClass,
        CRIT1: `AVAL >= ${threshold}`,
        CRIT1FL: probability === null ? null : probability >= threshold ? 'Y' : 'N',
        OUTCOME: outcome.value,
        ADT: sasDate(outcome.assessedAt),
        ADY: studyDay(outcome.assessedAt, rfstdtc),
        ITTFL: 'Y',
        PPROTFL: subject.perProtocol ? 'Y' : 'N',
        ANL01FL: observed && subject.perProtocol && outcome.inWindow !== false ? 'Y' : null,
        ANL02FL: observed ? 'Y' : null,
        SRCDOM: 'ZP',
        SRCVAR: 'ZPSTRESN',
        SRCSEQ: ZP_SEQ.PROB,
      },
    ];
  });
  return buildDataset('ADACC', 'Accuracy Analysis Dataset', SPECS, records);
}

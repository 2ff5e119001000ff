import type { Dataset } from '../model';
import { asciiText } from './ascii-text';
import { buildDataset, type VariableSpec } from './build-dataset';
import { tabulatedSubjects } from './subjects';
import type { TrialExport } from './trial-export';

const SPECS: readonly VariableSpec[] = [
  ['STUDYID', 'Study Identifier', 'Char'],
  ['DOMAIN', 'Domain Abbreviation', 'Char'],
  ['USUBJID', 'Unique Subject Identifier', 'Char'],
  ['DVSEQ', 'Sequence Number', 'Num'],
  ['DVTERM', 'Protocol Deviation Term', 'Char'],
  ['DVDECOD', 'Protocol Deviation Coded Term', 'Char'],
  ['DVCAT', 'Category for Protocol Deviation', 'Char'],
];

/** Upper-case deviation category from a kind such as `late-lock` → `LATE LOCK`. */
function category(kind: string): string | null {
  return asciiText(kind.replace(/[-_]+/g, ' ').toUpperCase());
}

/**
 * SDTM DV (Protocol Deviations): per subject the recorded deviation (DVTERM its reason, DVCAT and
 * DVDECOD its kind in upper case) and, when imaging fell outside the protocol window, a record
 * `IMAGING OUTSIDE PROTOCOL WINDOW` (DVCAT `IMAGING WINDOW`). The export carries no deviation
 * dates, so DVSTDTC is not included.
 */
export function sdtmDv(trial: TrialExport): Dataset {
  const records = tabulatedSubjects(trial).flatMap(({ subject, studyId, usubjid }) => {
    const deviations: { term: string | null; decod: string | null; cat: string | null }[] = [];
    if (subject.deviation !== null) {
      const kind = category(subject.deviation.kind);
      deviations.push({ term: asciiText(subject.deviation.reason) ?? kind, decod: kind, cat: kind });
    }
    if (subject.imagingOutsideWindow) {
      deviations.push({
        term: 'IMAGING OUTSIDE PROTOCOL WINDOW',
        decod: 'IMAGING OUTSIDE PROTOCOL WINDOW',
        cat: 'IMAGING WINDOW',
      });
    }
    return deviations.map((deviation, index) => ({
      STUDYID: studyId,
      DOMAIN: 'DV',
      USUBJID: usubjid,
      DVSEQ: index + 1,
      DVTERM: deviation.term,
      DVDECOD: deviation.decod,
      DVCAT: deviation.cat,
    }));
  });
  return buildDataset('DV', 'Protocol Deviations', SPECS, records);
}

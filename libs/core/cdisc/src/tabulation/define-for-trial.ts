import type { DefineDataset, DefineInput } from '../define/define-input';
import type { Dataset } from '../model';
import type { TrialDatasets } from './tabulate-trial';
import type { TrialExport } from './trial-export';

const SDTMIG = { id: 'SDTMIG', name: 'SDTMIG', type: 'IG' as const, version: '3.4' };
const ADAMIG = { id: 'ADAMIG', name: 'ADaMIG', type: 'IG' as const, version: '1.3' };

interface DomainFacts {
  readonly class: string;
  readonly structure: string;
  readonly repeating: boolean;
}

/** SDTM/ADaM class and structure of each dataset the tabulation produces. */
function factsOf(dataset: Dataset): DomainFacts {
  const name = dataset.name;
  if (name.startsWith('SUPP')) {
    return {
      class: 'RELATIONSHIP',
      structure: 'One record per supplemental qualifier per related record',
      repeating: true,
    };
  }
  switch (name) {
    case 'DM':
      return { class: 'SPECIAL PURPOSE', structure: 'One record per subject', repeating: false };
    case 'DS':
      return {
        class: 'EVENTS',
        structure: 'One record per disposition status or protocol milestone per subject',
        repeating: true,
      };
    case 'DV':
      return { class: 'EVENTS', structure: 'One record per protocol deviation per subject', repeating: true };
    case 'EX':
      return {
        class: 'INTERVENTIONS',
        structure: 'One record per constant dosing interval per subject',
        repeating: true,
      };
    case 'PR':
      return {
        class: 'INTERVENTIONS',
        structure: 'One record per recorded procedure per subject',
        repeating: true,
      };
    case 'ADSL':
      return {
        class: 'SUBJECT LEVEL ANALYSIS DATASET',
        structure: 'One record per subject',
        repeating: false,
      };
    case 'ADACC':
      return {
        class: 'BASIC DATA STRUCTURE',
        structure: 'One record per subject per parameter',
        repeating: true,
      };
    default:
      // LB, MI, ZO (outcome) and ZP (locked predictions).
      return { class: 'FINDINGS', structure: 'One record per finding per subject', repeating: true };
  }
}

/** The natural keys: STUDYID, USUBJID and the dataset's sequence variable when it has one. */
function keysOf(dataset: Dataset): string[] {
  const names = dataset.variables.map((variable) => variable.name);
  const keys = ['STUDYID', 'USUBJID'].filter((name) => names.includes(name));
  if (dataset.name.startsWith('SUPP')) {
    return [...keys, ...['RDOMAIN', 'IDVAR', 'IDVARVAL', 'QNAM'].filter((name) => names.includes(name))];
  }
  const sequence = names.find((name) => /^[A-Z]{2}SEQ$/.test(name));
  if (sequence) keys.push(sequence);
  if (dataset.name === 'ADACC' && names.includes('PARAMCD')) keys.push('PARAMCD');
  return keys;
}

/**
 * The Define-XML 2.1 input describing a trial's tabulated datasets (see {@link tabulateTrial}):
 * each dataset with its class, structure, keys and XPT file, every variable derived by Prospect
 * from the trial database and the hospital's FHIR records (origin `Derived`, source `Sponsor`),
 * dates ISO 8601. `creationDateTime` comes from the caller (the package build time), so the same
 * input gives the same document.
 */
export function defineForTrial(
  trial: TrialExport,
  datasets: TrialDatasets,
  options: { creationDateTime?: string; sourceSystemVersion?: string } = {},
): DefineInput {
  const describe = (dataset: Dataset, purpose: 'Tabulation' | 'Analysis'): DefineDataset => {
    const facts = factsOf(dataset);
    return {
      dataset,
      purpose,
      standard: purpose === 'Tabulation' ? SDTMIG.id : ADAMIG.id,
      ...(purpose === 'Tabulation' && !dataset.name.startsWith('SUPP') ? { domain: dataset.name } : {}),
      structure: facts.structure,
      class: facts.class,
      repeating: facts.repeating,
      keys: keysOf(dataset),
      location: `${dataset.name.toLowerCase()}.xpt`,
      variables: Object.fromEntries(
        dataset.variables.map((variable) => [
          variable.name,
          {
            origin: {
              type: 'Derived' as const,
              source: 'Sponsor' as const,
              description: 'Derived by Prospect from the trial database and the FHIR records',
            },
          },
        ]),
      ),
    };
  };
  return {
    fileOID: `DEF.${trial.studyId}`,
    ...(options.creationDateTime ? { creationDateTime: options.creationDateTime } : {}),
    originator: 'Prospect',
    sourceSystem: 'Prospect',
    ...(options.sourceSystemVersion ? { sourceSystemVersion: options.sourceSystemVersion } : {}),
    study: {
      oid: `STDY.${trial.studyId}`,
      name: trial.studyId,
      description: trial.trialTitle,
      protocolName: trial.trialCode,
    },
    metaDataVersion: {
      oid: `MDV.${trial.studyId}.${trial.protocol.version}`,
      name: `${trial.studyId} protocol version ${trial.protocol.version}`,
    },
    standards: [SDTMIG, ADAMIG],
    datasets: [
      ...datasets.sdtm.map((dataset) => describe(dataset, 'Tabulation')),
      ...datasets.adam.map((dataset) => describe(dataset, 'Analysis')),
    ],
  };
}

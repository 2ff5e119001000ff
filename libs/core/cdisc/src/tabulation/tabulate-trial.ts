import type { Dataset } from '../model';
import { adamAdacc } from './adam-adacc';
import { adamAdsl } from './adam-adsl';
import { sdtmDm } from './sdtm-dm';
import { sdtmDs } from './sdtm-ds';
import { sdtmDv } from './sdtm-dv';
import { sdtmOutcome, sdtmOutcomeSupp } from './sdtm-outcome';
import { sdtmTreatment, sdtmTreatmentSupp } from './sdtm-treatment';
import { sdtmZp, sdtmZpSupp } from './sdtm-zp';
import type { TrialExport } from './trial-export';

/** The tabulation (SDTM) and analysis (ADaM) datasets of a trial export. */
export interface TrialDatasets {
  /** DM, DS, EX, PR, DV, the outcome domain (LB, MI or ZO), ZP and their SUPP-- datasets. */
  sdtm: Dataset[];
  /** ADSL and ADACC. */
  adam: Dataset[];
}

/**
 * Maps a trial export to every SDTM and ADaM dataset. DM, ZP and ADSL are always present; other
 * datasets (including SUPP--) are left out when they would have no rows, so the package holds no
 * empty domains.
 */
export function tabulateTrial(trial: TrialExport): TrialDatasets {
  const optional = [
    sdtmDs(trial),
    sdtmTreatment(trial, 'EX'),
    sdtmTreatmentSupp(trial, 'EX'),
    sdtmTreatment(trial, 'PR'),
    sdtmTreatmentSupp(trial, 'PR'),
    sdtmDv(trial),
    sdtmOutcome(trial),
    sdtmOutcomeSupp(trial),
  ].filter((dataset) => dataset.rows.length > 0);
  const supp = sdtmZpSupp(trial);
  return {
    sdtm: [sdtmDm(trial), ...optional, sdtmZp(trial), ...(supp.rows.length > 0 ? [supp] : [])],
    adam: [adamAdsl(trial), adamAdacc(trial)],
  };
}

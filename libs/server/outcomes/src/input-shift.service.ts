import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TrialRef } from '@prospect/enrollment';
import type { ModelCard, TrainingDistribution } from '@prospect/models';
import { conflict } from '@prospect/platform';
import { populationStabilityIndex, standardizedMeanDifference } from '@prospect/stats';
import { TrialsService } from '@prospect/trials';
import type { DataSource } from 'typeorm';
import { requireProtocolInForce } from './trial-state';

/** One input at one site against the training distribution. */
export interface SiteInputShift {
  site: string;
  n: number;
  mean: number | null;
  sd: number | null;
  smd: number | null;
  psi: number | null;
  /** True when |SMD| or PSI passes the protocol's threshold and the site has enough subjects. */
  flagged: boolean;
  /** Why a figure is missing or not flagged (too few subjects, constant values…). */
  note: string | null;
}

export interface InputShiftView {
  trialCode: string;
  modelSha256: string;
  thresholds: { smd: number; psi: number; minimumSubjects: number };
  inputs: {
    name: string;
    training: { n: number; mean: number; sd: number } | null;
    /** Null when the model card has no training distribution for the input. */
    sites: SiteInputShift[] | null;
    note: string | null;
  }[];
  flaggedSites: string[];
}

/**
 * Input shift by site: each model input's values at each site (from the predictions made with the
 * protocol's model) against the model card's training distribution, as a standardised mean
 * difference and a population stability index, flagged past the protocol's thresholds. Needs no
 * outcome, so it can warn of a scanner or protocol difference before any result is known.
 */
@Injectable()
export class InputShiftService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trials: TrialsService,
  ) {}

  async forTrial(trial: TrialRef): Promise<InputShiftView> {
    const protocol = await requireProtocolInForce(this.trials, trial);
    const modelSha256 = protocol.content.model?.sha256;
    if (!modelSha256) throw conflict('NO_MODEL', `The protocol of ${trial.trialCode} names no model.`);
    const [model] = (await this.dataSource.query('SELECT card FROM model WHERE sha256 = $1', [
      modelSha256,
    ])) as {
      card: ModelCard;
    }[];
    if (!model) throw conflict('MODEL_NOT_REGISTERED', `Model ${modelSha256} is not registered.`);
    // The latest prediction per enrollment with this model: what the locks were (or will be) made from.
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT ON (e.id) s.code AS site, p.inputs
         FROM prediction p
         JOIN enrollment e ON e.id = p.enrollment_id
         JOIN trial_site s ON s.id = e.site_id
        WHERE e.trial_id = $1 AND p.model_sha256 = $2
        ORDER BY e.id, p.predicted_at DESC`,
      [trial.trialId, modelSha256],
    )) as { site: string; inputs: { name: string; value: number }[] }[];
    const thresholds = protocol.content.inputShift;
    const sites = [...new Set(rows.map((row) => row.site))].sort();
    const inputs = model.card.inputs.map((input) => {
      const distribution = input.trainingDistribution;
      if (!distribution) {
        return {
          name: input.name,
          training: null,
          sites: null,
          note: 'The model card gives no training distribution for this input.',
        };
      }
      return {
        name: input.name,
        training: { n: distribution.n, mean: distribution.mean, sd: distribution.sd },
        sites: sites.map((site) =>
          siteShift(
            site,
            rows
              .filter((row) => row.site === site)
              .map((row) => row.inputs.find((value) => value.name === input.name)?.value)
              .filter((value): value is number => typeof value === 'number' && Number.isFinite(value)),
            distribution,
            thresholds,
          ),
        ),
        note: null,
      };
    });
    const flaggedSites = [
      ...new Set(
        inputs.flatMap((input) =>
          (input.sites ?? []).filter((site) => site.flagged).map((site) => site.site),
        ),
      ),
    ].sort();
    return { trialCode: trial.trialCode, modelSha256, thresholds, inputs, flaggedSites };
  }
}

function siteShift(
  site: string,
  values: number[],
  distribution: TrainingDistribution,
  thresholds: { smd: number; psi: number; minimumSubjects: number },
): SiteInputShift {
  if (values.length < 2) {
    return {
      site,
      n: values.length,
      mean: values[0] ?? null,
      sd: null,
      smd: null,
      psi: null,
      flagged: false,
      note: 'Fewer than 2 subjects: no spread to compare.',
    };
  }
  let smd: number | null = null;
  let mean: number | null = null;
  let sd: number | null = null;
  let note: string | null = null;
  try {
    const difference = standardizedMeanDifference(values, distribution);
    smd = difference.smd;
    mean = difference.mean;
    sd = difference.sd;
  } catch (error) {
    note = error instanceof Error ? error.message : String(error);
  }
  const psi = populationStabilityIndex(values, {
    edges: distribution.edges,
    proportions: distribution.proportions,
  }).psi;
  const enough = values.length >= thresholds.minimumSubjects;
  const beyond = (smd !== null && Math.abs(smd) > thresholds.smd) || psi > thresholds.psi;
  return {
    site,
    n: values.length,
    mean,
    sd,
    smd,
    psi,
    flagged: enough && beyond,
    note:
      note ??
      (beyond && !enough
        ? `Past a threshold, but fewer than ${thresholds.minimumSubjects} subjects: not flagged yet.`
        : null),
  };
}

import * as ai from './ai-trial-answers';
import {
  type Answer,
  describeBaselineInput,
  describeDesign,
  describeEndpoint,
  describeExclusions,
  describeFeatures,
  describeIndication,
  describeLocking,
  describeModel,
  describePreprocessing,
  describeSites,
  fragment,
  hasSection,
  locations,
  notApplicable,
  outcomeName,
  packageFile,
  plural,
  reportSections,
  reported,
  sentences,
  sponsorToComplete,
  stop,
} from './answers';
import type { FilledChecklist } from './checklist-types';
import { fill } from './fill';
import type { ReportingFacts } from './reporting-facts';
import { TRIPOD_AI_ITEMS, TRIPOD_AI_REFERENCE, type TripodAiItemDefinition } from './tripod-ai-items';

/** A prospective validation of a frozen model is a model evaluation study. */
const STUDY_TYPE = 'E' as const;

const developmentOnly = (note?: string): Answer =>
  notApplicable(
    sentences(
      'Applies to model development only (marked D in TRIPOD+AI); this study evaluates a frozen, previously developed model.',
      note && `For information: ${stop(note)}`,
    ),
  );

/** A statement reported as given (after `label`), or the item left to the sponsor. */
const optionalStatement = (given: string | undefined, label: string, what: string, known?: string): Answer =>
  given ? reported(`${label}: ${stop(given)}`) : sponsorToComplete(what, known);

function evaluationDataSource(facts: ReportingFacts): string {
  const { first, last } = facts.enrollment;
  return (
    `Evaluation data: a prospective cohort enrolled for this study at ${describeSites(facts)}` +
    (first && last ? ` between ${first} and ${last}` : '') +
    (facts.locking.lockedBeforeTreatmentStart ? ', with each prediction locked before treatment start' : '') +
    (facts.blinding.outcomeAssessorsBlindedToPredictions
      ? ', outcomes assessed blind to the predictions'
      : '') +
    '.'
  );
}

function studySize(facts: ReportingFacts): Answer {
  return reported(
    sentences(
      describeDesign(facts.design),
      'The sample size and the analysis timing follow this pre-registered plan: interim analyses take place ' +
        'when the stated fractions of the planned information are reached, and the alpha spending function ' +
        'sets the efficacy boundaries so that the overall type I error is controlled.',
      'Development sample size: not applicable (evaluation of a frozen model).',
    ),
    locations(reportSections(facts, 'boundaries'), packageFile(facts.package.protocol)),
  );
}

function missingData(facts: ReportingFacts): Answer {
  const counts = facts.counts;
  const handling =
    'Participants without a recorded outcome within the assessment window are excluded from the primary ' +
    'analysis and reported in the participant flow; participants without a qualifying baseline image get no ' +
    `prediction (${fragment(facts.inputQuality.unavailable)}).`;
  if (!counts) {
    return reported(
      sentences(handling, 'No analysis has been run yet, so the numbers are not available.'),
      packageFile(facts.package.protocol),
    );
  }
  const exclusions = describeExclusions(facts);
  return reported(
    sentences(
      `${plural(counts.missingOutcomes, 'participant')} with a locked prediction had no outcome within the assessment window.`,
      exclusions && `Exclusions by reason: ${exclusions}.`,
      handling,
      'No imputation is performed.',
    ),
    reportSections(facts, 'flow'),
  );
}

function flow(facts: ReportingFacts): Answer {
  const counts = facts.counts;
  if (!counts) return sponsorToComplete('the participant flow (no analysis has been run yet)');
  const events =
    counts.outcomePositive !== undefined && counts.outcomeNegative !== undefined
      ? ` (${counts.outcomePositive} with and ${counts.outcomeNegative} without ${outcomeName(facts.endpoint)})`
      : '';
  const exclusions = describeExclusions(facts);
  return reported(
    sentences(
      `${counts.enrolled} enrolled, ${counts.locked} with a locked prediction, ${counts.analysedPerProtocol} analysed per protocol${events}.`,
      exclusions && `Exclusions by reason: ${exclusions}.`,
      `${plural(counts.missingOutcomes, 'participant')} had a missing outcome.`,
      `Follow-up runs to the end of the assessment window (day ${facts.endpoint.assessmentWindowDays.end} after treatment start).`,
    ),
    reportSections(facts, 'flow'),
  );
}

function performanceMeasures(facts: ReportingFacts): Answer {
  const measures: [boolean, string][] = [
    [hasSection(facts, 'roc'), 'discrimination: AUC with DeLong confidence interval and ROC curve (roc)'],
    [
      hasSection(facts, 'roc'),
      `classification: sensitivity and specificity at the locked threshold ${facts.model.decisionThreshold} (roc)`,
    ],
    [hasSection(facts, 'calibration'), 'calibration: calibration plot and summary measures (calibration)'],
    [
      hasSection(facts, 'decision-curve'),
      'clinical utility: net benefit in decision curves (decision-curve)',
    ],
    [hasSection(facts, 'forest'), 'performance by subgroup and site as forest data (forest)'],
    [
      hasSection(facts, 'boundaries'),
      'group-sequential test statistics against the efficacy and futility boundaries (boundaries)',
    ],
    [
      hasSection(facts, 'input-shift'),
      "input shift against the model card's training distribution: standardised mean differences and population stability index (input-shift)",
    ],
    [
      facts.economicsPresent && hasSection(facts, 'economics'),
      'cost-effectiveness of model-guided care, reported against CHEERS 2022 (economics)',
    ],
  ];
  const listed = measures.filter(([present]) => present).map(([, text]) => text);
  if (listed.length === 0) {
    return sponsorToComplete(
      'the performance measures and plots',
      'no performance section is in this report yet; the protocol pre-specifies the AUC as the primary measure.',
    );
  }
  return reported(
    `Performance measures (report section in brackets): ${listed.join('; ')}. Discrimination is the ` +
      'pre-registered primary measure; calibration and net benefit show whether predicted probabilities and ' +
      'decisions at the threshold can be relied on. A single model is evaluated; no models are compared.',
    reportSections(
      facts,
      'roc',
      'calibration',
      'decision-curve',
      'forest',
      'boundaries',
      'input-shift',
      'economics',
    ),
  );
}

function clusterHeterogeneity(facts: ReportingFacts, results: boolean): Answer {
  if (facts.sites.length === 1) return notApplicable('Single-site study: there are no clusters to compare.');
  if (!hasSection(facts, 'forest')) {
    return sponsorToComplete(
      results
        ? 'the heterogeneity of model performance across sites (no forest data in this report)'
        : 'how heterogeneity of performance across sites is handled (no per-site analysis in this report)',
    );
  }
  return reported(
    results
      ? `Per-site performance estimates for the ${plural(facts.sites.length, 'site')} are given as forest data.`
      : `Heterogeneity across the ${plural(facts.sites.length, 'site')} is examined with per-site performance estimates shown as forest data; the model itself is not refitted per site.`,
    reportSections(facts, 'forest'),
  );
}

const ANSWERS: Readonly<Record<string, (facts: ReportingFacts) => Answer>> = {
  '1': (facts) =>
    sponsorToComplete(
      'a title identifying the study as the evaluation of a multivariable prediction model, with the target population and the outcome',
      `the study evaluates ${describeModel(facts)} in ${describeIndication(facts)}, predicting ${outcomeName(facts.endpoint)}.`,
    ),
  '2': () => sponsorToComplete('the abstract, following the TRIPOD+AI for Abstracts checklist'),
  '3a': (facts) =>
    sponsorToComplete(
      'the healthcare context, the rationale for evaluating the model and references to existing models',
      `the model gives a prognostic prediction of ${outcomeName(facts.endpoint)} after treatment, in ${describeIndication(facts)}, from baseline imaging.`,
    ),
  '3b': ai.intendedUse,
  '3c': () =>
    sponsorToComplete('known health inequalities between sociodemographic groups in this indication'),
  '4': (facts) =>
    reported(
      sentences(
        `To evaluate prospectively the performance of ${describeModel(facts)} for predicting ${outcomeName(facts.endpoint)} ` +
          `in ${describeIndication(facts)} from the baseline ${facts.baselineInput.modality} image (trial ${facts.trial.id}, "${facts.trial.title}").`,
        'The study is a validation (evaluation) only: the model is not developed, retrained or updated.',
        facts.design.hypothesis &&
          `Primary hypothesis: AUC > ${facts.design.hypothesis.nullValue} (H1: AUC = ${facts.design.hypothesis.alternativeValue}).`,
      ),
      packageFile(facts.package.protocol),
    ),
  '5a': (facts) =>
    facts.model.developmentData
      ? reported(
          sentences(
            evaluationDataSource(facts),
            `Development data (model card): ${stop(facts.model.developmentData)}`,
          ),
          packageFile(facts.package.modelCard),
        )
      : sponsorToComplete(
          'the development data source (no model card description), and the rationale for and representativeness of the data',
          evaluationDataSource(facts),
        ),
  '5b': (facts) => {
    const { first, last, followUpEnd } = facts.enrollment;
    if (!first || !last) return sponsorToComplete('the start and end dates of participant accrual');
    return reported(
      sentences(
        `Participant accrual from ${first} to ${last}.`,
        followUpEnd
          ? `End of follow-up: ${followUpEnd}.`
          : `Follow-up ends per participant with the outcome assessment window (day ${facts.endpoint.assessmentWindowDays.end} after treatment start).`,
      ),
      reportSections(facts, 'flow'),
    );
  },
  '6a': (facts) =>
    reported(
      sentences(
        `${describeSites(facts)}.`,
        facts.sponsor?.careSetting
          ? `Setting: ${stop(facts.sponsor.careSetting)}`
          : 'The care setting of the sites is not recorded on the platform (to be added by the sponsor).',
      ),
    ),
  '6b': ai.participantEligibility,
  '6c': (facts) =>
    facts.sponsor?.treatments
      ? reported(
          sentences(
            `Treatments: ${stop(facts.sponsor.treatments)}`,
            'Predictions use baseline data only and are locked before treatment start; treatment is not a model input.',
          ),
        )
      : sponsorToComplete(
          'details of the treatments received',
          'predictions use baseline data only and are locked before treatment start.',
        ),
  '7': (facts) => {
    const preprocessing = describePreprocessing(facts);
    if (!preprocessing) {
      return sponsorToComplete(
        'the data pre-processing (radiomics extraction settings are not recorded in these facts)',
      );
    }
    return reported(
      sentences(
        preprocessing,
        'The same pipeline and settings apply to every participant and site, whatever their sociodemographic group.',
        `Quality checking: ${stop(facts.inputQuality.poorQuality ?? 'no image quality check is recorded on the platform (sponsor to add)')}`,
        `Unavailable input: ${stop(facts.inputQuality.unavailable)}`,
      ),
      packageFile(facts.package.protocol),
    );
  },
  '8a': (facts) =>
    reported(
      sentences(
        `Outcome: ${describeEndpoint(facts.endpoint)}.`,
        'The same definition and window apply at every site and to every participant; outcomes outside the window do not count.',
        'The rationale for choosing this outcome is to be added by the sponsor.',
      ),
      packageFile(facts.package.protocol),
    ),
  '8b': (facts) =>
    optionalStatement(
      facts.blinding.assessorQualifications,
      'Outcome assessors',
      'the qualifications and demographic characteristics of the outcome assessors',
    ),
  '8c': (facts) =>
    reported(
      sentences(
        facts.blinding.outcomeAssessorsBlindedToPredictions
          ? 'Outcome assessors are blinded to the model predictions.'
          : 'Outcome assessors are not blinded to the model predictions.',
        facts.blinding.roles.length > 0 &&
          `Roles: ${facts.blinding.roles.map((role) => `${role.role} blinded to ${role.blindedTo}`).join('; ')}.`,
        facts.blinding.adjudication && `Adjudication: ${stop(facts.blinding.adjudication)}`,
        describeLocking(facts),
      ),
      locations(packageFile(facts.package.auditTrail), packageFile(facts.package.ledger)),
    ),
  '9a': () => developmentOnly(),
  '9b': (facts) => {
    if (facts.model.inputFeatures.length === 0) {
      return sponsorToComplete(
        'the definition of every predictor (the input features are not recorded in these facts)',
      );
    }
    return reported(
      sentences(
        `${describeFeatures(facts)}.`,
        describeBaselineInput(facts),
        describePreprocessing(facts),
        facts.locking.lockedBeforeTreatmentStart &&
          'Predictors are computed and each prediction locked before treatment start, so before the outcome exists and blind to it.',
      ),
      packageFile(facts.package.modelCard),
    );
  },
  '9c': (facts) =>
    optionalStatement(
      facts.humanAi.inputHandling ?? facts.preprocessing?.segmentation,
      'Predictor measurement',
      'whether predictor measurement (e.g. segmentation of the region of interest) involves subjective judgement, and if so the qualifications and demographic characteristics of those who do it',
    ),
  '10': studySize,
  '11': missingData,
  '12a': () =>
    developmentOnly('all enrolled participants are used for evaluation; no data are used for development'),
  '12b': () => developmentOnly(),
  '12c': (facts) => developmentOnly(facts.model.type && `the model type is ${facts.model.type}`),
  '12d': (facts) => clusterHeterogeneity(facts, false),
  '12e': performanceMeasures,
  '12f': (facts) =>
    reported(
      `No model updating or recalibration: the model is frozen (SHA-256 ${facts.model.sha256}) and every prediction is made with it and locked in the ledger.`,
      packageFile(facts.package.ledger),
    ),
  '12g': (facts) =>
    reported(
      sentences(
        `Predictions are computed by running the frozen ONNX artefact of ${facts.model.name} version ${facts.model.version} (SHA-256 ${facts.model.sha256}) on the extracted input features.`,
        describeLocking(facts),
      ),
      locations(packageFile(facts.package.modelCard), packageFile(facts.package.ledger)),
    ),
  '13': (facts) =>
    reported(
      sentences(
        'No class imbalance methods are used in this evaluation: performance is estimated on the observed outcome distribution without resampling or reweighting.',
        facts.model.classImbalance
          ? `Development (model card): ${stop(facts.model.classImbalance)}`
          : 'Any class imbalance handling during development is not recorded in the model card facts (sponsor to add).',
      ),
    ),
  '14': (facts) => {
    const subgroups =
      facts.subgroups.length > 0 ? `pre-registered subgroups (${facts.subgroups.join(', ')})` : null;
    if (!subgroups && !hasSection(facts, 'forest')) {
      return sponsorToComplete('any approaches used to address model fairness and their rationale');
    }
    return reported(
      sentences(
        `Fairness is assessed by estimating performance ${[subgroups && `in ${subgroups}`, 'by site'].filter(Boolean).join(' and ')}, shown as forest data.`,
        'The model is not modified for fairness.',
      ),
      reportSections(facts, 'forest'),
    );
  },
  '15': (facts) =>
    developmentOnly(
      `the model outputs the ${facts.model.output}; predictions at or above the decision threshold ` +
        `${facts.model.decisionThreshold}, locked in the protocol before enrolment, are classified positive` +
        (facts.model.thresholdRationale
          ? `; threshold rationale (model card): ${facts.model.thresholdRationale}`
          : ''),
    ),
  '16': (facts) => {
    const shift =
      facts.model.trainingDistributionAvailable && hasSection(facts, 'input-shift')
        ? "Predictor distributions are compared per site with the model card's training distribution."
        : null;
    if (!facts.model.developmentData) {
      return sponsorToComplete(
        'the differences between development and evaluation data in healthcare setting, eligibility, outcome and predictors (the model card describes no development data)',
        shift ?? undefined,
        reportSections(facts, 'input-shift'),
      );
    }
    return reported(
      sentences(
        `Development data (model card): ${stop(facts.model.developmentData)}`,
        evaluationDataSource(facts),
        `Outcome in this study: ${describeEndpoint(facts.endpoint)}.`,
        shift,
      ),
      reportSections(facts, 'input-shift'),
    );
  },
  '17': (facts) =>
    optionalStatement(
      facts.sponsor?.ethics,
      'Ethics',
      'the approving ethics committee or institutional review board and the informed consent procedure or waiver',
    ),
  '18a': (facts) =>
    optionalStatement(facts.sponsor?.funding, 'Funding', 'the funding source and the role of the funders'),
  '18b': (facts) =>
    optionalStatement(
      facts.sponsor?.conflictsOfInterest,
      'Conflicts of interest',
      'the conflicts of interest and financial disclosures of all authors',
    ),
  '18c': (facts) =>
    facts.package.protocol
      ? reported(
          `The protocol${facts.trial.protocolVersion === undefined ? '' : ` (version ${facts.trial.protocolVersion})`} is part of the submission package.`,
          packageFile(facts.package.protocol),
        )
      : sponsorToComplete('where the study protocol can be accessed'),
  '18d': (facts) =>
    facts.trial.registryId
      ? reported(
          `Registered${facts.trial.registryName ? ` with ${facts.trial.registryName}` : ''} under ${facts.trial.registryId}.`,
        )
      : sponsorToComplete(
          'the registry name and registration number, or a statement that the study was not registered',
        ),
  '18e': (facts) => {
    const files = [
      ...(facts.package.datasets ?? []),
      ...(facts.package.defineXml ? [facts.package.defineXml] : []),
    ];
    return optionalStatement(
      facts.sponsor?.dataSharing,
      'Data sharing',
      'the availability of the study data beyond the submission package',
      files.length > 0
        ? `the submission package contains the analysis datasets (${files.join(', ')}).`
        : undefined,
    );
  },
  '18f': (facts) =>
    optionalStatement(facts.sponsor?.codeSharing, 'Code sharing', 'the availability of the analysis code'),
  '19': (facts) =>
    optionalStatement(
      facts.sponsor?.patientPublicInvolvement,
      'Patient and public involvement',
      'the patient and public involvement in the study, or a statement that there was none',
    ),
  '20a': flow,
  '20b': () =>
    sponsorToComplete(
      'participant characteristics overall and per site (key dates, demographics, key predictors, treatments, events, missing data) and differences across demographic groups',
      'the platform does not produce a characteristics table.',
    ),
  '20c': (facts) => {
    if (!facts.model.trainingDistributionAvailable) {
      return sponsorToComplete(
        'a comparison with the development data of the distribution of important predictors (the model card carries no training distribution)',
      );
    }
    if (!hasSection(facts, 'input-shift')) {
      return sponsorToComplete(
        'a comparison of predictor distributions with the development data (no input-shift section in this report)',
      );
    }
    return reported(
      `The distribution of the model inputs is compared per site with the model card's training distribution (standardised mean differences and population stability index)${facts.inputShift ? `, flagging SMD >= ${facts.inputShift.smd} or PSI >= ${facts.inputShift.psi}` : ''}. Demographics and outcome prevalence are not compared by the platform (sponsor to add).`,
      reportSections(facts, 'input-shift'),
    );
  },
  '21': (facts) => {
    const counts = facts.counts;
    if (!counts || counts.outcomePositive === undefined) {
      return sponsorToComplete(
        'the number of participants and outcome events in each analysis (not yet available)',
      );
    }
    return reported(
      `Evaluation: ${counts.analysedPerProtocol} participants analysed per protocol, ${plural(counts.outcomePositive, 'outcome event')} (${outcomeName(facts.endpoint)}). No development or tuning analyses are part of this study.`,
      reportSections(facts, 'flow', 'roc'),
    );
  },
  '22': (facts) => developmentOnly(`the evaluated artefact is ${describeModel(facts)}`),
  '23a': (facts) => {
    if (!hasSection(facts, 'roc'))
      return sponsorToComplete('the performance estimates (no results in this report yet)');
    const parts = [
      'AUC with DeLong 95% confidence interval and ROC curve',
      `sensitivity and specificity at the locked threshold ${facts.model.decisionThreshold}`,
      hasSection(facts, 'calibration') && 'calibration',
      hasSection(facts, 'decision-curve') && 'decision curves',
      hasSection(facts, 'forest') &&
        `estimates by ${facts.subgroups.length > 0 ? `subgroup (${facts.subgroups.join(', ')}) and ` : ''}site`,
    ].filter((part): part is string => typeof part === 'string');
    return reported(
      `Performance estimates with confidence intervals: ${parts.join('; ')}.`,
      reportSections(facts, 'roc', 'calibration', 'decision-curve', 'forest'),
    );
  },
  '23b': (facts) => clusterHeterogeneity(facts, true),
  '24': (facts) =>
    notApplicable(
      `No model updating was done; the frozen model (SHA-256 ${facts.model.sha256}) is evaluated as locked.`,
    ),
  '25': () =>
    sponsorToComplete(
      'the overall interpretation of the results, including fairness, against the objectives and previous studies',
    ),
  '26': (facts) =>
    sponsorToComplete(
      'the limitations of the study and their effects on bias, uncertainty and generalisability',
      facts.counts
        ? `missing outcomes: ${facts.counts.missingOutcomes}; exclusions: ${describeExclusions(facts) ?? 'none'}.`
        : undefined,
      reportSections(facts, 'flow', 'input-shift'),
    ),
  '27a': (facts) =>
    developmentOnly(
      `when no qualifying baseline image is available in this study, ${fragment(facts.inputQuality.unavailable)}`,
    ),
  '27b': (facts) =>
    developmentOnly(
      facts.humanAi.inputHandling && `input handling in this study: ${fragment(facts.humanAi.inputHandling)}`,
    ),
  '27c': () =>
    sponsorToComplete('the next steps for research on the applicability and generalisability of the model'),
};

function answerFor(item: TripodAiItemDefinition, facts: ReportingFacts): Answer | undefined {
  const answer = ANSWERS[item.id]?.(facts);
  // Development-only items never apply to this evaluation study, whatever their answer adds.
  if (item.applies === 'D' && STUDY_TYPE === 'E') {
    return answer?.status === 'not-applicable' ? answer : developmentOnly();
  }
  return answer;
}

/**
 * The TRIPOD+AI checklist ({@link TRIPOD_AI_ITEMS}) for the prospective evaluation of a frozen
 * model. Items marked D (development only) are `not-applicable`, with the relevant facts for
 * information; items needing facts the platform does not hold are `sponsor-to-complete`.
 */
export function tripodAiChecklist(facts: ReportingFacts): FilledChecklist {
  return {
    name: 'TRIPOD+AI',
    reference: TRIPOD_AI_REFERENCE,
    items: fill(TRIPOD_AI_ITEMS, (item) => answerFor(item, facts)),
  };
}

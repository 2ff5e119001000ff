/**
 * Answers shared by CONSORT-AI (trial report) and SPIRIT-AI (protocol): the two extensions ask
 * the same AI-specific questions; the report additionally gives what happened (counts).
 */
import {
  type Answer,
  describeBaselineInput,
  describeClinicalUse,
  describeExclusions,
  describeIndication,
  describeLocking,
  describeModel,
  describePreprocessing,
  describeSites,
  hasSection,
  locations,
  outcomeName,
  packageFile,
  plural,
  reportSections,
  reported,
  sentences,
  sponsorToComplete,
  statement,
  stop,
} from './answers';
import type { ReportingFacts } from './reporting-facts';

/** `report` for the trial report (CONSORT-AI), `protocol` for the protocol (SPIRIT-AI). */
export type AiTrialDocument = 'report' | 'protocol';

const purpose = (facts: ReportingFacts) =>
  `predict ${outcomeName(facts.endpoint)} in ${describeIndication(facts)} from the baseline ` +
  `${facts.baselineInput.modality} image before treatment starts`;

/** Title/abstract: identifying the intervention as AI and naming the model type. */
export function titleIdentifiesAi(facts: ReportingFacts, where: string): Answer {
  return sponsorToComplete(
    `state in the ${where} that the intervention is an AI/machine-learning model and name the model type` +
      (facts.model.type ? '' : ' (the model type is not recorded on the platform)'),
    `the model is ${describeModel(facts)}; trial title "${facts.trial.title}".`,
  );
}

/** Title/abstract: intended use. */
export function titleStatesIntendedUse(facts: ReportingFacts, where: string): Answer {
  return sponsorToComplete(
    `state the intended use of the AI intervention in the ${where}`,
    facts.model.intendedUse
      ? `intended use from the model card: "${facts.model.intendedUse}".`
      : `the model is used to ${purpose(facts)}; no intended use statement is recorded from the model card.`,
  );
}

/** Intended use in the clinical pathway, purpose and intended users. */
export function intendedUse(facts: ReportingFacts): Answer {
  const { intendedUse: statement, intendedUsers } = facts.model;
  const context = sentences(
    `In this study the model is used to ${purpose(facts)}.`,
    describeClinicalUse(facts),
  );
  if (!statement || !intendedUsers) {
    return sponsorToComplete(
      [
        !statement &&
          'the intended use of the AI intervention in the clinical pathway (no model card statement)',
        !intendedUsers && 'its intended users',
      ]
        .filter(Boolean)
        .join(' and '),
      sentences(statement && `intended use from the model card: "${statement}".`, context),
      packageFile(facts.package.modelCard),
    );
  }
  return reported(
    sentences(
      `Intended use (model card): "${stop(statement)}"`,
      `Intended users: ${stop(intendedUsers)}`,
      context,
    ),
    packageFile(facts.package.modelCard),
  );
}

/** Pre-existing evidence (SPIRIT-AI 6a(ii)). */
export function priorEvidence(facts: ReportingFacts): Answer {
  return facts.model.priorEvidence
    ? reported(
        `Pre-existing evidence (model card): ${stop(facts.model.priorEvidence)}`,
        packageFile(facts.package.modelCard),
      )
    : sponsorToComplete(
        'the pre-existing evidence for the AI intervention (earlier development and validation studies)',
      );
}

/** Participant-level eligibility. */
export function participantEligibility(facts: ReportingFacts): Answer {
  const eligibility = facts.eligibility;
  if (!eligibility || eligibility.inclusion.length + eligibility.exclusion.length === 0) {
    return sponsorToComplete('the participant-level inclusion and exclusion criteria');
  }
  return reported(
    sentences(
      eligibility.inclusion.length > 0 && `Inclusion: ${eligibility.inclusion.join('; ')}.`,
      eligibility.exclusion.length > 0 && `Exclusion: ${eligibility.exclusion.join('; ')}.`,
      'Eligibility is checked against the protocol rules at enrolment.',
    ),
    packageFile(facts.package.protocol),
  );
}

/** Input-data-level eligibility. */
export function inputEligibility(facts: ReportingFacts): Answer {
  return reported(
    sentences(
      describeBaselineInput(facts),
      `Without a qualifying baseline image there is no prediction: ${stop(facts.inputQuality.unavailable)}`,
    ),
    packageFile(facts.package.protocol),
  );
}

/** Integration into the trial setting, onsite and offsite requirements. */
export function integration(facts: ReportingFacts, document: AiTrialDocument): Answer {
  const known = sentences(
    `The platform enrols patients from the sites' FHIR servers at ${describeSites(facts)}, retrieves the ` +
      'baseline image, extracts the radiomics features and runs the frozen model.',
    describeLocking(facts),
    describeClinicalUse(facts),
  );
  const deployment = facts.sponsor?.deployment;
  if (!deployment) {
    return sponsorToComplete(
      `the onsite and offsite requirements (hardware, software, network, staff) for running the AI intervention in the trial setting`,
      known,
    );
  }
  return reported(
    sentences(known, `Onsite and offsite requirements: ${stop(deployment)}`),
    document === 'report' ? packageFile(facts.package.ledger) : packageFile(facts.package.protocol),
  );
}

/** Algorithm version. */
export function algorithmVersion(facts: ReportingFacts): Answer {
  return reported(
    sentences(
      `${describeModel(facts)}.`,
      'The digest is fixed in the approved protocol, and every prediction in the ledger records the model that made it.',
    ),
    locations(packageFile(facts.package.modelCard), packageFile(facts.package.ledger)),
  );
}

/** Input acquisition and selection. */
export function inputAcquisition(facts: ReportingFacts): Answer {
  return reported(
    sentences(
      'The baseline image is retrieved from the site through its FHIR server (imaging study linked to the enrolled patient).',
      describeBaselineInput(facts),
      describePreprocessing(facts) ?? 'The radiomics extraction settings are not recorded in these facts.',
    ),
    packageFile(facts.package.protocol),
  );
}

/** Poor-quality or unavailable input. */
export function poorQualityInput(facts: ReportingFacts, document: AiTrialDocument): Answer {
  const exclusions = document === 'report' ? describeExclusions(facts) : null;
  const known = sentences(
    `Unavailable input: ${stop(facts.inputQuality.unavailable)}`,
    exclusions && `Exclusions by reason: ${exclusions}.`,
  );
  const location =
    document === 'report' ? reportSections(facts, 'flow') : packageFile(facts.package.protocol);
  if (!facts.inputQuality.poorQuality) {
    return sponsorToComplete('how input images of poor quality are assessed and handled', known, location);
  }
  return reported(sentences(known, `Poor-quality input: ${stop(facts.inputQuality.poorQuality)}`), location);
}

/** Human-AI interaction in handling the input data. */
export function humanInteraction(facts: ReportingFacts): Answer {
  const handling = facts.humanAi.inputHandling ?? facts.preprocessing?.segmentation;
  if (!handling) {
    return sponsorToComplete(
      'whether people interact with the AI intervention in handling the input data (e.g. segmentation) and the expertise required',
      'image retrieval, feature extraction and prediction run on the platform without user input.',
    );
  }
  return reported(
    sentences(
      `Input handling: ${stop(handling)}`,
      'Image retrieval, feature extraction and prediction otherwise run on the platform without user input.',
    ),
  );
}

/** The output. */
export function output(facts: ReportingFacts): Answer {
  return reported(
    `The model outputs the ${facts.model.output}; a prediction at or above the decision threshold ` +
      `${facts.model.decisionThreshold}, locked in the protocol before enrolment, is classified as positive ` +
      `(${outcomeName(facts.endpoint)}).`,
    packageFile(facts.package.protocol),
  );
}

/** How outputs contributed to decision-making. */
export function decisionContribution(facts: ReportingFacts, document: AiTrialDocument): Answer {
  const { predictionsShownToTreatingClinicians: shown, predictionsUsedForCareDecisions: used } =
    facts.humanAi;
  if (shown || used) {
    return sponsorToComplete(
      `how the AI output ${document === 'report' ? 'contributed' : 'will contribute'} to decision-making, by whom and at which step`,
      describeClinicalUse(facts),
    );
  }
  return reported(
    sentences(
      `The output ${document === 'report' ? 'did' : 'does'} not contribute to clinical decision-making.`,
      describeClinicalUse(facts),
      'Treatment decisions are made without the model; predictions are compared with the observed outcomes ' +
        'only in the pre-registered analyses.',
    ),
    packageFile(facts.package.ledger),
  );
}

/** Performance error analysis: results (report) or plans (protocol). */
export function performanceErrors(facts: ReportingFacts, document: AiTrialDocument): Answer {
  const parts: string[] = [];
  if (document === 'protocol' || hasSection(facts, 'roc')) {
    parts.push(
      `misclassifications at the locked threshold ${facts.model.decisionThreshold} (sensitivity and specificity)`,
    );
  }
  if (facts.subgroups.length > 0 && (document === 'protocol' || hasSection(facts, 'forest'))) {
    parts.push(`performance by pre-registered subgroup (${facts.subgroups.join(', ')}) and by site`);
  } else if (document === 'report' && hasSection(facts, 'forest')) {
    parts.push('performance by site');
  }
  if (
    facts.model.trainingDistributionAvailable &&
    (document === 'protocol' ? facts.inputShift !== undefined : hasSection(facts, 'input-shift'))
  ) {
    const thresholds = facts.inputShift
      ? ` (flagged at SMD >= ${facts.inputShift.smd} or PSI >= ${facts.inputShift.psi}, sites with at least ${plural(facts.inputShift.minimumSubjects, 'participant')})`
      : '';
    parts.push(`input shift per site against the model card's training distribution${thresholds}`);
  }
  if (parts.length === 0) {
    return sponsorToComplete(
      document === 'report'
        ? 'the results of any analysis of performance errors, or why none was done'
        : 'the plans to identify and analyse performance errors, or why there are none',
    );
  }
  return reported(
    sentences(
      `Errors are ${document === 'report' ? 'examined' : 'to be examined'} in aggregate: ${parts.join('; ')}.`,
      'The platform does not review individual cases; any case-level error analysis is the sponsor’s to describe.',
    ),
    document === 'report'
      ? reportSections(facts, 'roc', 'forest', 'input-shift')
      : packageFile(facts.package.protocol),
  );
}

/** Access to the AI intervention and its code. */
export function access(facts: ReportingFacts): Answer {
  if (!facts.model.access) {
    return sponsorToComplete(
      'whether and how the AI intervention and/or its code can be accessed, with any restrictions on access or re-use',
      `the model artefact is identified by SHA-256 ${facts.model.sha256}.`,
    );
  }
  return reported(
    sentences(statement(facts.model.access), `The artefact is identified by SHA-256 ${facts.model.sha256}.`),
    packageFile(facts.package.modelCard),
  );
}

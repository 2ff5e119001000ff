import type { ChecklistItemStatus } from './checklist-types';
import type {
  DesignFacts,
  EndpointFacts,
  InputFeatureFacts,
  ReportSectionId,
  ReportingFacts,
} from './reporting-facts';

/** The answer to one item, before it is joined with the item's definition. */
export interface Answer {
  readonly status: ChecklistItemStatus;
  readonly answer: string;
  readonly location: string | null;
}

/** Joins sentences, dropping empty ones. */
export const sentences = (...parts: (string | false | null | undefined)[]): string =>
  parts.filter((part): part is string => typeof part === 'string' && part.trim() !== '').join(' ');

/** Joins locations, or null when there are none. */
export function locations(...parts: (string | null | undefined)[]): string | null {
  const present = parts.filter((part): part is string => typeof part === 'string' && part !== '');
  return present.length > 0 ? present.join('; ') : null;
}

export const reported = (answer: string, location: string | null = null): Answer => ({
  status: 'reported',
  answer,
  location,
});

export const notApplicable = (answer: string, location: string | null = null): Answer => ({
  status: 'not-applicable',
  answer,
  location,
});

/** An item the platform cannot answer: what the sponsor must add, and what the platform knows. */
export const sponsorToComplete = (what: string, known?: string, location: string | null = null): Answer => ({
  status: 'sponsor-to-complete',
  answer: sentences(`To be completed by the sponsor: ${what}.`, known && `Known to the platform: ${known}`),
  location,
});

/** `text` with a capital first letter and a full stop: a statement given as a fragment, as a sentence. */
export const statement = (text: string): string => {
  const trimmed = stop(text);
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
};

/** `text` without a final full stop, for use inside a sentence. */
export const fragment = (text: string): string => text.trim().replace(/\.$/, '');

/** `text` with a full stop, unless it already ends a sentence. */
export const stop = (text: string): string => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

const plural = (count: number, noun: string, nouns = `${noun}s`) => `${count} ${count === 1 ? noun : nouns}`;
export { plural };

/** `flow` and the like, as a location, for the sections this report has; null for none. */
export function reportSections(facts: ReportingFacts, ...ids: ReportSectionId[]): string | null {
  const present = ids.filter((id) => facts.reportSections.includes(id));
  return present.length > 0 ? `Report sections: ${present.join(', ')}` : null;
}

export const hasSection = (facts: ReportingFacts, id: ReportSectionId): boolean =>
  facts.reportSections.includes(id);

/** A package file as a location. */
export const packageFile = (path: string | undefined): string | null =>
  path === undefined ? null : `Package file: ${path}`;

/** A small number in plain or exponential notation (1e-5 rather than 0.00001). */
export function formatNumber(value: number): string {
  if (value !== 0 && Math.abs(value) < 0.001) return value.toExponential();
  return String(Number(value.toPrecision(6)));
}

export function describeIndication(facts: ReportingFacts): string {
  switch (facts.indication) {
    case 'multiple-myeloma':
      return 'multiple myeloma';
    case 'breast-cancer':
      return 'breast cancer';
    case 'other':
      return facts.indicationDescription ?? 'the indication named in the protocol';
  }
}

/** A short name of the outcome, e.g. `MRD negativity`. */
export function outcomeName(endpoint: EndpointFacts): string {
  switch (endpoint.type) {
    case 'mrd':
      return 'minimal residual disease (MRD) negativity';
    case 'pcr':
      return 'pathological complete response (pCR)';
    case 'other':
      return endpoint.description;
  }
}

export const describeWindow = (endpoint: EndpointFacts): string =>
  `between day ${endpoint.assessmentWindowDays.start} and day ${endpoint.assessmentWindowDays.end} after treatment start (day 0), inclusive`;

/** The full endpoint definition with its window. */
export function describeEndpoint(endpoint: EndpointFacts): string {
  const window = `assessed ${describeWindow(endpoint)}`;
  switch (endpoint.type) {
    case 'mrd':
      return (
        `MRD negativity, defined as residual disease below ${formatNumber(endpoint.negativityThreshold)} ` +
        `(fewer than 1 tumour cell in ${Math.round(1 / endpoint.negativityThreshold)} cells)` +
        `${endpoint.assay ? ` by ${endpoint.assay}` : ''}, ${window}; positive class: MRD-negative`
      );
    case 'pcr':
      return `pathological complete response defined as ${endpoint.definition}, ${window}; positive class: pCR`;
    case 'other':
      return `${endpoint.description}, ${window}; positive class: ${endpoint.positiveClass}`;
  }
}

export function describeSpending(design: DesignFacts): string {
  const spending = design.spending;
  switch (spending.type) {
    case 'obrien-fleming':
      return "Lan-DeMets O'Brien-Fleming-type alpha spending";
    case 'pocock':
      return 'Lan-DeMets Pocock-type alpha spending';
    case 'hwang-shih-decani':
      return `Hwang-Shih-DeCani alpha spending (gamma ${spending.gamma})`;
    case 'power':
      return `Kim-DeMets power-family alpha spending (rho ${spending.rho})`;
  }
}

export function describeFutility(design: DesignFacts): string {
  const futility = design.futility;
  switch (futility.type) {
    case 'none':
      return 'no futility rule';
    case 'non-binding-beta-spending':
      return `non-binding futility boundaries from beta spending (beta ${formatNumber(futility.beta)})`;
    case 'conditional-power':
      return `a futility rule at conditional power below ${formatNumber(futility.threshold)}`;
  }
}

/** The group-sequential design in one sentence. */
export function describeDesign(design: DesignFacts): string {
  const fractions = design.looks.map((look) => formatNumber(look.informationFraction)).join(', ');
  const hypothesis = design.hypothesis
    ? ` testing H0: AUC <= ${formatNumber(design.hypothesis.nullValue)} against H1: AUC = ${formatNumber(design.hypothesis.alternativeValue)}`
    : '';
  return (
    `Planned sample size ${design.plannedSampleSize}, pre-registered group-sequential design${hypothesis} ` +
    `with ${plural(design.looks.length, 'analysis', 'analyses')} at information fractions ${fractions}, ` +
    `overall ${design.sided === 1 ? 'one' : 'two'}-sided alpha ${formatNumber(design.alpha)}, ` +
    `${describeSpending(design)} and ${describeFutility(design)}` +
    (design.power === undefined ? '' : `; power ${formatNumber(design.power)}`) +
    (design.expectedPrevalence === undefined
      ? ''
      : `; expected prevalence of the positive class ${formatNumber(design.expectedPrevalence)}`) +
    '.'
  );
}

export const describeSites = (facts: ReportingFacts): string =>
  `${plural(facts.sites.length, 'site')}` +
  (facts.sites.length > 0 ? ` (${facts.sites.map((site) => `${site.name} [${site.code}]`).join(', ')})` : '');

const describeFeature = (feature: InputFeatureFacts): string =>
  `${feature.name}${feature.unit ? ` [${feature.unit}]` : ''}${feature.source ? ` (${feature.source})` : ''}`;

export const describeFeatures = (facts: ReportingFacts): string =>
  `${plural(facts.model.inputFeatures.length, 'input feature')}: ${facts.model.inputFeatures.map(describeFeature).join('; ')}`;

export function describeModel(facts: ReportingFacts): string {
  const model = facts.model;
  return (
    `${model.name} version ${model.version}${model.type ? ` (${model.type})` : ''}, a frozen ONNX model with ` +
    `SHA-256 ${model.sha256}${model.registryId ? `, registry id ${model.registryId}` : ''}`
  );
}

/** How the baseline image is chosen. */
export function describeBaselineInput(facts: ReportingFacts): string {
  const input = facts.baselineInput;
  const selection =
    input.selection === 'latest-before-treatment'
      ? 'the latest qualifying study'
      : 'the earliest qualifying study';
  return (
    `The input is the baseline ${input.modality} study${input.bodySite ? ` of the ${input.bodySite}` : ''} ` +
    `dated ${input.minDaysBeforeTreatment} to ${input.windowDaysBeforeTreatment} days before treatment start` +
    `${input.acquisition ? ` and meeting the acquisition constraints (${input.acquisition})` : ''}; ` +
    `when several qualify, ${selection} is used.`
  );
}

/** Radiomics extraction settings, or null when not known. */
export function describePreprocessing(facts: ReportingFacts): string | null {
  const pre = facts.preprocessing;
  if (!pre) return null;
  const settings = [
    pre.segmentation && `segmentation: ${pre.segmentation}`,
    pre.resampling && `resampling: ${pre.resampling}`,
    pre.normalisation && `intensity normalisation: ${pre.normalisation}`,
    pre.binWidth !== undefined && `bin width: ${formatNumber(pre.binWidth)}`,
    pre.featureClasses.length > 0 && `feature classes: ${pre.featureClasses.join(', ')}`,
    pre.software && `software: ${pre.software}`,
  ].filter((part): part is string => typeof part === 'string');
  return `Radiomics features are extracted from the ${facts.baselineInput.modality} image with fixed settings (${settings.join('; ')}).`;
}

/** The exclusions by reason, e.g. `no baseline image (3), image failed QC (1)`. */
export function describeExclusions(facts: ReportingFacts): string | null {
  const exclusions = facts.counts?.exclusions ?? [];
  if (exclusions.length === 0) return null;
  return exclusions.map((exclusion) => `${exclusion.reason} (${exclusion.count})`).join(', ');
}

/** How the locking ledger works. */
export function describeLocking(facts: ReportingFacts): string {
  const locking = facts.locking;
  return sentences(
    `Each prediction is recorded in a ${locking.ledger}` +
      (locking.lockedBeforeTreatmentStart ? ' before the patient starts treatment' : '') +
      (locking.signedTreeHeads
        ? `; tree heads are signed${locking.signatureAlgorithm ? ` (${locking.signatureAlgorithm})` : ''} and cosigned by ${plural(locking.cosigners, 'independent cosigner')}`
        : '') +
      '.',
    !locking.lockedBeforeTreatmentStart &&
      'Not every analysed prediction was locked before treatment start; the ledger shows which.',
    locking.verificationCommand &&
      `The ledger can be verified offline with \`${locking.verificationCommand}\`.`,
  );
}

/** Whether predictions reached clinicians or care decisions: the facts, stated. */
export function describeClinicalUse(facts: ReportingFacts): string {
  const { predictionsShownToTreatingClinicians: shown, predictionsUsedForCareDecisions: used } =
    facts.humanAi;
  return (
    `Predictions ${shown ? 'are' : 'are not'} shown to treating clinicians and ` +
    `${used ? 'are' : 'are not'} used for care decisions.`
  );
}

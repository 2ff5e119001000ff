import type { AssessmentWindow, Coding, PrimaryEndpoint } from '@prospect/domain';
import type {
  CodeableConcept,
  DiagnosticReport,
  Observation,
  Quantity,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import { codingMatchesAny, describeCodes, matchesAny } from './codes';
import { daysBetween, type FhirInstant, observationTime, parseFhirDateTime } from './date-times';
import { USABLE_OBSERVATION_STATUSES } from './observations';

/** A resource an outcome was read from, as `Observation/id` or `DiagnosticReport/id`. */
export interface OutcomeEvidence {
  readonly reference: string;
}

/**
 * One assessment of the primary endpoint that counts under the protocol.
 *
 * - `value`: `true` for the endpoint's positive class (MRD negative, pCR, or the `other`
 *   endpoint's `positiveClass`), `false` otherwise.
 * - `assessedAt`: the assessment's effective time as an ISO UTC instant with milliseconds (the start
 *   of the UTC day when it was recorded date-only).
 * - `studyDay`: whole days after treatment start (floored), day 0 being the treatment start day.
 * - `evidence`: the `Type/id` references it was read from, sorted.
 * - `detail`: what was read, for people, e.g. `MRD negative (sensitivity 1e-5)` or `ypT0 ypN0`.
 */
export interface OutcomeCandidate {
  readonly value: boolean;
  readonly assessedAt: string;
  readonly studyDay: number;
  readonly evidence: readonly string[];
  readonly detail: string;
}

/** A resource that looked like an endpoint assessment but does not count, and why. */
export interface IgnoredOutcomeRecord {
  readonly reference: string;
  readonly reason: string;
}

/**
 * The outcome derived for one patient:
 * - `observed`: at least one assessment counts and all agree; `outcome` is the earliest;
 * - `conflicting`: assessments disagree, so a person must adjudicate (`candidates` by `assessedAt`);
 * - `not-available`: no assessment counts (yet).
 *
 * `ignored` lists every assessment-like record that was set aside, with the reason, so a missing
 * outcome can be explained and fixed at the source.
 */
export type OutcomeDerivation =
  | {
      readonly status: 'observed';
      readonly outcome: OutcomeCandidate;
      readonly candidates: readonly OutcomeCandidate[];
      readonly ignored: readonly IgnoredOutcomeRecord[];
    }
  | {
      readonly status: 'conflicting';
      readonly candidates: readonly OutcomeCandidate[];
      readonly ignored: readonly IgnoredOutcomeRecord[];
    }
  | { readonly status: 'not-available'; readonly ignored: readonly IgnoredOutcomeRecord[] };

/**
 * Component codes of an MRD Observation that carry the assay's sensitivity (limit of detection) as
 * a fraction in `valueQuantity`, e.g. `1e-5` for one tumour cell in 100 000.
 */
export const MRD_SENSITIVITY_COMPONENT_CODES: readonly Coding[] = [
  {
    system: 'http://prospect.example/codes',
    code: 'mrd-sensitivity',
    display: 'Assay sensitivity (limit of detection)',
  },
];

const SNOMED = 'http://snomed.info/sct';

// SNOMED CT qualifier values labs use for MRD results: Negative / Not detected, Positive / Detected.
const NEGATIVE_RESULT_CODES: readonly Coding[] = [
  { system: SNOMED, code: '260385009', display: 'Negative' },
  { system: SNOMED, code: '260415000', display: 'Not detected' },
];
const POSITIVE_RESULT_CODES: readonly Coding[] = [
  { system: SNOMED, code: '10828004', display: 'Positive' },
  { system: SNOMED, code: '260373001', display: 'Detected' },
];
const NEGATIVE_WORDS: readonly string[] = ['negative', 'not detected'];
const POSITIVE_WORDS: readonly string[] = ['positive', 'detected'];

const COUNTED_STATUSES = USABLE_OBSERVATION_STATUSES;

interface Context {
  readonly start: FhirInstant;
  readonly window: AssessmentWindow;
  readonly ignored: IgnoredOutcomeRecord[];
}

interface Placed {
  readonly time: FhirInstant;
  readonly studyDay: number;
}

interface Candidate extends OutcomeCandidate {
  readonly epochMs: number;
}

/**
 * Derives the primary outcome of one patient from FHIR R4 resources, by the protocol's endpoint.
 *
 * Common rules, for every endpoint type:
 * - Only resources with status `final`, `amended` or `corrected` count; an assessment-like resource
 *   with another status (`preliminary`, `registered`, `cancelled`, `entered-in-error`, `unknown`,
 *   …) is ignored with a reason, since its result may still change or was never valid. Resources of
 *   other types or codes are skipped silently: they are not assessments of this endpoint.
 * - The assessment time is `effectiveDateTime`, `effectiveInstant` or `effectivePeriod.start` (when
 *   the specimen was taken), and for a DiagnosticReport without those `issued` as a last resort (a pathology report
 *   without a specimen time is dated by its release). An unreadable time is ignored with a reason.
 * - `studyDay` is `floor(daysBetween(assessment, treatmentStart))`: whole UTC calendar days when
 *   either is date-only, otherwise whole elapsed 24-hour days. Assessments outside
 *   `assessmentWindowDays` (`[start, end]`, inclusive) are ignored with a reason, so unplanned late
 *   assessments cannot redefine the endpoint.
 * - A resource without an `id` cannot be cited as evidence and is ignored with a reason.
 * - All counted candidates agreeing gives `observed` with the earliest as the outcome (the planned
 *   assessment; later ones only confirm it); disagreeing gives `conflicting`; none gives
 *   `not-available`.
 *
 * `mrd`: Observations whose `code` matches `assayCodes`. The result is read from
 * `valueCodeableConcept` (SNOMED CT Negative 260385009 / Not detected 260415000, Positive 10828004
 * / Detected 260373001, or a code, display or text of `negative`, `not detected`, `positive`,
 * `detected`, case-insensitive), else from `valueQuantity` as the measured residual-disease fraction
 * (unit `1` or none, or `%`), negative iff below `negativityThreshold` (a `<` / `<=` comparator
 * counts when its bound settles the side of the threshold; `>`/`>=` likewise for positive).
 * Negativity is only as good as the assay: a coded negative (or a measured 0) counts only when the
 * sensitivity component ({@link MRD_SENSITIVITY_COMPONENT_CODES}) is at most the threshold, and any
 * negative with a recorded sensitivity coarser than the threshold is ignored, because it cannot
 * establish negativity at the protocol's level. Positive results count regardless of sensitivity.
 *
 * `pcr`: Observations matching the first pathology code give ypT, the second ypN, read from
 * `valueCodeableConcept` codes, displays and text or `valueString` (`ypT0`, `ypTis`, `ypT1c`,
 * `ypN0(i-)`, also `T0`, `Tis`, `N0` without prefix; `pT`/`cT` do not count, they are not
 * post-neoadjuvant pathology). Findings are grouped by the DiagnosticReport whose `result`
 * references them (`Observation/id`, absolute URLs ending so, or `#id` for contained ones); findings
 * in no report are grouped by UTC day. When a report's findings lack ypT or ypN, they are read from
 * its `conclusion`, which for free text requires the `yp` prefix (`ypT0 ypN0`). `ypT0/is ypN0`: pCR
 * iff ypT0 or ypTis and ypN0; `ypT0 ypN0`: pCR iff ypT0 and ypN0. ypN0(i-) and ypN0(mol-) are
 * ypN0; ypN0(i+) and ypN0(mol+) are not, because residual tumour cells were seen in the nodes. A
 * group with ypT or ypN missing, unassessable (TX/NX) or contradictory is ignored with a reason.
 * Evidence is the report and the top-level observations (contained ones are part of the report).
 *
 * `other`: Observations matching `codes`; `valueBoolean` is the value, or `valueCodeableConcept`
 * is `true` when one of its codings has `code` equal to `positiveClass`, `false` for another code.
 *
 * The caller passes one patient's resources; `subject` is not checked.
 *
 * @param treatmentStart - day 0, a FHIR date or dateTime with a time zone
 * @throws {TypeError} when `treatmentStart` is not a readable date or dateTime.
 * @example
 * deriveOutcome(trial.protocol.primaryEndpoint, '2026-01-05T08:00:00Z', resources);
 * // { status: 'observed', outcome: { value: true, detail: 'MRD negative (sensitivity 1e-5)', studyDay: 131, ... }, ... }
 */
export function deriveOutcome(
  endpoint: PrimaryEndpoint,
  treatmentStart: string,
  resources: readonly Resource[],
): OutcomeDerivation {
  const start = parseFhirDateTime(treatmentStart);
  if (start === null) {
    throw new TypeError(
      `Invalid treatmentStart ${JSON.stringify(treatmentStart)}: expected a FHIR date (YYYY-MM-DD) or ` +
        `a dateTime with a time zone (YYYY-MM-DDThh:mm:ssZ or ±hh:mm)`,
    );
  }
  const context: Context = { start, window: endpoint.assessmentWindowDays, ignored: [] };
  let candidates: Candidate[];
  switch (endpoint.type) {
    case 'mrd':
      candidates = deriveMrd(endpoint, resources, context);
      break;
    case 'pcr':
      candidates = derivePcr(endpoint, resources, context);
      break;
    case 'other':
      candidates = deriveOther(endpoint, resources, context);
      break;
  }
  const ignored = [...context.ignored].sort(
    (a, b) => compareText(a.reference, b.reference) || compareText(a.reason, b.reason),
  );
  const sorted = candidates
    .sort((a, b) => a.epochMs - b.epochMs || compareText(a.evidence.join(' '), b.evidence.join(' ')))
    .map(({ epochMs: _epochMs, ...rest }): OutcomeCandidate => rest);
  const first = sorted[0];
  if (first === undefined) return { status: 'not-available', ignored };
  if (sorted.every((candidate) => candidate.value === first.value)) {
    return { status: 'observed', outcome: first, candidates: sorted, ignored };
  }
  return { status: 'conflicting', candidates: sorted, ignored };
}

// ---------------------------------------------------------------------------------------------
// Shared checks

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `Type/id`, or `null` (with the record ignored) when the resource has no id to cite. */
function citable(resource: Resource, context: Context): string | null {
  if (resource.id === undefined || resource.id === '') {
    context.ignored.push({
      reference: `${resource.resourceType}/(no id)`,
      reason: 'has no id, so it cannot be cited as evidence',
    });
    return null;
  }
  return `${resource.resourceType}/${resource.id}`;
}

function statusReason(status: string | undefined): string | null {
  if (status !== undefined && COUNTED_STATUSES.includes(status)) return null;
  return `status is ${status ?? 'missing'}; only final, amended or corrected results count`;
}

/**
 * A DiagnosticReport also counts when `appended`: in FHIR R4 that is a final report with an
 * addendum (subsequent to being final), so its findings stand.
 */
function reportStatusReason(status: string | undefined): string | null {
  if (status === 'appended') return null;
  return (
    statusReason(status) &&
    `status is ${status ?? 'missing'}; only final, appended, amended or corrected reports count`
  );
}

/**
 * The time and study day of an assessment, or the reason it does not count: no readable time, or
 * outside the window.
 */
function place(time: FhirInstant | null, context: Context, what = 'effective time'): Placed | string {
  if (time === null) return `has no readable ${what}`;
  const studyDay = Math.floor(daysBetween(time, context.start));
  const { start, end } = context.window;
  if (studyDay < start || studyDay > end) {
    return `outside the assessment window (day ${studyDay}; window ${start}–${end})`;
  }
  return { time, studyDay };
}

function candidate(value: boolean, placed: Placed, evidence: readonly string[], detail: string): Candidate {
  return {
    value,
    assessedAt: placed.time.at,
    studyDay: placed.studyDay,
    evidence: [...new Set(evidence)].sort(compareText),
    detail,
    epochMs: placed.time.epochMs,
  };
}

/** Status, id, time and window checks of an Observation; `null` when it was ignored. */
function countedObservation(
  observation: Observation,
  context: Context,
): { reference: string; placed: Placed } | null {
  const reference = citable(observation, context);
  if (reference === null) return null;
  const reason = statusReason(observation.status);
  if (reason !== null) {
    context.ignored.push({ reference, reason });
    return null;
  }
  const placed = place(observationTime(observation), context);
  if (typeof placed === 'string') {
    context.ignored.push({ reference, reason: placed });
    return null;
  }
  return { reference, placed };
}

function observations(resources: readonly Resource[]): Observation[] {
  return resources.filter((resource): resource is Observation => resource.resourceType === 'Observation');
}

// ---------------------------------------------------------------------------------------------
// MRD

type MrdEndpoint = Extract<PrimaryEndpoint, { type: 'mrd' }>;

type Reading = { readonly value: boolean; readonly detail: string } | { readonly unusable: string };

/** Shortest exact notation for fractions in messages: `1e-5`, `2.5e-6`. */
function fraction(value: number): string {
  return value.toExponential();
}

/** A quantity as a fraction: unit `1` (or none) as is, `%` divided by 100; otherwise `null`. */
function asFraction(quantity: Quantity): number | null {
  if (typeof quantity.value !== 'number' || !Number.isFinite(quantity.value)) return null;
  const unit = quantity.code ?? quantity.unit;
  if (unit === undefined || unit === '1' || unit === '') return quantity.value;
  if (unit === '%') return quantity.value / 100;
  return null;
}

/** The recorded sensitivity: a fraction, `null` when absent, or a message when unreadable. */
function sensitivityOf(observation: Observation): number | null | { readonly unusable: string } {
  const component = (observation.component ?? []).find((item) =>
    matchesAny(item.code, MRD_SENSITIVITY_COMPONENT_CODES),
  );
  if (component === undefined) return null;
  const value = component.valueQuantity === undefined ? null : asFraction(component.valueQuantity);
  if (value === null || value <= 0) {
    return { unusable: 'has an assay sensitivity component without a readable fraction' };
  }
  return value;
}

/** `true` negative, `false` positive, `null` neither, `'both'` contradictory. */
function codedMrdResult(concept: CodeableConcept | undefined): boolean | null | 'both' {
  const verdicts = new Set<boolean>();
  const word = (text: string | undefined): void => {
    const normal = text?.trim().toLowerCase();
    if (normal === undefined) return;
    if (NEGATIVE_WORDS.includes(normal)) verdicts.add(true);
    if (POSITIVE_WORDS.includes(normal)) verdicts.add(false);
  };
  for (const coding of concept?.coding ?? []) {
    if (codingMatchesAny(coding, NEGATIVE_RESULT_CODES)) verdicts.add(true);
    if (codingMatchesAny(coding, POSITIVE_RESULT_CODES)) verdicts.add(false);
    word(coding.code);
    word(coding.display);
  }
  word(concept?.text);
  if (verdicts.size > 1) return 'both';
  const [verdict] = verdicts;
  return verdict ?? null;
}

function readMrd(observation: Observation, endpoint: MrdEndpoint): Reading {
  const threshold = endpoint.negativityThreshold;
  const sensitivity = sensitivityOf(observation);
  if (sensitivity !== null && typeof sensitivity === 'object') return sensitivity;
  const coarse =
    sensitivity !== null && sensitivity > threshold
      ? `is negative at an assay sensitivity of ${fraction(sensitivity)}, coarser than the protocol ` +
        `threshold ${fraction(threshold)}, so it cannot establish negativity at the threshold`
      : null;
  const coded = codedMrdResult(observation.valueCodeableConcept);
  if (coded === 'both') return { unusable: 'has a coded result that reads both negative and positive' };
  const withSensitivity = sensitivity === null ? '' : ` (sensitivity ${fraction(sensitivity)})`;
  if (coded === false) return { value: false, detail: `MRD positive${withSensitivity}` };
  if (coded === true) {
    if (coarse !== null) return { unusable: coarse };
    if (sensitivity === null) {
      return {
        unusable:
          `is negative without an assay sensitivity (${describeCodes(MRD_SENSITIVITY_COMPONENT_CODES)}), ` +
          `so it cannot establish negativity at the protocol threshold ${fraction(threshold)}`,
      };
    }
    return { value: true, detail: `MRD negative${withSensitivity}` };
  }
  if (observation.valueQuantity === undefined) {
    return {
      unusable:
        'has no readable result: expected a coded negative or positive, or a residual-disease fraction',
    };
  }
  const quantity = observation.valueQuantity;
  const measured = asFraction(quantity);
  if (measured === null) {
    return {
      unusable: `has a residual-disease quantity that is not a fraction (unit ${quantity.code ?? quantity.unit ?? 'none'}; expected 1 or %)`,
    };
  }
  const shown = `${quantity.comparator ?? ''}${fraction(measured)}`;
  let negative: boolean | null;
  switch (quantity.comparator) {
    case undefined:
      negative = measured < threshold;
      break;
    case '<':
      negative = measured <= threshold ? true : null;
      break;
    case '<=':
      negative = measured < threshold ? true : null;
      break;
    case '>':
    case '>=':
      negative = measured >= threshold ? false : null;
      break;
  }
  if (negative === null) {
    return {
      unusable: `has residual disease ${shown}, which does not settle which side of the threshold ${fraction(threshold)} it is on`,
    };
  }
  if (!negative) {
    return {
      value: false,
      detail: `MRD positive (residual disease ${shown} ≥ threshold ${fraction(threshold)})`,
    };
  }
  if (coarse !== null) return { unusable: coarse };
  // A plain 0 only says "not seen", which is worth as much as the assay's sensitivity; a value
  // above 0, or a censored bound, is the lab asserting a level below the threshold.
  if (measured === 0 && quantity.comparator === undefined && sensitivity === null) {
    return {
      unusable:
        `reports residual disease 0 without an assay sensitivity (${describeCodes(MRD_SENSITIVITY_COMPONENT_CODES)}), ` +
        `so it cannot establish negativity at the protocol threshold ${fraction(threshold)}`,
    };
  }
  return {
    value: true,
    detail: `MRD negative (residual disease ${shown} < threshold ${fraction(threshold)})${withSensitivity}`,
  };
}

function deriveMrd(endpoint: MrdEndpoint, resources: readonly Resource[], context: Context): Candidate[] {
  const found: Candidate[] = [];
  for (const observation of observations(resources)) {
    if (!matchesAny(observation.code, endpoint.assayCodes)) continue;
    const counted = countedObservation(observation, context);
    if (counted === null) continue;
    const reading = readMrd(observation, endpoint);
    if ('unusable' in reading) {
      context.ignored.push({ reference: counted.reference, reason: reading.unusable });
      continue;
    }
    found.push(candidate(reading.value, counted.placed, [counted.reference], reading.detail));
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// pCR

type PcrEndpoint = Extract<PrimaryEndpoint, { type: 'pcr' }>;

/** A ypT category: `0`, `is`, `x` or residual (`1`…`4` with subcategory). */
interface TumourStage {
  readonly category: string;
  readonly label: string;
}

/** A ypN category, with whether tumour cells were found by IHC or molecular methods (`i+`, `mol+`). */
interface NodeStage {
  readonly category: string;
  readonly cellsFound: boolean;
  readonly label: string;
}

// Bounded by anything but letters and digits, so `pT0`, `cT0` and words like "Tumour" or "This" do
// not match. With `yp` required, free text ("Tx response") is not taken for staging.
function tumourPattern(prefixRequired: boolean): RegExp {
  return new RegExp(
    `(?<![A-Za-z0-9])${prefixRequired ? 'yp' : '(?:yp)?'}T(is|x|0|[1-4](?:mi|[a-e][0-9]?)?)(?![A-Za-z0-9])`,
    'gi',
  );
}

// Modifiers in parentheses follow the category: isolated tumour cells by IHC (`i-`/`i+`) or
// molecular methods (`mol-`/`mol+`), sentinel node (`sn`), fine-needle or core biopsy (`f`).
const NODE_MODIFIERS: readonly string[] = ['i-', 'i+', 'mol-', 'mol+', 'sn', 'f'];

function nodePattern(prefixRequired: boolean): RegExp {
  return new RegExp(
    `(?<![A-Za-z0-9])${prefixRequired ? 'yp' : '(?:yp)?'}N(x|0|[1-3](?:mi|[a-c])?)(?![A-Za-z0-9])((?:\\s?\\([^)]*\\))*)`,
    'gi',
  );
}

function tumourStages(text: string, prefixRequired: boolean): TumourStage[] {
  return [...text.matchAll(tumourPattern(prefixRequired))].map((match) => {
    const category = (match[1] ?? '').toLowerCase();
    return { category, label: `ypT${category === 'x' ? 'X' : category}` };
  });
}

function nodeStages(text: string, prefixRequired: boolean): NodeStage[] {
  return [...text.matchAll(nodePattern(prefixRequired))].map((match) => {
    const category = (match[1] ?? '').toLowerCase();
    // Other parenthesised text, such as a node count `(0/14)`, does not change the category.
    const modifiers = [...(match[2] ?? '').matchAll(/\(([^)]*)\)/g)]
      .map((item) => (item[1] ?? '').replace(/\s+/g, '').toLowerCase())
      .filter((modifier) => NODE_MODIFIERS.includes(modifier));
    return {
      category,
      cellsFound: modifiers.some((modifier) => modifier === 'i+' || modifier === 'mol+'),
      label: `ypN${category === 'x' ? 'X' : category}${modifiers.map((modifier) => `(${modifier})`).join('')}`,
    };
  });
}

/** The texts an observation's value can be read from, in order of trust. */
function valueTexts(observation: Observation): string[] {
  const concept = observation.valueCodeableConcept;
  return [
    ...(concept?.coding ?? []).flatMap((coding) => [coding.code, coding.display]),
    concept?.text,
    observation.valueString,
  ].filter((text): text is string => text !== undefined && text !== '');
}

interface Finding {
  /** `Observation/id`, or `null` for one contained in a report. */
  readonly reference: string | null;
  /** For messages: the reference, or `#id` within the report. */
  readonly name: string;
  readonly observation: Observation;
}

interface Group {
  readonly tumour: TumourStage[];
  readonly node: NodeStage[];
  readonly unreadable: string[];
  readonly fromConclusion: boolean;
}

function readFindings(findings: readonly Finding[], pcr: PcrEndpoint): Group {
  const [tumourCode, nodeCode] = pcr.pathologyCodes;
  const group: Group = { tumour: [], node: [], unreadable: [], fromConclusion: false };
  for (const finding of findings) {
    const texts = valueTexts(finding.observation);
    if (tumourCode !== undefined && matchesAny(finding.observation.code, [tumourCode])) {
      const stages = texts.flatMap((text) => tumourStages(text, false));
      if (stages.length === 0) group.unreadable.push(`${finding.name} (ypT)`);
      group.tumour.push(...stages);
    }
    if (nodeCode !== undefined && matchesAny(finding.observation.code, [nodeCode])) {
      const stages = texts.flatMap((text) => nodeStages(text, false));
      if (stages.length === 0) group.unreadable.push(`${finding.name} (ypN)`);
      group.node.push(...stages);
    }
  }
  return group;
}

function isPathologyFinding(observation: Observation, pcr: PcrEndpoint): boolean {
  return matchesAny(observation.code, pcr.pathologyCodes.slice(0, 2));
}

/** The pCR verdict of a group's findings, or why there is none. */
function judgePcr(group: Group, pcr: PcrEndpoint): Reading {
  const tumourLabels = [...new Set(group.tumour.map((stage) => stage.label))];
  const nodeLabels = [...new Set(group.node.map((stage) => stage.label))];
  const unreadable = group.unreadable.length === 0 ? '' : ` (unreadable: ${group.unreadable.join(', ')})`;
  const missing = [tumourLabels.length === 0 ? 'ypT' : null, nodeLabels.length === 0 ? 'ypN' : null].filter(
    (part) => part !== null,
  );
  if (missing.length > 0) return { unusable: `has no readable ${missing.join(' or ')} finding${unreadable}` };
  if (tumourLabels.length > 1)
    return { unusable: `has contradictory ypT findings (${tumourLabels.join(', ')})` };
  if (nodeLabels.length > 1) return { unusable: `has contradictory ypN findings (${nodeLabels.join(', ')})` };
  const tumour = group.tumour[0] as TumourStage;
  const node = group.node[0] as NodeStage;
  if (tumour.category === 'x') return { unusable: 'has ypTX: the primary tumour could not be assessed' };
  if (node.category === 'x') return { unusable: 'has ypNX: the regional lymph nodes could not be assessed' };
  const tumourFree =
    tumour.category === '0' || (pcr.definition === 'ypT0/is ypN0' && tumour.category === 'is');
  const nodesFree = node.category === '0' && !node.cellsFound;
  const source = group.fromConclusion ? ' (from the report conclusion)' : '';
  return { value: tumourFree && nodesFree, detail: `${tumour.label} ${node.label}${source}` };
}

/** The id an Observation reference points at: `Observation/id`, possibly absolute or versioned. */
function referencedObservationId(reference: Reference | undefined): string | null {
  const match = /(?:^|\/)Observation\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(
    reference?.reference ?? '',
  );
  return match?.[1] ?? null;
}

function reportTime(report: DiagnosticReport): FhirInstant | null {
  return parseFhirDateTime(report.effectiveDateTime ?? report.effectivePeriod?.start ?? report.issued);
}

function derivePcr(pcr: PcrEndpoint, resources: readonly Resource[], context: Context): Candidate[] {
  const byId = new Map<string, Observation>();
  const findings = observations(resources).filter((observation) => isPathologyFinding(observation, pcr));
  for (const observation of findings) {
    if (observation.id !== undefined) byId.set(observation.id, observation);
  }
  const claimed = new Set<Observation>();
  const found: Candidate[] = [];

  for (const report of resources) {
    if (report.resourceType !== 'DiagnosticReport') continue;
    const contained = new Map(
      (report.contained ?? []).flatMap((resource) =>
        resource.resourceType === 'Observation' && resource.id !== undefined ? [[resource.id, resource]] : [],
      ),
    );
    const reportFindings: Finding[] = [];
    for (const result of report.result ?? []) {
      const local = result.reference?.startsWith('#') ? contained.get(result.reference.slice(1)) : undefined;
      if (local !== undefined) {
        if (isPathologyFinding(local, pcr)) {
          reportFindings.push({ reference: null, name: `#${local.id ?? ''}`, observation: local });
        }
        continue;
      }
      const id = referencedObservationId(result);
      const observation = id === null ? undefined : byId.get(id);
      if (observation !== undefined) {
        claimed.add(observation);
        reportFindings.push({ reference: `Observation/${id}`, name: `Observation/${id}`, observation });
      }
    }
    const conclusion = report.conclusion ?? '';
    const concludes = tumourStages(conclusion, true).length > 0 || nodeStages(conclusion, true).length > 0;
    // Other reports (blood counts, imaging) are not assessments of this endpoint.
    if (reportFindings.length === 0 && !concludes && !matchesAny(report.code, pcr.pathologyCodes)) continue;

    const reference = citable(report, context);
    if (reference === null) continue;
    const reportStatus = reportStatusReason(report.status);
    if (reportStatus !== null) {
      // A report not signed out makes its findings provisional too, whatever their own status.
      context.ignored.push({ reference, reason: reportStatus });
      continue;
    }
    const placed = place(reportTime(report), context, 'effective or issued time');
    if (typeof placed === 'string') {
      context.ignored.push({ reference, reason: placed });
      continue;
    }
    const counted = reportFindings.filter((finding) => {
      const reason = statusReason(finding.observation.status);
      if (reason === null) return true;
      context.ignored.push({ reference: finding.reference ?? `${reference}${finding.name}`, reason });
      return false;
    });
    let group = readFindings(counted, pcr);
    if (group.tumour.length === 0 || group.node.length === 0) {
      const fromConclusion = {
        tumour: group.tumour.length === 0 ? tumourStages(conclusion, true) : [],
        node: group.node.length === 0 ? nodeStages(conclusion, true) : [],
      };
      if (fromConclusion.tumour.length + fromConclusion.node.length > 0) {
        group = {
          tumour: [...group.tumour, ...fromConclusion.tumour],
          node: [...group.node, ...fromConclusion.node],
          unreadable: group.unreadable,
          fromConclusion: true,
        };
      }
    }
    const reading = judgePcr(group, pcr);
    if ('unusable' in reading) {
      context.ignored.push({ reference, reason: reading.unusable });
      continue;
    }
    const evidence = [
      reference,
      ...counted.flatMap((finding) => (finding.reference === null ? [] : [finding.reference])),
    ];
    found.push(candidate(reading.value, placed, evidence, reading.detail));
  }

  // Findings outside any report: a ypT and a ypN recorded the same UTC day belong to one surgery.
  const days = new Map<string, { reference: string; observation: Observation; placed: Placed }[]>();
  for (const observation of findings) {
    if (claimed.has(observation)) continue;
    const counted = countedObservation(observation, context);
    if (counted === null) continue;
    const day = counted.placed.time.at.slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), { ...counted, observation }]);
  }
  for (const members of days.values()) {
    const group = readFindings(
      members.map(({ reference, observation }) => ({ reference, name: reference, observation })),
      pcr,
    );
    const reading = judgePcr(group, pcr);
    if ('unusable' in reading) {
      for (const member of members)
        context.ignored.push({ reference: member.reference, reason: reading.unusable });
      continue;
    }
    const earliest = members.reduce((a, b) => (b.placed.time.epochMs < a.placed.time.epochMs ? b : a));
    found.push(
      candidate(
        reading.value,
        earliest.placed,
        members.map((member) => member.reference),
        reading.detail,
      ),
    );
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Other

type OtherEndpoint = Extract<PrimaryEndpoint, { type: 'other' }>;

function readOther(observation: Observation, endpoint: OtherEndpoint): Reading {
  if (typeof observation.valueBoolean === 'boolean') {
    return {
      value: observation.valueBoolean,
      detail: observation.valueBoolean ? endpoint.positiveClass : `not ${endpoint.positiveClass}`,
    };
  }
  const codings = (observation.valueCodeableConcept?.coding ?? []).filter(
    (coding) => coding.code !== undefined && coding.code !== '',
  );
  const positive = codings.find((coding) => coding.code === endpoint.positiveClass);
  if (positive !== undefined) return { value: true, detail: positive.display ?? endpoint.positiveClass };
  const other = codings[0];
  if (other !== undefined) {
    return { value: false, detail: `${other.display ?? other.code ?? ''} (not ${endpoint.positiveClass})` };
  }
  return { unusable: 'has no boolean or coded value' };
}

function deriveOther(endpoint: OtherEndpoint, resources: readonly Resource[], context: Context): Candidate[] {
  const found: Candidate[] = [];
  for (const observation of observations(resources)) {
    if (!matchesAny(observation.code, endpoint.codes)) continue;
    const counted = countedObservation(observation, context);
    if (counted === null) continue;
    const reading = readOther(observation, endpoint);
    if ('unusable' in reading) {
      context.ignored.push({ reference: counted.reference, reason: reading.unusable });
      continue;
    }
    found.push(candidate(reading.value, counted.placed, [counted.reference], reading.detail));
  }
  return found;
}

import type { Comparator, Criterion, EligibilityRule, RuleKind } from '@prospect/domain';
import type { CodeableConcept, Condition } from '@medplum/fhirtypes';
import { ageInYears } from './age';
import { describeCodes, matchesAny } from './codes';
import {
  daysBetween,
  type FhirInstant,
  formatInstant,
  parseFhirDateTime,
  requireInstant,
} from './date-times';
import { describeUnit, latestObservation, quantityUnitMatches, readQuantity } from './observations';
import { openIssue, type OpenIssue } from './open-issues';
import type { PatientRecord, SourceRef } from './patient-record';

/** Whether a rule's criterion holds for the patient, does not, or cannot be decided from the record. */
export type CriterionResult = 'met' | 'not-met' | 'unknown';

/** The overall decision: every rule decided favourably, one rule excludes, or a person must decide. */
export type EligibilityOutcome = 'passed' | 'failed' | 'needs-review';

/** A criterion's result, a plain-English reason, and the resources the decision rests on. */
export interface CriterionEvaluation {
  readonly result: CriterionResult;
  readonly reason: string;
  readonly evidence: readonly SourceRef[];
}

/** One evaluated rule; see {@link evaluateEligibility}. */
export interface RuleEvaluation extends CriterionEvaluation {
  readonly ruleId: string;
  readonly kind: RuleKind;
}

/** The outcome of {@link evaluateEligibility}, evaluated as of `at` (ISO UTC). */
export interface EligibilityResult {
  readonly at: string;
  readonly outcome: EligibilityOutcome;
  readonly rules: readonly RuleEvaluation[];
}

const CLINICAL_STATUS_SYSTEM = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const VERIFICATION_STATUS_SYSTEM = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';

/** Clinical statuses meaning the condition is present now. */
const ACTIVE_STATUSES = ['active', 'recurrence', 'relapse'];
/** Clinical statuses meaning it is no longer present, though it may have been at screening. */
const ENDED_STATUSES = ['inactive', 'remission', 'resolved'];
/** Verification statuses meaning the condition was never there. */
const VOID_VERIFICATIONS = ['entered-in-error', 'refuted'];
/** Verification statuses too tentative to decide eligibility without a person. */
const TENTATIVE_VERIFICATIONS = ['unconfirmed', 'provisional', 'differential'];

function evaluation(
  result: CriterionResult,
  reason: string,
  evidence: readonly SourceRef[] = [],
): CriterionEvaluation {
  return { result, reason, evidence };
}

function describeAgeBounds(minYears: number | undefined, maxYears: number | undefined): string {
  if (minYears !== undefined && maxYears !== undefined) return `from ${minYears} to ${maxYears} years`;
  if (minYears !== undefined) return `at least ${minYears} years`;
  return `at most ${maxYears ?? 0} years`;
}

function evaluateAge(
  record: PatientRecord,
  criterion: Extract<Criterion, { type: 'age' }>,
  at: FhirInstant,
): CriterionEvaluation {
  const patient: SourceRef = { resourceType: 'Patient', id: record.patient.id ?? '' };
  const bounds = describeAgeBounds(criterion.minYears, criterion.maxYears);
  const age = ageInYears(record.patient.birthDate, at);
  if (age === null) {
    const why =
      record.patient.birthDate === undefined
        ? 'no birth date is recorded'
        : 'the birth date is unreadable or later';
    return evaluation('unknown', `Age at ${formatInstant(at)} cannot be computed: ${why}.`, [patient]);
  }
  const fits = (years: number) =>
    (criterion.minYears === undefined || years >= criterion.minYears) &&
    (criterion.maxYears === undefined || years <= criterion.maxYears);
  const fitMin = fits(age.min);
  const fitMax = fits(age.max);
  const shown = age.min === age.max ? `${age.min}` : `${age.min} or ${age.max} (partial birth date)`;
  if (fitMin && fitMax) {
    return evaluation('met', `Age ${shown} at ${formatInstant(at)} is ${bounds}.`, [patient]);
  }
  if (!fitMin && !fitMax) {
    return evaluation('not-met', `Age ${shown} at ${formatInstant(at)} is not ${bounds}.`, [patient]);
  }
  return evaluation('unknown', `Age ${shown} at ${formatInstant(at)} may or may not be ${bounds}.`, [
    patient,
  ]);
}

function evaluateSex(
  record: PatientRecord,
  criterion: Extract<Criterion, { type: 'sex' }>,
): CriterionEvaluation {
  const patient: SourceRef = { resourceType: 'Patient', id: record.patient.id ?? '' };
  const gender = record.patient.gender;
  const allowed = criterion.allowed.join(', ');
  if (gender === undefined) return evaluation('unknown', 'No administrative gender is recorded.', [patient]);
  return criterion.allowed.includes(gender)
    ? evaluation('met', `Administrative gender ${gender} is one of: ${allowed}.`, [patient])
    : evaluation('not-met', `Administrative gender ${gender} is not one of: ${allowed}.`, [patient]);
}

/** The status code of a concept in `system`; a coding without a system is accepted as well. */
function statusCode(concept: CodeableConcept | undefined, system: string): string | undefined {
  return concept?.coding?.find((coding) => coding.system === system || coding.system === undefined)?.code;
}

type ConditionState = 'present' | 'tentative' | 'absent';

/** Whether a condition counted as present at `at`; see {@link evaluateEligibility}. */
function conditionState(condition: Condition, at: FhirInstant): ConditionState {
  const verification = statusCode(condition.verificationStatus, VERIFICATION_STATUS_SYSTEM);
  if (verification !== undefined && VOID_VERIFICATIONS.includes(verification)) return 'absent';
  // A diagnosis made after screening must not make the patient eligible retroactively on re-sync.
  const onset = parseFhirDateTime(
    condition.onsetDateTime ?? condition.onsetPeriod?.start ?? condition.recordedDate,
  );
  if (onset !== null && daysBetween(at, onset) < 0) return 'absent';
  const clinical = statusCode(condition.clinicalStatus, CLINICAL_STATUS_SYSTEM);
  let present: boolean | null;
  if (clinical === undefined) {
    present = null;
  } else if (ACTIVE_STATUSES.includes(clinical)) {
    present = true;
  } else if (ENDED_STATUSES.includes(clinical)) {
    // Clinical status is today's; a condition that ended after screening was present at screening.
    const abatement = parseFhirDateTime(condition.abatementDateTime ?? condition.abatementPeriod?.start);
    present = abatement !== null && daysBetween(abatement, at) > 0;
  } else {
    present = null;
  }
  if (present === false) return 'absent';
  if (present === null) return 'tentative';
  return verification !== undefined && TENTATIVE_VERIFICATIONS.includes(verification)
    ? 'tentative'
    : 'present';
}

function evaluateCondition(
  record: PatientRecord,
  criterion: Extract<Criterion, { type: 'condition' }>,
  at: FhirInstant,
): CriterionEvaluation {
  const what = describeCodes(criterion.codes);
  const matching = record.conditions.filter(
    (condition): condition is Condition & { id: string } =>
      condition.id !== undefined && matchesAny(condition.code, criterion.codes),
  );
  const refs = (state: ConditionState): SourceRef[] =>
    matching
      .filter((condition) => conditionState(condition, at) === state)
      .map((condition) => ({ resourceType: 'Condition', id: condition.id }));
  const present = refs('present');
  if (present.length > 0) {
    const list = present.map((ref) => `Condition/${ref.id}`).join(', ');
    return evaluation('met', `${list} records ${what} as present at ${formatInstant(at)}.`, present);
  }
  const tentative = refs('tentative');
  if (tentative.length > 0) {
    const list = tentative.map((ref) => `Condition/${ref.id}`).join(', ');
    return evaluation(
      'unknown',
      `${list} records ${what}, but its clinical or verification status does not confirm it at ${formatInstant(at)}.`,
      tentative,
    );
  }
  const ignored =
    matching.length === 0
      ? ''
      : ` (${matching.length} matching recorded as ended, refuted, in error or later)`;
  return evaluation(
    'not-met',
    `No condition ${what} is recorded as present at ${formatInstant(at)}${ignored}.`,
  );
}

function compare(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '=':
      return value === threshold;
  }
}

function evaluateObservation(
  record: PatientRecord,
  criterion: Extract<Criterion, { type: 'observation' }>,
  at: FhirInstant,
): CriterionEvaluation {
  const found = latestObservation(
    record.observations,
    { codes: criterion.codes, at, lookbackDays: criterion.lookbackDays },
    readQuantity,
  );
  if (found === null) {
    const window = criterion.lookbackDays === undefined ? '' : ` within ${criterion.lookbackDays} days`;
    return evaluation(
      'unknown',
      `No final, amended or corrected observation of ${describeCodes(criterion.codes)} with a numeric value ` +
        `on or before ${formatInstant(at)}${window}.`,
    );
  }
  const quantity = found.value;
  const ref: SourceRef = { resourceType: 'Observation', id: found.observation.id };
  const source = `Observation/${ref.id} from ${formatInstant(found.time)}`;
  if (criterion.unit !== undefined && !quantityUnitMatches(quantity, criterion.unit)) {
    return evaluation(
      'unknown',
      `${source} is in ${describeUnit(quantity)}, but the rule requires ${criterion.unit}; compare by hand.`,
      [ref],
    );
  }
  const unit = criterion.unit ?? quantity.code ?? quantity.unit;
  const shown = `${quantity.comparator ?? ''}${quantity.value}${unit === undefined ? '' : ` ${unit}`}`;
  const test = `${criterion.comparator} ${criterion.value}`;
  if (quantity.comparator !== undefined) {
    // A censored value ("<5") is not a number; deciding it automatically would guess.
    return evaluation(
      'unknown',
      `${source} is a censored value ${shown}; decide by hand whether it is ${test}.`,
      [ref],
    );
  }
  return compare(quantity.value, criterion.comparator, criterion.value)
    ? evaluation('met', `${source}: ${shown}, which is ${test}.`, [ref])
    : evaluation('not-met', `${source}: ${shown}, which is not ${test}.`, [ref]);
}

/**
 * Evaluates one criterion against a patient record as of `at`; see {@link evaluateEligibility}
 * for the rules per criterion type.
 *
 * @example
 * evaluateCriterion(record, { type: 'sex', allowed: ['female'] }, parseFhirDateTime('2026-03-01')!).result; // 'met'
 */
export function evaluateCriterion(
  record: PatientRecord,
  criterion: Criterion,
  at: FhirInstant,
): CriterionEvaluation {
  switch (criterion.type) {
    case 'age':
      return evaluateAge(record, criterion, at);
    case 'sex':
      return evaluateSex(record, criterion);
    case 'condition':
      return evaluateCondition(record, criterion, at);
    case 'observation':
      return evaluateObservation(record, criterion, at);
    case 'manual':
      return evaluation('unknown', criterion.question);
  }
}

/**
 * Whether a rule result excludes the patient: an unmet inclusion or a met exclusion. Unknown never
 * excludes on its own; it asks for review.
 *
 * @example
 * ruleFails({ kind: 'exclusion', result: 'met' }); // true
 */
export function ruleFails(rule: Pick<RuleEvaluation, 'kind' | 'result'>): boolean {
  return rule.kind === 'inclusion' ? rule.result === 'not-met' : rule.result === 'met';
}

/**
 * Evaluates the protocol's eligibility rules for one patient as of `at` (normally screening).
 *
 * Per criterion:
 * - `age`: completed years at the UTC date of `at` (see `ageInYears`), bounds inclusive; unknown
 *   without a birth date, or when a partial birth date leaves the answer open.
 * - `sex`: `Patient.gender` is one of `allowed`; unknown when not recorded.
 * - `condition`: met when a Condition with a matching code was present at `at`: clinical status
 *   active/recurrence/relapse (or inactive/remission/resolved with an abatement after `at`),
 *   verification not entered-in-error or refuted, and onset (else recorded date) not after `at`.
 *   Unknown when the only matches lack a clinical status or are unconfirmed/provisional/
 *   differential; otherwise not met.
 * - `observation`: the latest usable numeric observation (see `latestObservation`) compared as
 *   `value <comparator> threshold`; unknown when there is none, its unit differs from the rule's
 *   `unit`, or it is censored (`<5`).
 * - `manual`: always unknown, with the question as the reason.
 *
 * Outcome: `failed` when an inclusion rule is not met or an exclusion rule is met; otherwise
 * `needs-review` when any rule is unknown; otherwise `passed`.
 *
 * @param at - when eligibility is judged, as a FHIR date or dateTime
 * @throws {RangeError} when `at` is not a readable date or dateTime.
 * @example
 * evaluateEligibility(record, protocol.eligibility, '2026-03-01T09:00:00Z').outcome; // 'needs-review'
 */
export function evaluateEligibility(
  record: PatientRecord,
  eligibility: { readonly rules: readonly EligibilityRule[] },
  at: string,
): EligibilityResult {
  const instant = requireInstant(at, 'at');
  const rules = eligibility.rules.map((rule) => ({
    ruleId: rule.id,
    kind: rule.kind,
    ...evaluateCriterion(record, rule.criterion, instant),
  }));
  const outcome: EligibilityOutcome = rules.some(ruleFails)
    ? 'failed'
    : rules.some((rule) => rule.result === 'unknown')
      ? 'needs-review'
      : 'passed';
  return { at: instant.at, outcome, rules };
}

/**
 * The open issues of an eligibility result, one per rule concerned: `eligibility-failed` for each
 * rule that excludes the patient when the outcome is `failed`, `eligibility-needs-review` for each
 * undecided rule when it is `needs-review`. Both are blocking: enrollment cannot be confirmed until
 * a person has decided. Undecided rules are not listed for a failed patient, since no answer could
 * make them eligible.
 *
 * @example
 * eligibilityIssues(result).map((issue) => issue.subject); // ['rule:mri-contraindication']
 */
export function eligibilityIssues(result: EligibilityResult): OpenIssue[] {
  switch (result.outcome) {
    case 'passed':
      return [];
    case 'failed':
      return result.rules
        .filter(ruleFails)
        .map((rule) =>
          openIssue(
            'eligibility-failed',
            'blocking',
            rule.kind === 'inclusion'
              ? `Inclusion rule "${rule.ruleId}" is not met: ${rule.reason}`
              : `Exclusion rule "${rule.ruleId}" applies: ${rule.reason}`,
            `rule:${rule.ruleId}`,
          ),
        );
    case 'needs-review':
      return result.rules
        .filter((rule) => rule.result === 'unknown')
        .map((rule) =>
          openIssue(
            'eligibility-needs-review',
            'blocking',
            `${rule.kind === 'inclusion' ? 'Inclusion' : 'Exclusion'} rule "${rule.ruleId}" needs review: ${rule.reason}`,
            `rule:${rule.ruleId}`,
          ),
        );
  }
}

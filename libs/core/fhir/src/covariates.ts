import type { Coding, Covariate } from '@prospect/domain';
import type { Observation, Quantity } from '@medplum/fhirtypes';
import { ageInYears } from './age';
import { describeCodes, toDomainCoding } from './codes';
import { type FhirInstant, formatInstant, requireInstant } from './date-times';
import {
  describeUnit,
  latestObservation,
  type LatestObservation,
  quantityUnitMatches,
  readQuantity,
} from './observations';
import { openIssue, type OpenIssue } from './open-issues';
import type { PatientRecord, SourceRef } from './patient-record';

/** The UCUM unit of ages: the Julian year (`a`). */
export const AGE_UNIT = 'a';

/** The code system of FHIR administrative gender, used for the `patient-sex` covariate's coding. */
export const ADMINISTRATIVE_GENDER_SYSTEM = 'http://hl7.org/fhir/administrative-gender';

interface ValueProvenance {
  /** The resource the value was read from. */
  readonly source: SourceRef;
  /** When the value holds: the observation's effective time, or `at` for values derived from Patient. */
  readonly effectiveAt: string;
}

/**
 * One covariate value, by the protocol's `valueType`:
 * - `quantity`: `value` in `unit` (the protocol unit when it set one, otherwise as recorded);
 *   `comparator` is kept when the source quantity was censored (e.g. `<5`);
 * - `coded`: the first coding of `valueCodeableConcept` (or the administrative gender);
 * - `boolean`: `valueBoolean`.
 */
export type CovariateValue =
  | (ValueProvenance & {
      readonly valueType: 'quantity';
      readonly value: number;
      readonly unit: string | null;
      readonly comparator?: NonNullable<Quantity['comparator']>;
    })
  | (ValueProvenance & { readonly valueType: 'coded'; readonly coding: Coding })
  | (ValueProvenance & { readonly valueType: 'boolean'; readonly value: boolean });

/**
 * Covariate values at `at` (ISO UTC), keyed by covariate name in protocol order; `null` where no
 * usable value exists. `issues` explains every missing required value and every unit mismatch.
 */
export interface CovariatesResult {
  readonly at: string;
  readonly values: Readonly<Record<string, CovariateValue | null>>;
  readonly issues: readonly OpenIssue[];
}

type Extraction = { value: CovariateValue } | { missing: string } | { unitMismatch: string };

function patientRef(record: PatientRecord): SourceRef {
  return { resourceType: 'Patient', id: record.patient.id ?? '' };
}

function extractAge(record: PatientRecord, covariate: Covariate, at: FhirInstant): Extraction {
  const patient = `Patient/${record.patient.id ?? ''}`;
  if (covariate.unit !== undefined && covariate.unit !== AGE_UNIT) {
    return {
      unitMismatch: `ages are computed in years (${AGE_UNIT}), but the protocol requires ${covariate.unit}`,
    };
  }
  const age = ageInYears(record.patient.birthDate, at);
  if (age === null) {
    return {
      missing:
        record.patient.birthDate === undefined
          ? `${patient} has no birth date`
          : `${patient} has a birth date that is unreadable or after ${formatInstant(at)}`,
    };
  }
  if (age.min !== age.max) {
    return { missing: `${patient} has a partial birth date, so the age may be ${age.min} or ${age.max}` };
  }
  return {
    value: {
      valueType: 'quantity',
      value: age.min,
      unit: AGE_UNIT,
      source: patientRef(record),
      effectiveAt: at.at,
    },
  };
}

function extractSex(record: PatientRecord, at: FhirInstant): Extraction {
  const gender = record.patient.gender;
  if (gender === undefined) {
    return { missing: `Patient/${record.patient.id ?? ''} has no administrative gender` };
  }
  return {
    value: {
      valueType: 'coded',
      coding: { system: ADMINISTRATIVE_GENDER_SYSTEM, code: gender },
      source: patientRef(record),
      effectiveAt: at.at,
    },
  };
}

function firstCoding(observation: Observation): Coding | null {
  for (const coding of observation.valueCodeableConcept?.coding ?? []) {
    const usable = toDomainCoding(coding);
    if (usable !== null) return usable;
  }
  return null;
}

function readBoolean(observation: Observation): boolean | null {
  return typeof observation.valueBoolean === 'boolean' ? observation.valueBoolean : null;
}

function missingObservation(covariate: Covariate, at: FhirInstant): Extraction {
  const window = covariate.lookbackDays === undefined ? '' : ` within ${covariate.lookbackDays} days`;
  return {
    missing:
      `no final, amended or corrected observation of ${describeCodes(covariate.codes ?? [])} with a ` +
      `${covariate.valueType} value on or before ${formatInstant(at)}${window}`,
  };
}

function provenanceOf(found: LatestObservation<unknown>): ValueProvenance {
  return { source: { resourceType: 'Observation', id: found.observation.id }, effectiveAt: found.time.at };
}

function extractObservation(record: PatientRecord, covariate: Covariate, at: FhirInstant): Extraction {
  const query = { codes: covariate.codes ?? [], at, lookbackDays: covariate.lookbackDays };
  switch (covariate.valueType) {
    case 'quantity': {
      const found = latestObservation(record.observations, query, readQuantity);
      if (found === null) return missingObservation(covariate, at);
      const quantity = found.value;
      if (covariate.unit !== undefined && !quantityUnitMatches(quantity, covariate.unit)) {
        return {
          unitMismatch:
            `Observation/${found.observation.id} from ${formatInstant(found.time)} is in ${describeUnit(quantity)}, ` +
            `but the protocol requires ${covariate.unit}`,
        };
      }
      const unit = covariate.unit ?? quantity.code ?? quantity.unit ?? null;
      const value = { ...provenanceOf(found), valueType: 'quantity' as const, value: quantity.value, unit };
      return {
        value: quantity.comparator === undefined ? value : { ...value, comparator: quantity.comparator },
      };
    }
    case 'coded': {
      const found = latestObservation(record.observations, query, firstCoding);
      if (found === null) return missingObservation(covariate, at);
      return { value: { ...provenanceOf(found), valueType: 'coded', coding: found.value } };
    }
    case 'boolean': {
      const found = latestObservation(record.observations, query, readBoolean);
      if (found === null) return missingObservation(covariate, at);
      return { value: { ...provenanceOf(found), valueType: 'boolean', value: found.value } };
    }
  }
}

function extract(record: PatientRecord, covariate: Covariate, at: FhirInstant): Extraction {
  switch (covariate.source) {
    case 'patient-age':
      return extractAge(record, covariate, at);
    case 'patient-sex':
      return extractSex(record, at);
    case 'observation':
      return extractObservation(record, covariate, at);
  }
}

/**
 * Reads the protocol's covariates for one patient as of `at` (normally treatment start).
 *
 * Definition per source:
 * - `patient-age`: completed years at the UTC date of `at` from `Patient.birthDate` (see
 *   `ageInYears`), in `a`; a partial birth date counts only when it fixes the age; a protocol unit
 *   other than `a` is a unit mismatch.
 * - `patient-sex`: `Patient.gender` as an administrative-gender coding.
 * - `observation`: the most recent final/amended/corrected observation with a matching code and a
 *   value of the protocol's `valueType`, on or before `at` and within `lookbackDays` when set (see
 *   `latestObservation`). Quantities must be in the protocol `unit` when it sets one (see
 *   `quantityUnitMatches`); a mismatch gives `null` rather than falling back to an older value in
 *   the right unit, because silently using stale data would hide the conversion problem.
 *
 * Issues: a required covariate without a value raises `covariate-missing` (blocking); a unit
 * mismatch raises `covariate-unit-mismatch`, blocking when required, a warning otherwise. A missing
 * optional covariate is `null` with no issue.
 *
 * @param at - the instant the values should hold for, as a FHIR date or dateTime
 * @throws {RangeError} when `at` is not a readable date or dateTime.
 * @example
 * extractCovariates(record, protocol.covariates, '2026-03-10T08:00:00Z').values.age;
 * // { valueType: 'quantity', value: 65, unit: 'a', source: { resourceType: 'Patient', id: 'p1' }, ... }
 */
export function extractCovariates(
  record: PatientRecord,
  covariates: readonly Covariate[],
  at: string,
): CovariatesResult {
  const instant = requireInstant(at, 'at');
  const values: Record<string, CovariateValue | null> = {};
  const issues: OpenIssue[] = [];
  for (const covariate of covariates) {
    const result = extract(record, covariate, instant);
    const name = `"${covariate.name}" (${covariate.label})`;
    const subject = `covariate:${covariate.name}`;
    if ('value' in result) {
      values[covariate.name] = result.value;
    } else if ('unitMismatch' in result) {
      values[covariate.name] = null;
      issues.push(
        openIssue(
          'covariate-unit-mismatch',
          covariate.required ? 'blocking' : 'warning',
          `Covariate ${name}: ${result.unitMismatch}. Record the value in ${covariate.unit ?? AGE_UNIT} or correct the source.`,
          subject,
        ),
      );
    } else {
      values[covariate.name] = null;
      if (covariate.required) {
        issues.push(
          openIssue(
            'covariate-missing',
            'blocking',
            `Required covariate ${name} has no value: ${result.missing}.`,
            subject,
          ),
        );
      }
    }
  }
  return { at: instant.at, values, issues };
}

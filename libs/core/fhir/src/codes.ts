import type { Coding } from '@prospect/domain';
import type { CodeableConcept, Coding as FhirCoding } from '@medplum/fhirtypes';

/**
 * Whether a single FHIR coding is one of `codes`: the same `system` and the same `code`, both
 * compared exactly.
 *
 * Exact comparison on purpose: FHIR codes are case-sensitive (UCUM `mL` is not `ml`) and the same
 * code means different things in different systems, so `C90.0` in ICD-10-GM must not match a local
 * `C90.0`. `display` and `version` are ignored because they do not change the meaning.
 *
 * @example
 * codingMatchesAny({ system: 'http://loinc.org', code: '2532-0' }, [{ system: 'http://loinc.org', code: '2532-0' }]); // true
 */
export function codingMatchesAny(coding: FhirCoding | undefined, codes: readonly Coding[]): boolean {
  if (coding?.system === undefined || coding.code === undefined) return false;
  return codes.some((candidate) => candidate.system === coding.system && candidate.code === coding.code);
}

/**
 * Whether any coding of `concept` is one of `codes` (see {@link codingMatchesAny} for the rule).
 * `CodeableConcept.text` is never matched: free text is not a code.
 *
 * @example
 * matchesAny({ coding: [{ system: 'http://snomed.info/sct', code: '109989006' }] }, myelomaCodes); // true
 * matchesAny(undefined, myelomaCodes); // false
 */
export function matchesAny(concept: CodeableConcept | undefined, codes: readonly Coding[]): boolean {
  return (concept?.coding ?? []).some((coding) => codingMatchesAny(coding, codes));
}

/**
 * The first coding of `concept` that is one of `codes`, or `undefined`; used to report which code
 * matched in audit output.
 *
 * @example
 * firstMatchingCoding({ coding: [{ system: 'http://example.org', code: 'x' }, icd] }, [icd]); // icd
 */
export function firstMatchingCoding(
  concept: CodeableConcept | undefined,
  codes: readonly Coding[],
): FhirCoding | undefined {
  return (concept?.coding ?? []).find((coding) => codingMatchesAny(coding, codes));
}

/**
 * A short human-readable name for a list of codings, for issue messages: each coding's `display`
 * if it has one, otherwise `system|code`, repeats dropped (a concept listed in two code systems
 * usually has one name), joined with "or".
 *
 * @example
 * describeCodes([{ system: 'http://loinc.org', code: '2532-0' }]); // 'http://loinc.org|2532-0'
 */
export function describeCodes(codes: readonly Coding[]): string {
  return [...new Set(codes.map((coding) => coding.display ?? `${coding.system}|${coding.code}`))].join(
    ' or ',
  );
}

/**
 * A coding reduced to the fields Prospect stores (`system`, `code`, `display` when present), so
 * extensions and ids of the source coding do not leak into derived records.
 *
 * @returns `null` when the coding lacks a system or a code, which makes it unusable as a value.
 * @example
 * toDomainCoding({ system: 'http://loinc.org', code: '2532-0', userSelected: true }); // { system: 'http://loinc.org', code: '2532-0' }
 */
export function toDomainCoding(coding: FhirCoding | undefined): Coding | null {
  if (coding?.system === undefined || coding.code === undefined) return null;
  return coding.display === undefined
    ? { system: coding.system, code: coding.code }
    : { system: coding.system, code: coding.code, display: coding.display };
}

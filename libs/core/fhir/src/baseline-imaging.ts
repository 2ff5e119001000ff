import type { BaselineImaging, Coding, ImagingModality, ImagingSelection } from '@prospect/domain';
import type { ImagingStudy, ImagingStudySeries, Reference } from '@medplum/fhirtypes';
import { codingMatchesAny, describeCodes, toDomainCoding } from './codes';
import {
  type DateTimePrecision,
  daysBetween,
  type FhirInstant,
  formatDays,
  formatInstant,
  parseFhirDateTime,
  requireInstant,
} from './date-times';
import { openIssue, type OpenIssue } from './open-issues';
import type { PatientRecord } from './patient-record';
import { unknownTreatmentStartIssue } from './treatment-start';

/** The DICOM code system FHIR R4 uses for `ImagingStudy.modality` and series modality. */
export const DICOM_MODALITY_SYSTEM = 'http://dicom.nema.org/resources/ontology/DCM';

/** The identifier system of a DICOM Study Instance UID on `ImagingStudy.identifier`. */
export const DICOM_UID_SYSTEM = 'urn:dicom:uid';

/**
 * Why a study was or was not accepted, in the order the checks run (the first failing check is
 * reported):
 * `entered-in-error`, `cancelled` (status), `wrong-modality`, `wrong-body-site` (no series of the
 * protocol modality records a matching body site), `no-study-instance-uid` (images could not be
 * retrieved), `no-start-time`, `treatment-start-unknown` (suitable, but no window to test),
 * `after-treatment-start`, `outside-window`, or `accepted`.
 */
export type ImagingCandidateReason =
  | 'accepted'
  | 'entered-in-error'
  | 'cancelled'
  | 'wrong-modality'
  | 'wrong-body-site'
  | 'no-study-instance-uid'
  | 'no-start-time'
  | 'treatment-start-unknown'
  | 'after-treatment-start'
  | 'outside-window';

/**
 * One distinct study considered for baseline, with the reason it was accepted or rejected.
 * `duplicateIds` lists other ImagingStudy resources with the same Study Instance UID that were
 * folded into this one (the same images registered twice count once).
 */
export interface ImagingCandidate {
  readonly imagingStudyId: string;
  readonly duplicateIds: readonly string[];
  readonly studyInstanceUid: string | null;
  readonly started: string | null;
  readonly daysBeforeTreatment: number | null;
  readonly reason: ImagingCandidateReason;
  readonly detail: string;
}

/**
 * The chosen baseline study: where its images are (`studyInstanceUid`, the series of the protocol
 * modality and body site in `seriesInstanceUids`, and the DICOMweb `endpoints` of the study and
 * those series, as FHIR references) and how far before treatment start it was taken.
 */
export interface SelectedImaging {
  readonly imagingStudyId: string;
  readonly started: string;
  readonly startedPrecision: DateTimePrecision;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUids: readonly string[];
  readonly endpoints: readonly string[];
  readonly modality: ImagingModality;
  readonly bodySite: Coding;
  readonly daysBeforeTreatment: number;
}

/** The outcome of {@link selectBaselineImaging}. */
export interface BaselineImagingResult {
  readonly selected: SelectedImaging | null;
  readonly candidates: readonly ImagingCandidate[];
  readonly rule: ImagingSelection;
  readonly issues: readonly OpenIssue[];
}

interface Evaluation {
  readonly candidate: ImagingCandidate;
  readonly startedAt: FhirInstant | null;
  readonly series: readonly ImagingStudySeries[];
  readonly endpoints: readonly string[];
}

// Lower is better; used to pick which copy of a duplicated study represents it.
const REASON_RANK: Record<ImagingCandidateReason, number> = {
  accepted: 0,
  'outside-window': 1,
  'after-treatment-start': 2,
  'treatment-start-unknown': 3,
  'no-start-time': 4,
  'no-study-instance-uid': 5,
  'wrong-body-site': 6,
  'wrong-modality': 7,
  cancelled: 8,
  'entered-in-error': 9,
};

/**
 * The DICOM Study Instance UID of a study: the value of the first identifier with system
 * `urn:dicom:uid`, without its `urn:oid:` prefix.
 *
 * @example
 * studyInstanceUid({ resourceType: 'ImagingStudy', status: 'available', subject: {},
 *   identifier: [{ system: 'urn:dicom:uid', value: 'urn:oid:1.2.840.1' }] }); // '1.2.840.1'
 */
export function studyInstanceUid(study: ImagingStudy): string | null {
  const value = study.identifier?.find((identifier) => identifier.system === DICOM_UID_SYSTEM)?.value;
  if (value === undefined) return null;
  const uid = value.startsWith('urn:oid:') ? value.slice('urn:oid:'.length) : value;
  return uid === '' ? null : uid;
}

function referenceStrings(references: readonly Reference[] | undefined): string[] {
  return (references ?? []).flatMap((reference) =>
    reference.reference === undefined ? [] : [reference.reference],
  );
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** Study start, else the earliest series start: both say when acquisition began. */
function studyStart(study: ImagingStudy): FhirInstant | null {
  const own = parseFhirDateTime(study.started);
  if (own !== null) return own;
  const seriesStarts = (study.series ?? [])
    .map((series) => parseFhirDateTime(series.started))
    .filter((start): start is FhirInstant => start !== null)
    .sort((a, b) => a.epochMs - b.epochMs);
  return seriesStarts[0] ?? null;
}

function evaluateStudy(
  study: ImagingStudy & { id: string },
  protocol: BaselineImaging,
  treatment: FhirInstant | null,
): Evaluation {
  const uid = studyInstanceUid(study);
  const startedAt = studyStart(study);
  const base = {
    imagingStudyId: study.id,
    duplicateIds: [],
    studyInstanceUid: uid,
    started: startedAt?.at ?? null,
    daysBeforeTreatment: null,
  };
  const reject = (reason: ImagingCandidateReason, detail: string): Evaluation => ({
    candidate: { ...base, reason, detail },
    startedAt,
    series: [],
    endpoints: [],
  });

  if (study.status === 'entered-in-error') {
    return reject('entered-in-error', 'The study is marked entered-in-error.');
  }
  if (study.status === 'cancelled') {
    return reject('cancelled', 'The study was cancelled, so it has no images.');
  }

  const modalityCodes = [{ system: DICOM_MODALITY_SYSTEM, code: protocol.modality }];
  const allSeries = study.series ?? [];
  const modalitySeries = allSeries.filter((series) => codingMatchesAny(series.modality, modalityCodes));
  const studyModality = (study.modality ?? []).some((coding) => codingMatchesAny(coding, modalityCodes));
  if (!studyModality && modalitySeries.length === 0) {
    const found = unique([
      ...(study.modality ?? []).flatMap((coding) => (coding.code === undefined ? [] : [coding.code])),
      ...allSeries.flatMap((series) => (series.modality.code === undefined ? [] : [series.modality.code])),
    ]);
    return reject(
      'wrong-modality',
      found.length === 0
        ? `No modality is recorded; the protocol requires ${protocol.modality}.`
        : `Modality ${found.join(', ')}; the protocol requires ${protocol.modality}.`,
    );
  }

  // Series modality is mandatory in FHIR, so normally the protocol-modality series are known;
  // when only the study-level modality matched, every series is a candidate.
  const relevantSeries = modalitySeries.length > 0 ? modalitySeries : allSeries;
  const siteSeries = relevantSeries.filter((series) => codingMatchesAny(series.bodySite, protocol.bodySite));
  if (siteSeries.length === 0) {
    const sites = unique(
      relevantSeries.flatMap((series) =>
        series.bodySite?.code === undefined ? [] : [series.bodySite.display ?? series.bodySite.code],
      ),
    );
    return reject(
      'wrong-body-site',
      sites.length === 0
        ? `No ${protocol.modality} series records a body site; the protocol requires ${describeCodes(protocol.bodySite)}.`
        : `Body site ${sites.join(', ')}; the protocol requires ${describeCodes(protocol.bodySite)}.`,
    );
  }

  if (uid === null) {
    return reject(
      'no-study-instance-uid',
      `No identifier with system ${DICOM_UID_SYSTEM}, so the images cannot be retrieved.`,
    );
  }
  if (startedAt === null) {
    return reject('no-start-time', 'Neither the study nor any series has a readable start time.');
  }
  if (treatment === null) {
    return reject(
      'treatment-start-unknown',
      'Suitable, but treatment start is unknown, so the window cannot be tested.',
    );
  }

  const days = daysBetween(treatment, startedAt);
  const min = protocol.minDaysBeforeTreatment;
  const max = protocol.windowDaysBeforeTreatment;
  const measured = { ...base, daysBeforeTreatment: days };
  const range = `${min}–${max} days before treatment start`;
  const withDays = (reason: ImagingCandidateReason, detail: string): Evaluation => ({
    candidate: { ...measured, reason, detail },
    startedAt,
    series: siteSeries,
    endpoints: unique([
      ...referenceStrings(study.endpoint),
      ...siteSeries.flatMap((s) => referenceStrings(s.endpoint)),
    ]),
  });
  if (days < 0) {
    return withDays('after-treatment-start', `Taken ${formatDays(-days)} days after treatment start.`);
  }
  if (days < min || days > max) {
    return withDays(
      'outside-window',
      `Taken ${formatDays(days)} days before treatment start; the window is ${range}.`,
    );
  }
  return withDays('accepted', `Taken ${formatDays(days)} days before treatment start, within ${range}.`);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Folds studies sharing a Study Instance UID into the best-ranked copy (then lowest id). */
function foldDuplicates(evaluations: readonly Evaluation[]): Evaluation[] {
  const groups = new Map<string, Evaluation[]>();
  for (const evaluation of evaluations) {
    const key = evaluation.candidate.studyInstanceUid ?? `id:${evaluation.candidate.imagingStudyId}`;
    groups.set(key, [...(groups.get(key) ?? []), evaluation]);
  }
  return [...groups.values()].map((group) => {
    const [best, ...others] = [...group].sort(
      (a, b) =>
        REASON_RANK[a.candidate.reason] - REASON_RANK[b.candidate.reason] ||
        compareIds(a.candidate.imagingStudyId, b.candidate.imagingStudyId),
    );
    if (best === undefined) throw new Error('unreachable: empty duplicate group');
    const duplicateIds = others.map((other) => other.candidate.imagingStudyId).sort(compareIds);
    return { ...best, candidate: { ...best.candidate, duplicateIds } };
  });
}

function compareCandidates(a: Evaluation, b: Evaluation): number {
  const aMs = a.startedAt?.epochMs ?? Number.POSITIVE_INFINITY;
  const bMs = b.startedAt?.epochMs ?? Number.POSITIVE_INFINITY;
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return compareIds(a.candidate.imagingStudyId, b.candidate.imagingStudyId);
}

/**
 * Chooses the baseline imaging study for one patient under the protocol's imaging rules.
 *
 * Definition: with `Δ = daysBetween(treatmentStart, started)` (fractional days between UTC
 * instants; whole calendar days when either is date-only, see `daysBetween`), a study is accepted
 * when it is not entered-in-error or cancelled, has the protocol modality (study or series
 * modality, DICOM system), a series of that modality whose `bodySite` matches the protocol, a
 * Study Instance UID, a start time (`started`, else the earliest series start) and
 * `minDaysBeforeTreatment <= Δ <= windowDaysBeforeTreatment`, both ends inclusive. `Δ < 0` is
 * reported as `after-treatment-start`, other misses as `outside-window`. Studies with the same
 * Study Instance UID count once. Among accepted studies, `latest-before-treatment` picks the
 * smallest Δ and `earliest-in-window` the largest; equal Δ is resolved by the lowest id and raises
 * `imaging-ambiguous`. Acquisition constraints are DICOM attributes, not in FHIR, and are checked
 * when the images are read, not here.
 *
 * Issues: `treatment-start-unknown` without a treatment start (nothing is selected);
 * `imaging-outside-window` when suitable studies exist but none is in the window; `imaging-none`
 * when no study is suitable at all.
 *
 * @param treatmentStart - day 0 as a FHIR date or dateTime, or `null` when unknown
 * @throws {RangeError} when `treatmentStart` is not a readable date or dateTime.
 * @example
 * selectBaselineImaging(record, protocol.baselineImaging, '2026-03-10T08:00:00Z').selected?.studyInstanceUid;
 */
export function selectBaselineImaging(
  record: PatientRecord,
  protocol: BaselineImaging,
  treatmentStart: string | null,
): BaselineImagingResult {
  const treatment = treatmentStart === null ? null : requireInstant(treatmentStart, 'treatmentStart');
  const evaluations = foldDuplicates(
    record.imagingStudies
      .filter((study): study is ImagingStudy & { id: string } => study.id !== undefined)
      .map((study) => evaluateStudy(study, protocol, treatment)),
  ).sort(compareCandidates);
  const candidates = evaluations.map((evaluation) => evaluation.candidate);
  const accepted = evaluations.filter((evaluation) => evaluation.candidate.reason === 'accepted');
  const issues: OpenIssue[] = [];
  const target = `${protocol.modality} study of ${describeCodes(protocol.bodySite)}`;

  if (treatment === null) {
    issues.push(unknownTreatmentStartIssue());
    if (!candidates.some((candidate) => candidate.reason === 'treatment-start-unknown')) {
      issues.push(noneIssue(target, candidates.length));
    }
    return { selected: null, candidates, rule: protocol.selection, issues };
  }

  if (accepted.length === 0) {
    issues.push(notInWindowIssue(target, protocol, evaluations) ?? noneIssue(target, candidates.length));
    return { selected: null, candidates, rule: protocol.selection, issues };
  }

  const delta = (evaluation: Evaluation) => evaluation.candidate.daysBeforeTreatment ?? 0;
  const best =
    protocol.selection === 'latest-before-treatment'
      ? Math.min(...accepted.map(delta))
      : Math.max(...accepted.map(delta));
  const tied = accepted
    .filter((evaluation) => delta(evaluation) === best)
    .sort((a, b) => compareIds(a.candidate.imagingStudyId, b.candidate.imagingStudyId));
  const [chosen] = tied;
  if (chosen === undefined || chosen.startedAt === null)
    throw new Error('unreachable: accepted study without start');
  if (tied.length > 1) {
    const ids = tied.map((evaluation) => `ImagingStudy/${evaluation.candidate.imagingStudyId}`);
    issues.push(
      openIssue(
        'imaging-ambiguous',
        'warning',
        `${tied.length} ${protocol.modality} studies are equally good under "${protocol.selection}" ` +
          `(${ids.join(', ')}); ${ids[0]} was selected by lowest id. Confirm the baseline study.`,
        ids[0],
      ),
    );
  }
  const bodySite = chosen.series
    .map((series) => toDomainCoding(series.bodySite))
    .find((coding): coding is Coding => coding !== null);
  if (bodySite === undefined || chosen.candidate.studyInstanceUid === null) {
    throw new Error('unreachable: accepted study without body site or UID');
  }
  return {
    selected: {
      imagingStudyId: chosen.candidate.imagingStudyId,
      started: chosen.startedAt.at,
      startedPrecision: chosen.startedAt.precision,
      studyInstanceUid: chosen.candidate.studyInstanceUid,
      seriesInstanceUids: unique(chosen.series.map((series) => series.uid)),
      endpoints: chosen.endpoints,
      modality: protocol.modality,
      bodySite,
      daysBeforeTreatment: delta(chosen),
    },
    candidates,
    rule: protocol.selection,
    issues,
  };
}

function noneIssue(target: string, checked: number): OpenIssue {
  return openIssue(
    'imaging-none',
    'blocking',
    `No suitable baseline ${target} was found (${checked} distinct imaging ${checked === 1 ? 'study' : 'studies'} checked).`,
  );
}

/** The suitable study nearest to the window, when suitable studies exist but all miss it. */
function notInWindowIssue(
  target: string,
  protocol: BaselineImaging,
  evaluations: readonly Evaluation[],
): OpenIssue | null {
  const min = protocol.minDaysBeforeTreatment;
  const max = protocol.windowDaysBeforeTreatment;
  const distance = (days: number) => (days < min ? min - days : days - max);
  const missed = evaluations
    .filter((e) => e.candidate.reason === 'outside-window' || e.candidate.reason === 'after-treatment-start')
    .sort(
      (a, b) =>
        distance(a.candidate.daysBeforeTreatment ?? 0) - distance(b.candidate.daysBeforeTreatment ?? 0) ||
        compareIds(a.candidate.imagingStudyId, b.candidate.imagingStudyId),
    );
  const [nearest] = missed;
  if (nearest === undefined || nearest.startedAt === null) return null;
  const days = nearest.candidate.daysBeforeTreatment ?? 0;
  const when = days < 0 ? `${formatDays(-days)} days after` : `${formatDays(days)} days before`;
  const ref = `ImagingStudy/${nearest.candidate.imagingStudyId}`;
  return openIssue(
    'imaging-outside-window',
    'blocking',
    `No ${target} lies ${min}–${max} days before treatment start; ${missed.length} suitable ` +
      `${missed.length === 1 ? 'study misses' : 'studies miss'} the window, the nearest being ${ref} ` +
      `from ${formatInstant(nearest.startedAt)}, ${when} treatment start.`,
    ref,
  );
}

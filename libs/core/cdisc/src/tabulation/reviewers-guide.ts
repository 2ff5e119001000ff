import { OUTCOME_TEST, outcomeResult } from './sdtm-outcome';
import { tabulateTrial } from './tabulate-trial';
import type { TrialExport } from './trial-export';

/**
 * Reviewer's guide (Markdown) of the datasets {@link tabulateTrial} makes from a trial export:
 * the datasets and their record counts, USUBJID construction, date conventions, every domain
 * choice and why, blinded fields, the contents of SUPP--, and the population and analysis flags.
 */
export function reviewersGuide(trial: TrialExport): string {
  const { sdtm, adam } = tabulateTrial(trial);
  const { protocol } = trial;
  const endpoint = protocol.endpoint;
  const outcome = OUTCOME_TEST[endpoint.type];
  const example = trial.subjects[0];
  const exampleIds = example
    ? `e.g. subject \`${example.subjectId}\` at site \`${example.site}\``
    : 'no subjects in this export';
  const inventory = [...sdtm, ...adam]
    .map((dataset) => `| ${dataset.name} | ${dataset.label} | ${dataset.rows.length} |`)
    .join('\n');
  return `# Reviewer's Guide — ${trial.studyId}

${trial.trialTitle} (${trial.trialCode}); indication: ${trial.indication}. Protocol version
${protocol.version}. Model ${protocol.modelName} ${protocol.modelVersion}, SHA-256
\`${protocol.modelSha256}\`; decision threshold ${protocol.decisionThreshold}; primary endpoint
${endpoint.type.toUpperCase()} (positive class: ${endpoint.positiveClass}), assessment window
${endpoint.assessmentWindowDays} days.

The study is a prospective validation of a clinical prediction model: each prediction was locked in
a signed, append-only log before the start of treatment; outcomes were followed up afterwards.

## Datasets

| Dataset | Label | Records |
| --- | --- | --- |
${inventory}

All datasets are SAS Version 5 transport files: names of at most 8 upper-case characters, labels of
at most 40 characters, printable ASCII values of at most 200 bytes. Free text (withdrawal and
deviation reasons, treatment names, outcome details) is reduced to ASCII (accents removed, other
characters replaced by \`?\`) and cut to 200 characters. Datasets that would have no records are
not submitted.

## Subject identifiers

- STUDYID is \`${trial.studyId}\`; SITEID is the site code.
- SUBJID is the pseudonymous subject id without its \`<trial code>-<site code>-\` prefix.
- USUBJID is \`STUDYID-SITEID-SUBJID\` (${exampleIds}). It is built only from these
  pseudonymous codes and holds no name, medical record number, birth date or other direct
  identifier; the export itself carries none.

## Dates and times

- All --DTC values are ISO 8601 in UTC, written \`YYYY-MM-DDThh:mm:ss\` without the \`Z\` suffix
  (times with an offset were converted to UTC; fractions of a second are dropped); dates without a
  time stay \`YYYY-MM-DD\`.
- RFSTDTC (and RFXSTDTC) is the start of treatment, the event each prediction had to precede.
- --DY is the study day relative to RFSTDTC by calendar date (UTC): the treatment start day is
  day 1, the day before is day -1; there is no day 0. Prediction locks therefore have negative
  ZPDY. --DY is null for subjects never treated.
- RFICDTC is not populated: the informed-consent date is not part of the export, and the enrolment
  date is not assumed to be it. Enrolment is the DS protocol milestone ENROLLED.
- RFENDTC and RFPENDTC are the outcome assessment when the outcome was obtained, else the
  withdrawal date, else null (follow-up ongoing).
- ADaM numeric dates (*DT) are SAS dates: days since 1960-01-01 (format DATE9.); datetimes (*DTM)
  are SAS datetimes: seconds since 1960-01-01T00:00:00 UTC (format E8601DT19.).

## Domains

- **DM**: one record per enrolled subject. SEX follows CDISC CT (C66731): male M, female F;
  other, unknown and missing U. AGEU is YEARS when AGE is present. The study has one arm:
  ARMCD PV, ARM PROSPECTIVE VALIDATION. ACTARMCD/ACTARM are PV when a prediction was locked; for
  subjects without a lock they are null and ARMNRS is ASSIGNED, NOT TREATED. COUNTRY is the site's
  country when the export gives it.
- **DS**: ENROLLED (DSCAT PROTOCOL MILESTONE) at enrolment; a DISPOSITION EVENT at withdrawal with
  DSTERM the reported reason and DSDECOD the CT term (DEATH, LOST TO FOLLOW-UP, WITHDRAWAL BY
  SUBJECT, PHYSICIAN DECISION, ADVERSE EVENT, PROTOCOL DEVIATION or OTHER, chosen by keywords of
  the reason); COMPLETED when the outcome was obtained, dated at the outcome assessment. DSSEQ
  follows date order.
- **EX / PR**: the treatment start. Starts taken from a FHIR MedicationAdministration are
  tabulated in EX (EXTRT the medication); starts taken from a FHIR Procedure (surgery,
  radiotherapy) in PR (PRTRT the procedure), because EX is for administered products. One record
  per treated subject; the source code is in SUPPEX/SUPPPR (QNAM TRTCODE).
- **DV**: the recorded protocol deviation (DVTERM the reason, DVCAT/DVDECOD the kind in upper
  case) and, when imaging fell outside the protocol window, IMAGING OUTSIDE PROTOCOL WINDOW. The
  export has no deviation dates.
- **${outcome.domain}**: the primary outcome, test ${outcome.testcd} (${outcome.test}). ${
    endpoint.type === 'mrd'
      ? 'MRD is a laboratory result, hence LB.'
      : endpoint.type === 'pcr'
        ? 'Pathologic complete response is a microscopic (histopathology) finding, hence MI; PC is not used because it is the pharmacokinetic concentrations domain.'
        : 'The endpoint fits no standard findings domain, hence the sponsor-defined findings domain ZO.'
  } Outcome value 1 (the positive class, ${endpoint.positiveClass}) is ${outcomeResult(endpoint, 1)}
  and value 0 is ${outcomeResult(endpoint, 0)} in ${outcome.domain}ORRES/${outcome.domain}STRESC. VISIT
  is OUTCOME ASSESSMENT. ${outcome.domain}EVAL is INDEPENDENT ASSESSOR or ADJUDICATION COMMITTEE when
  the result came from them (null for routine results from the EHR). An outcome not obtained has
  ${outcome.domain}STAT NOT DONE and ${outcome.domain}REASND its follow-up status. SUPP${outcome.domain} holds
  OUTSRC (FHIR, ASSESSOR, ADJUDICATION), INWINDOW (Y/N) and OUTDET (the free-text detail).
- **ZP** (sponsor-defined findings, "AI Prediction Locks"): per locked subject six records sharing
  ZPGRPID LEAF-<leaf index>, dated at the lock (ZPDTC) with ZPMETHOD the model name and version:
  ZPSEQ 1 PROB (probability, ZPSTRESN), 2 PCLASS (predicted class 0/1), 3 LEAFIDX (leaf index in
  the signed log), 4 MODELSHA, 5 INPSHA and 6 IMGSHA (SHA-256 hex digests of the model, inputs and
  image, in ZPORRES/ZPSTRESC).
- **SUPPZP**: COMMITDG (commitment digest signed into the log) and MDLMATCH (Y when the lock's
  model SHA-256 equals the protocol's) per lock (IDVAR ZPGRPID); BLINDED = Y per PROB/PCLASS
  record (IDVAR ZPSEQ) whose result is blinded.

## Blinded fields

While the study is blinded the export does not hold locked probabilities and predicted classes.
Their ZP results are then null (ZPORRES, ZPSTRESC, ZPSTRESN) and flagged in SUPPZP (BLINDED = Y);
ADSL.BLINDFL is Y; ADACC.AVAL, PREDCLS and CRIT1FL are null. Hashes, leaf index and lock time are
never blinded: they prove that the prediction was fixed before treatment.

## Analysis datasets and population flags

- **ADSL**: one record per enrolled subject. ITTFL = Y when a prediction was locked (the analysis
  population of a prospective validation); PPROTFL = Y when the subject is per protocol (lock
  before treatment, eligible imaging, assessment per protocol), else N. EOSSTT is COMPLETED,
  DISCONTINUED or ONGOING; DCSREAS/DCSREASP the CT term and reported reason of a withdrawal. DVFL
  flags any deviation (DVKIND its kind) and IMGOWFL imaging outside the window. Covariates follow
  as extra variables (key upper-cased, other characters \`_\`, at most 8 characters).
- **ADACC**: one record per subject with a locked prediction and an outcome record; PARAMCD
  AUCPRED, AVAL the locked probability, CRIT1 \`AVAL >= ${protocol.decisionThreshold}\` with CRIT1FL,
  OUTCOME 1/0 (1 = ${endpoint.positiveClass}), ADT/ADY the outcome assessment. ANL01FL = Y for the
  primary analysis (per protocol, outcome observed, assessed in the window); ANL02FL = Y for the
  sensitivity analysis (every locked subject with an observed outcome, including deviations and
  late assessments). SRCDOM/SRCVAR/SRCSEQ (ZP, ZPSTRESN, 1) trace AVAL to the PROB record in ZP.
`;
}

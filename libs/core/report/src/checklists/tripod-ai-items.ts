import type { ChecklistItemDefinition } from './checklist-types';

/**
 * Which studies a TRIPOD+AI item applies to, as the checklist marks it: `D;E` both, `D` model
 * development only, `E` model evaluation only.
 */
export type TripodAiApplicability = 'D;E' | 'D' | 'E';

/** The top-level sections of the TRIPOD+AI checklist, in order. */
export type TripodAiSection =
  | 'Title'
  | 'Abstract'
  | 'Introduction'
  | 'Methods'
  | 'Open science'
  | 'Patient and public involvement'
  | 'Results'
  | 'Discussion';

/** One item of the TRIPOD+AI checklist. */
export interface TripodAiItemDefinition extends ChecklistItemDefinition {
  readonly section: TripodAiSection;
  readonly applies: TripodAiApplicability;
}

/** Citation of TRIPOD+AI. */
export const TRIPOD_AI_REFERENCE =
  'Collins GS, Moons KGM, Dhiman P, Riley RD, Beam AL, Van Calster B, et al. TRIPOD+AI statement: ' +
  'updated guidance for reporting clinical prediction models that use regression or machine learning ' +
  'methods. BMJ 2024;385:e078378.';

const item = (
  id: string,
  section: TripodAiSection,
  topic: string,
  applies: TripodAiApplicability,
  requirement: string,
): TripodAiItemDefinition => ({ id, section, topic, applies, requirement });

/**
 * The TRIPOD+AI checklist (Collins et al., BMJ 2024;385:e078378, Table 2): 27 numbered items, 52
 * entries once split into their published sub-items (3a-c, 5a-b, 6a-c, 8a-c, 9a-c, 12a-g, 18a-f,
 * 20a-c, 23a-b, 27a-c), each with the published D / E / D;E marking. Requirements are paraphrased.
 * Item 2 refers to the separate TRIPOD+AI for Abstracts checklist.
 */
export const TRIPOD_AI_ITEMS: readonly TripodAiItemDefinition[] = [
  item(
    '1',
    'Title',
    'Title',
    'D;E',
    'Identify the study as developing or evaluating the performance of a multivariable prediction model, and name the target population and the outcome predicted.',
  ),
  item(
    '2',
    'Abstract',
    'Abstract',
    'D;E',
    'Report the abstract as set out in the TRIPOD+AI for Abstracts checklist.',
  ),
  item(
    '3a',
    'Introduction',
    'Background',
    'D;E',
    'Explain the healthcare context (diagnostic or prognostic) and why the model is being developed or evaluated, citing existing models.',
  ),
  item(
    '3b',
    'Introduction',
    'Background',
    'D;E',
    'Describe the target population, what the model is for in the care pathway, and who is meant to use it.',
  ),
  item(
    '3c',
    'Introduction',
    'Background',
    'D;E',
    'Describe any known health inequalities between sociodemographic groups.',
  ),
  item(
    '4',
    'Introduction',
    'Objectives',
    'D;E',
    'State the study objectives, including whether the study develops or validates a prediction model, or both.',
  ),
  item(
    '5a',
    'Methods',
    'Data',
    'D;E',
    'Describe the data sources for development and for evaluation separately (e.g. trial, cohort, routine care, registry), why these data were used, and how representative they are.',
  ),
  item(
    '5b',
    'Methods',
    'Data',
    'D;E',
    'Give the dates of the participant data: start and end of accrual and, where relevant, end of follow-up.',
  ),
  item(
    '6a',
    'Methods',
    'Participants',
    'D;E',
    'Describe the key elements of the study setting (e.g. primary or secondary care), with the number and location of centres.',
  ),
  item('6b', 'Methods', 'Participants', 'D;E', 'Describe who was eligible to take part.'),
  item(
    '6c',
    'Methods',
    'Participants',
    'D;E',
    'Give details of treatments received and, where relevant, how they were handled in development or evaluation.',
  ),
  item(
    '7',
    'Methods',
    'Data preparation',
    'D;E',
    'Describe data pre-processing and quality checks, and whether they were alike across relevant sociodemographic groups.',
  ),
  item(
    '8a',
    'Methods',
    'Outcome',
    'D;E',
    'Define the predicted outcome and its time horizon: how and when it was assessed, why it was chosen, and whether it was assessed the same way across sociodemographic groups.',
  ),
  item(
    '8b',
    'Methods',
    'Outcome',
    'D;E',
    'Where outcome assessment involves subjective judgement, describe the qualifications and demographics of the assessors.',
  ),
  item(
    '8c',
    'Methods',
    'Outcome',
    'D;E',
    'Report any measures taken to blind the assessment of the outcome.',
  ),
  item(
    '9a',
    'Methods',
    'Predictors',
    'D',
    'Describe how the initial predictors were chosen and any pre-selection before model building.',
  ),
  item(
    '9b',
    'Methods',
    'Predictors',
    'D;E',
    'Define every predictor: how and when it was measured, and any blinding of predictor assessment to the outcome and to other predictors.',
  ),
  item(
    '9c',
    'Methods',
    'Predictors',
    'D;E',
    'Where predictor measurement involves subjective judgement, describe the qualifications and demographics of the assessors.',
  ),
  item(
    '10',
    'Methods',
    'Sample size',
    'D;E',
    'Explain how the study size was reached (separately for development and evaluation) and why it suffices, with any sample size calculation.',
  ),
  item(
    '11',
    'Methods',
    'Missing data',
    'D;E',
    'Describe how missing data were handled, and why any data were left out.',
  ),
  item(
    '12a',
    'Methods',
    'Analytical methods',
    'D',
    'Describe how the data were used in the analysis (development, performance evaluation), including any partitioning, with regard to sample size needs.',
  ),
  item(
    '12b',
    'Methods',
    'Analytical methods',
    'D',
    'Describe, as fits the model type, how predictors were handled (functional form, rescaling, transformation, standardisation).',
  ),
  item(
    '12c',
    'Methods',
    'Analytical methods',
    'D',
    'Give the model type and why it was chosen, every model-building step including hyperparameter tuning, and the internal validation method.',
  ),
  item(
    '12d',
    'Methods',
    'Analytical methods',
    'D;E',
    'Describe whether and how heterogeneity of model parameters and performance across clusters (e.g. hospitals, countries) was handled and quantified.',
  ),
  item(
    '12e',
    'Methods',
    'Analytical methods',
    'D;E',
    'Name every performance measure and plot (discrimination, calibration, clinical utility) with its rationale, and how models were compared where relevant.',
  ),
  item(
    '12f',
    'Methods',
    'Analytical methods',
    'E',
    'Describe any updating of the model (e.g. recalibration) resulting from the evaluation, overall or for particular groups or settings.',
  ),
  item(
    '12g',
    'Methods',
    'Analytical methods',
    'E',
    'For evaluation, describe how the predictions were computed (formula, code, object, application programming interface).',
  ),
  item(
    '13',
    'Methods',
    'Class imbalance',
    'D;E',
    'If class imbalance methods were used, say why and how, and how the model or its predictions were recalibrated afterwards.',
  ),
  item(
    '14',
    'Methods',
    'Fairness',
    'D;E',
    'Describe any approaches used to address model fairness, and why.',
  ),
  item(
    '15',
    'Methods',
    'Model output',
    'D',
    'Specify what the model outputs (probabilities, classes), and the details and rationale of any classification, including how thresholds were chosen.',
  ),
  item(
    '16',
    'Methods',
    'Training versus evaluation',
    'D;E',
    'Identify differences between development and evaluation data in healthcare setting, eligibility, outcome and predictors.',
  ),
  item(
    '17',
    'Methods',
    'Ethical approval',
    'D;E',
    'Name the ethics committee or institutional review board that approved the study, and describe participant consent or its waiver.',
  ),
  item(
    '18a',
    'Open science',
    'Funding',
    'D;E',
    'Give the funding source and what the funders did in this study.',
  ),
  item(
    '18b',
    'Open science',
    'Conflicts of interest',
    'D;E',
    "Declare all authors' conflicts of interest and financial disclosures.",
  ),
  item(
    '18c',
    'Open science',
    'Protocol',
    'D;E',
    'Say where the study protocol can be found, or that none was written.',
  ),
  item(
    '18d',
    'Open science',
    'Registration',
    'D;E',
    'Give the registry name and registration number, or say that the study was not registered.',
  ),
  item('18e', 'Open science', 'Data sharing', 'D;E', 'Say whether and how the study data are available.'),
  item('18f', 'Open science', 'Code sharing', 'D;E', 'Say whether and how the analysis code is available.'),
  item(
    '19',
    'Patient and public involvement',
    'Patient and public involvement',
    'D;E',
    'Describe any patient and public involvement in design, conduct, reporting, interpretation or dissemination, or state there was none.',
  ),
  item(
    '20a',
    'Results',
    'Participants',
    'D;E',
    'Describe participant flow, with the numbers with and without the outcome and, where relevant, a summary of follow-up; a diagram may help.',
  ),
  item(
    '20b',
    'Results',
    'Participants',
    'D;E',
    'Report participant characteristics overall and per data source or setting (dates, key predictors including demographics, treatments, sample size, events, follow-up, missing data), and differences across key demographic groups.',
  ),
  item(
    '20c',
    'Results',
    'Participants',
    'E',
    'For evaluation, compare the distribution of important variables (demographics, predictors, outcome) with the development data.',
  ),
  item(
    '21',
    'Results',
    'Model development',
    'D;E',
    'Give the number of participants and outcome events in each analysis (development, tuning, evaluation).',
  ),
  item(
    '22',
    'Results',
    'Model specification',
    'D',
    'Give the full model (formula, code, object, API) so that others can predict for new individuals, evaluate and implement it, with any restrictions on access or re-use.',
  ),
  item(
    '23a',
    'Results',
    'Model performance',
    'D;E',
    'Report performance estimates with confidence intervals, including for key subgroups (e.g. sociodemographic); plots may help.',
  ),
  item(
    '23b',
    'Results',
    'Model performance',
    'D;E',
    'If examined, report the heterogeneity of model performance across clusters.',
  ),
  item(
    '24',
    'Results',
    'Model updating',
    'E',
    'Report the results of any model updating: the updated model and its performance.',
  ),
  item(
    '25',
    'Discussion',
    'Interpretation',
    'D;E',
    'Interpret the main results overall, including fairness, in light of the objectives and earlier studies.',
  ),
  item(
    '26',
    'Discussion',
    'Limitations',
    'D;E',
    'Discuss the limitations (e.g. unrepresentative sample, sample size, overfitting, missing data) and their effect on bias, uncertainty and generalisability.',
  ),
  item(
    '27a',
    'Discussion',
    'Usability of the model in the context of current care',
    'D',
    'Describe how poor-quality or unavailable input data (e.g. predictor values) should be recognised and handled when the model is implemented.',
  ),
  item(
    '27b',
    'Discussion',
    'Usability of the model in the context of current care',
    'D',
    'Say whether users will need to interact in handling the input data or using the model, and what expertise they need.',
  ),
  item(
    '27c',
    'Discussion',
    'Usability of the model in the context of current care',
    'D;E',
    'Discuss next steps for research, with a view to the applicability and generalisability of the model.',
  ),
];

import type { ChecklistItemDefinition } from './checklist-types';

/** Whether a CONSORT-AI / SPIRIT-AI item elaborates an existing item or adds a new one. */
export type AiExtensionItemKind = 'elaboration' | 'extension';

/** One item of the CONSORT-AI extension. */
export interface ConsortAiItemDefinition extends ChecklistItemDefinition {
  readonly kind: AiExtensionItemKind;
}

/** Citation of the CONSORT-AI extension. */
export const CONSORT_AI_REFERENCE =
  'Liu X, Cruz Rivera S, Moher D, Calvert MJ, Denniston AK; SPIRIT-AI and CONSORT-AI Working Group. ' +
  'Reporting guidelines for clinical trial reports for interventions involving artificial intelligence: ' +
  'the CONSORT-AI extension. Nat Med 2020;26:1364-74; BMJ 2020;370:m3164; Lancet Digit Health 2020;2:e537-48.';

/**
 * The 14 AI-specific items of the CONSORT-AI extension (Liu et al. 2020, published jointly in
 * Nat Med, BMJ and Lancet Digit Health), with the official numbering: each item elaborates or
 * extends the CONSORT 2010 item of the same number. Requirements are paraphrased; the CONSORT 2010
 * items themselves are not repeated here.
 */
export const CONSORT_AI_ITEMS: readonly ConsortAiItemDefinition[] = [
  {
    id: '1a,b(i)',
    section: 'Title and abstract',
    topic: 'Title and abstract',
    kind: 'elaboration',
    requirement:
      'Say in the title and/or abstract that the intervention uses artificial intelligence or machine learning, and name the type of model.',
  },
  {
    id: '1a,b(ii)',
    section: 'Title and abstract',
    topic: 'Title and abstract',
    kind: 'elaboration',
    requirement:
      'Say in the title and/or abstract what the AI intervention is intended for within the clinical pathway.',
  },
  {
    id: '2a(i)',
    section: 'Introduction',
    topic: 'Background and objectives',
    kind: 'extension',
    requirement:
      'Explain the intended use of the AI intervention in the clinical pathway: its purpose and its intended users (e.g. healthcare professionals, patients, the public).',
  },
  {
    id: '4a(i)',
    section: 'Methods',
    topic: 'Participants',
    kind: 'elaboration',
    requirement: 'Give the inclusion and exclusion criteria that apply to participants.',
  },
  {
    id: '4a(ii)',
    section: 'Methods',
    topic: 'Participants',
    kind: 'extension',
    requirement: 'Give the inclusion and exclusion criteria that apply to the input data.',
  },
  {
    id: '4b',
    section: 'Methods',
    topic: 'Participants',
    kind: 'extension',
    requirement:
      'Describe how the AI intervention was built into the trial setting, including anything required onsite or offsite.',
  },
  {
    id: '5(i)',
    section: 'Methods',
    topic: 'Interventions',
    kind: 'extension',
    requirement: 'Say which version of the AI algorithm was used.',
  },
  {
    id: '5(ii)',
    section: 'Methods',
    topic: 'Interventions',
    kind: 'extension',
    requirement: 'Describe how input data were obtained and chosen for the AI intervention.',
  },
  {
    id: '5(iii)',
    section: 'Methods',
    topic: 'Interventions',
    kind: 'extension',
    requirement: 'Describe how input data of poor quality, or not available, were recognised and dealt with.',
  },
  {
    id: '5(iv)',
    section: 'Methods',
    topic: 'Interventions',
    kind: 'extension',
    requirement:
      'Say whether humans interacted with the AI in handling the input data, and what expertise users needed.',
  },
  {
    id: '5(v)',
    section: 'Methods',
    topic: 'Interventions',
    kind: 'extension',
    requirement: 'Say what the AI intervention outputs.',
  },
  {
    id: '5(vi)',
    section: 'Methods',
    topic: 'Interventions',
    kind: 'extension',
    requirement:
      "Explain how the AI intervention's outputs fed into decision-making or other parts of clinical practice.",
  },
  {
    id: '19',
    section: 'Results',
    topic: 'Harms',
    kind: 'extension',
    requirement:
      'Report the results of any analysis of performance errors and how the errors were found; if none was planned or done, say why.',
  },
  {
    id: '25',
    section: 'Other information',
    topic: 'Access to the AI intervention',
    kind: 'extension',
    requirement:
      'Say whether and how the AI intervention and/or its code can be accessed, and any restrictions on access or re-use.',
  },
];

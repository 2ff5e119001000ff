import type { ChecklistItemDefinition } from './checklist-types';
import type { AiExtensionItemKind } from './consort-ai-items';

/** One item of the SPIRIT-AI extension. */
export interface SpiritAiItemDefinition extends ChecklistItemDefinition {
  readonly kind: AiExtensionItemKind;
}

/** Citation of the SPIRIT-AI extension. */
export const SPIRIT_AI_REFERENCE =
  'Cruz Rivera S, Liu X, Chan AW, Denniston AK, Calvert MJ; SPIRIT-AI and CONSORT-AI Working Group. ' +
  'Guidelines for clinical trial protocols for interventions involving artificial intelligence: ' +
  'the SPIRIT-AI extension. Nat Med 2020;26:1351-63; BMJ 2020;370:m3210; Lancet Digit Health 2020;2:e549-60.';

/**
 * The 15 AI-specific items of the SPIRIT-AI extension (Cruz Rivera et al. 2020, published jointly
 * in Nat Med, BMJ and Lancet Digit Health), with the official numbering: each item elaborates or
 * extends the SPIRIT 2013 item of the same number. Requirements are paraphrased; the SPIRIT 2013
 * items themselves are not repeated here.
 */
export const SPIRIT_AI_ITEMS: readonly SpiritAiItemDefinition[] = [
  {
    id: '1(i)',
    section: 'Administrative information',
    topic: 'Title',
    kind: 'elaboration',
    requirement:
      'Say in the title that the intervention uses artificial intelligence or machine learning, and name the type of model.',
  },
  {
    id: '1(ii)',
    section: 'Administrative information',
    topic: 'Title',
    kind: 'elaboration',
    requirement: 'Say in the title what the AI intervention is intended for.',
  },
  {
    id: '6a(i)',
    section: 'Introduction',
    topic: 'Background and rationale',
    kind: 'extension',
    requirement:
      'Explain the intended use of the AI intervention in the clinical pathway: its purpose and its intended users (e.g. healthcare professionals, patients, the public).',
  },
  {
    id: '6a(ii)',
    section: 'Introduction',
    topic: 'Background and rationale',
    kind: 'extension',
    requirement: 'Describe the evidence that already exists for the AI intervention.',
  },
  {
    id: '9',
    section: 'Methods: participants, interventions and outcomes',
    topic: 'Study setting',
    kind: 'extension',
    requirement:
      'Describe what is needed onsite and offsite to build the AI intervention into the trial setting.',
  },
  {
    id: '10(i)',
    section: 'Methods: participants, interventions and outcomes',
    topic: 'Eligibility criteria',
    kind: 'elaboration',
    requirement: 'Give the inclusion and exclusion criteria that apply to participants.',
  },
  {
    id: '10(ii)',
    section: 'Methods: participants, interventions and outcomes',
    topic: 'Eligibility criteria',
    kind: 'extension',
    requirement: 'Give the inclusion and exclusion criteria that apply to the input data.',
  },
  {
    id: '11a(i)',
    section: 'Methods: participants, interventions and outcomes',
    topic: 'Interventions',
    kind: 'extension',
    requirement: 'Say which version of the AI algorithm will be used.',
  },
  {
    id: '11a(ii)',
    section: 'Methods: participants, interventions and outcomes',
    topic: 'Interventions',
    kind: 'extension',
    requirement: 'Describe how input data will be obtained and chosen for the AI intervention.',
  },
  {
    id: '11a(iii)',
    section: 'Methods: participants, interventions and outcomes',
    topic: 'Interventions',
    kind: 'extension',
    requirement:
      'Describe how input data of poor quality, or not available, will be recognised and dealt with.',
  },
  {
    id: '11a(iv)',
    section: 'Methods: participants, interventions and outcomes',
    topic: 'Interventions',
    kind: 'extension',
    requirement:
      'Say whether humans will interact with the AI in handling the input data, and what expertise users need.',
  },
  {
    id: '11a(v)',
    section: 'Methods: participants, interventions and outcomes',
    topic: 'Interventions',
    kind: 'extension',
    requirement: 'Say what the AI intervention outputs.',
  },
  {
    id: '11a(vi)',
    section: 'Methods: participants, interventions and outcomes',
    topic: 'Interventions',
    kind: 'extension',
    requirement:
      "Explain how the AI intervention's output will feed into decision-making or other parts of clinical practice.",
  },
  {
    id: '22',
    section: 'Methods: monitoring',
    topic: 'Harms',
    kind: 'extension',
    requirement: 'Describe any plans to find and analyse performance errors; if there are none, say why.',
  },
  {
    id: '29',
    section: 'Ethics and dissemination',
    topic: 'Access to data',
    kind: 'extension',
    requirement:
      'Say whether and how the AI intervention and/or its code can be accessed, and any restrictions on access or re-use.',
  },
];

/** The sections of the CHEERS 2022 checklist, in order. */
export type CheersSection =
  'Title' | 'Abstract' | 'Introduction' | 'Methods' | 'Results' | 'Discussion' | 'Other relevant information';

/** One item of the CHEERS 2022 checklist. */
export interface CheersItemDefinition {
  readonly number: number;
  readonly section: CheersSection;
  readonly topic: string;
}

/**
 * The 28 items of the Consolidated Health Economic Evaluation Reporting Standards 2022
 * (Husereau et al., Value Health 2022;25(1):3-9), numbered and titled as published.
 */
export const CHEERS_2022_ITEMS: readonly CheersItemDefinition[] = [
  { number: 1, section: 'Title', topic: 'Title' },
  { number: 2, section: 'Abstract', topic: 'Abstract' },
  { number: 3, section: 'Introduction', topic: 'Background and objectives' },
  { number: 4, section: 'Methods', topic: 'Health economic analysis plan' },
  { number: 5, section: 'Methods', topic: 'Study population' },
  { number: 6, section: 'Methods', topic: 'Setting and location' },
  { number: 7, section: 'Methods', topic: 'Comparators' },
  { number: 8, section: 'Methods', topic: 'Perspective' },
  { number: 9, section: 'Methods', topic: 'Time horizon' },
  { number: 10, section: 'Methods', topic: 'Discount rate' },
  { number: 11, section: 'Methods', topic: 'Selection of outcomes' },
  { number: 12, section: 'Methods', topic: 'Measurement of outcomes' },
  { number: 13, section: 'Methods', topic: 'Valuation of outcomes' },
  { number: 14, section: 'Methods', topic: 'Measurement and valuation of resources and costs' },
  { number: 15, section: 'Methods', topic: 'Currency, price date and conversion' },
  { number: 16, section: 'Methods', topic: 'Rationale and description of model' },
  { number: 17, section: 'Methods', topic: 'Analytics and assumptions' },
  { number: 18, section: 'Methods', topic: 'Characterising heterogeneity' },
  { number: 19, section: 'Methods', topic: 'Characterising distributional effects' },
  { number: 20, section: 'Methods', topic: 'Characterising uncertainty' },
  {
    number: 21,
    section: 'Methods',
    topic: 'Approach to engagement with patients and others affected by the study',
  },
  { number: 22, section: 'Results', topic: 'Study parameters' },
  { number: 23, section: 'Results', topic: 'Summary of main results' },
  { number: 24, section: 'Results', topic: 'Effect of uncertainty' },
  {
    number: 25,
    section: 'Results',
    topic: 'Effect of engagement with patients and others affected by the study',
  },
  {
    number: 26,
    section: 'Discussion',
    topic: 'Study findings, limitations, generalisability and current knowledge',
  },
  { number: 27, section: 'Other relevant information', topic: 'Source of funding' },
  { number: 28, section: 'Other relevant information', topic: 'Conflicts of interest' },
];

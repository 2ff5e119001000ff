/**
 * Types shared by the CONSORT-AI, SPIRIT-AI and TRIPOD+AI checklists: an item of a published
 * catalogue, and an item of a checklist filled in from {@link ReportingFacts}.
 */

/** How a filled-in item stands. */
export type ChecklistItemStatus = 'reported' | 'not-applicable' | 'sponsor-to-complete';

/** One item of a published reporting guideline, as data. */
export interface ChecklistItemDefinition {
  /** The official item number, e.g. `5(iii)` (CONSORT-AI) or `12f` (TRIPOD+AI). */
  readonly id: string;
  /** The guideline section, e.g. `Methods`. */
  readonly section: string;
  /** The item's topic within the section, e.g. `Interventions` or `Missing data`. */
  readonly topic: string;
  /** What the item asks for, paraphrased. */
  readonly requirement: string;
}

/** One item of a filled-in checklist. */
export interface FilledChecklistItem {
  readonly id: string;
  readonly section: string;
  readonly topic: string;
  readonly requirement: string;
  readonly status: ChecklistItemStatus;
  /** Never empty: the answer, why the item does not apply, or what the sponsor must add. */
  readonly answer: string;
  /** Where the answer is evidenced (report sections, package files), or null. */
  readonly location: string | null;
}

/** A filled-in checklist. */
export interface FilledChecklist {
  readonly name: string;
  /** Citation of the guideline the items follow. */
  readonly reference: string;
  /** Every item of the guideline's catalogue, in catalogue order. */
  readonly items: readonly FilledChecklistItem[];
}

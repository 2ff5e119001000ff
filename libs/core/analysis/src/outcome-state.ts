import type { OutcomeStatus } from './snapshot';

/** One stored outcome result (from the FHIR server or an assessor). */
export interface OutcomeResultRecord {
  readonly id: string;
  readonly source: 'fhir' | 'assessor';
  /** 1 = the endpoint's positive class, 0 = not, null = not assessable (with a reason). */
  readonly outcome: 0 | 1 | null;
  readonly assessedAt: string | null;
  readonly inWindow: boolean | null;
  readonly reason: string | null;
  readonly supersedes: string | null;
  readonly recordedBy: string | null;
  /** ISO UTC; orders results against adjudications. */
  readonly recordedAt: string;
}

/** One stored adjudication: a second assessor's signed decision. */
export interface AdjudicationRecord {
  readonly id: string;
  readonly outcome: 0 | 1 | null;
  readonly assessedAt: string | null;
  readonly inWindow: boolean | null;
  readonly reason: string;
  readonly adjudicatedBy: string;
  readonly adjudicatedAt: string;
}

/** Where one subject's outcome stands now, and whether it needs a second assessor. */
export interface CurrentOutcome {
  readonly status: OutcomeStatus;
  readonly outcome: 0 | 1 | null;
  readonly assessedAt: string | null;
  readonly inWindow: boolean | null;
  readonly needsAdjudication: boolean;
  /** Why the status is what it is, in words for the worklist. */
  readonly explanation: string;
  /** The results the status rests on (ids), for the adjudicator to review. */
  readonly basedOn: readonly string[];
}

export interface OutcomeStateInput {
  readonly results: readonly OutcomeResultRecord[];
  readonly adjudications: readonly AdjudicationRecord[];
  readonly withdrawn: boolean;
  /**
   * Whether the assessment window has closed (treatment start + window end is past); null when
   * the actual treatment start is not known yet, so the window cannot be placed.
   */
  readonly windowClosed: boolean | null;
}

const byTime = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The current outcome of one subject from its append-only records:
 * 1. A result superseded by an assessor's correction no longer counts.
 * 2. The latest adjudication decides, unless a result recorded after it disagrees (then the
 *    subject is back to `conflicting`): new evidence re-opens a decision, agreeing evidence does not.
 * 3. Otherwise the results decide: in-window results when there are any (an out-of-window result
 *    only counts when nothing was assessed in the window, and then excludes the subject from the
 *    per-protocol analysis). Results that agree give `observed` (earliest assessment); results that
 *    disagree, or a value beside a "not assessable", give `conflicting`.
 * 4. Only "not assessable" results, or nothing by the end of the window, give `missing`, to be
 *    confirmed (or resolved) by adjudication.
 * 5. No result and a withdrawal: `withdrawn`. An outcome assessed before a withdrawal stands.
 * 6. Otherwise `pending`.
 */
export function currentOutcome(input: OutcomeStateInput): CurrentOutcome {
  const superseded = new Set(input.results.map((result) => result.supersedes).filter((id) => id !== null));
  const effective = input.results
    .filter((result) => !superseded.has(result.id))
    .sort((a, b) => byTime(a.recordedAt, b.recordedAt));
  const adjudication = [...input.adjudications]
    .sort((a, b) => byTime(a.adjudicatedAt, b.adjudicatedAt))
    .at(-1);
  if (adjudication) {
    const later = effective.filter((result) => result.recordedAt > adjudication.adjudicatedAt);
    const disagreeing = later.filter((result) => result.outcome !== adjudication.outcome);
    if (disagreeing.length === 0) {
      return {
        status: adjudication.outcome === null ? 'missing' : 'adjudicated',
        outcome: adjudication.outcome,
        assessedAt: adjudication.assessedAt,
        inWindow: adjudication.inWindow,
        needsAdjudication: false,
        explanation: `Adjudicated: ${adjudication.reason}`,
        basedOn: [adjudication.id],
      };
    }
    return {
      status: 'conflicting',
      outcome: null,
      assessedAt: null,
      inWindow: null,
      needsAdjudication: true,
      explanation: `${disagreeing.length} result(s) recorded after the adjudication disagree with it`,
      basedOn: [adjudication.id, ...disagreeing.map((result) => result.id)],
    };
  }
  const valued = effective.filter((result) => result.outcome !== null);
  const notAssessable = effective.filter((result) => result.outcome === null);
  const inWindow = valued.filter((result) => result.inWindow !== false);
  const counted = inWindow.length > 0 ? inWindow : valued;
  const values = new Set(counted.map((result) => result.outcome));
  if (values.size > 1 || (counted.length > 0 && notAssessable.length > 0)) {
    const involved = [...counted, ...notAssessable];
    return {
      status: 'conflicting',
      outcome: null,
      assessedAt: null,
      inWindow: null,
      needsAdjudication: true,
      explanation:
        values.size > 1
          ? `${counted.length} results disagree`
          : `${counted.length} result(s) beside ${notAssessable.length} "not assessable"`,
      basedOn: involved.map((result) => result.id),
    };
  }
  if (counted.length > 0) {
    const earliest = [...counted].sort((a, b) =>
      byTime(a.assessedAt ?? '', b.assessedAt ?? ''),
    )[0] as OutcomeResultRecord;
    return {
      status: 'observed',
      outcome: earliest.outcome,
      assessedAt: earliest.assessedAt,
      inWindow: earliest.inWindow !== false,
      needsAdjudication: false,
      explanation:
        counted.length === 1 ? `One result (${earliest.source})` : `${counted.length} agreeing results`,
      basedOn: counted.map((result) => result.id),
    };
  }
  if (notAssessable.length > 0) {
    return {
      status: 'missing',
      outcome: null,
      assessedAt: null,
      inWindow: null,
      needsAdjudication: true,
      explanation: `Not assessable: ${notAssessable.map((result) => result.reason).join('; ')}`,
      basedOn: notAssessable.map((result) => result.id),
    };
  }
  if (input.withdrawn) {
    return {
      status: 'withdrawn',
      outcome: null,
      assessedAt: null,
      inWindow: null,
      needsAdjudication: false,
      explanation: 'Withdrawn before an outcome was assessed',
      basedOn: [],
    };
  }
  if (input.windowClosed === true) {
    return {
      status: 'missing',
      outcome: null,
      assessedAt: null,
      inWindow: null,
      needsAdjudication: true,
      explanation: 'No result by the end of the assessment window',
      basedOn: [],
    };
  }
  return {
    status: 'pending',
    outcome: null,
    assessedAt: null,
    inWindow: null,
    needsAdjudication: false,
    explanation:
      input.windowClosed === null
        ? 'Awaiting the actual treatment start, which places the assessment window'
        : 'Assessment window still open',
    basedOn: [],
  };
}

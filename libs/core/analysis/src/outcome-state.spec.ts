import { consortFlow, perProtocolExclusions } from './consort-flow';
import { type AdjudicationRecord, currentOutcome, type OutcomeResultRecord } from './outcome-state';

function result(
  id: string,
  outcome: 0 | 1 | null,
  extra: Partial<OutcomeResultRecord> = {},
): OutcomeResultRecord {
  return {
    id,
    source: 'fhir',
    outcome,
    assessedAt: outcome === null ? null : '2027-04-01T00:00:00.000Z',
    inWindow: outcome === null ? null : true,
    reason: outcome === null ? 'specimen haemolysed' : null,
    supersedes: null,
    recordedBy: null,
    recordedAt: `2027-05-01T00:00:0${id.length}.000Z`,
    ...extra,
  };
}

function adjudication(outcome: 0 | 1 | null, adjudicatedAt: string): AdjudicationRecord {
  return {
    id: 'adj',
    outcome,
    assessedAt: outcome === null ? null : '2027-04-02T00:00:00.000Z',
    inWindow: outcome === null ? null : true,
    reason: 'second read of the report',
    adjudicatedBy: 'user-2',
    adjudicatedAt,
  };
}

const open = { adjudications: [], withdrawn: false, windowClosed: false };

describe('currentOutcome', () => {
  it('is pending with nothing recorded, saying whether the window is placed yet', () => {
    expect(currentOutcome({ ...open, results: [] })).toMatchObject({
      status: 'pending',
      needsAdjudication: false,
      explanation: 'Assessment window still open',
    });
    expect(currentOutcome({ ...open, results: [], windowClosed: null }).explanation).toMatch(
      /treatment start/,
    );
  });

  it('is missing, for adjudication, when the window closed without a result', () => {
    expect(currentOutcome({ ...open, results: [], windowClosed: true })).toMatchObject({
      status: 'missing',
      needsAdjudication: true,
      explanation: 'No result by the end of the assessment window',
    });
  });

  it('is observed from one result, or from agreeing results at the earliest assessment', () => {
    expect(currentOutcome({ ...open, results: [result('a', 1)] })).toMatchObject({
      status: 'observed',
      outcome: 1,
      inWindow: true,
      basedOn: ['a'],
    });
    const agreeing = currentOutcome({
      ...open,
      results: [
        result('a', 0),
        result('bb', 0, { assessedAt: '2027-03-01T00:00:00.000Z', source: 'assessor' }),
      ],
    });
    expect(agreeing).toMatchObject({
      status: 'observed',
      outcome: 0,
      assessedAt: '2027-03-01T00:00:00.000Z',
    });
    expect(agreeing.explanation).toBe('2 agreeing results');
  });

  it('is conflicting when results disagree, or a value stands beside "not assessable"', () => {
    expect(currentOutcome({ ...open, results: [result('a', 0), result('bb', 1)] })).toMatchObject({
      status: 'conflicting',
      needsAdjudication: true,
      explanation: '2 results disagree',
    });
    expect(currentOutcome({ ...open, results: [result('a', 1), result('bb', null)] })).toMatchObject({
      status: 'conflicting',
      explanation: '1 result(s) beside 1 "not assessable"',
    });
  });

  it('counts in-window results only when there are any; otherwise out-of-window ones, marked', () => {
    const mixed = currentOutcome({
      ...open,
      results: [result('a', 1), result('bb', 0, { inWindow: false })],
    });
    expect(mixed).toMatchObject({ status: 'observed', outcome: 1, inWindow: true });
    const late = currentOutcome({ ...open, results: [result('a', 0, { inWindow: false })] });
    expect(late).toMatchObject({ status: 'observed', outcome: 0, inWindow: false });
  });

  it('drops a result superseded by a correction', () => {
    const corrected = currentOutcome({
      ...open,
      results: [
        result('a', 1, { source: 'assessor' }),
        result('bb', 0, { source: 'assessor', supersedes: 'a', reason: 'typo' }),
      ],
    });
    expect(corrected).toMatchObject({ status: 'observed', outcome: 0, basedOn: ['bb'] });
  });

  it('is missing, for adjudication, when the only results are "not assessable"', () => {
    expect(currentOutcome({ ...open, results: [result('a', null)] })).toMatchObject({
      status: 'missing',
      needsAdjudication: true,
      explanation: 'Not assessable: specimen haemolysed',
    });
  });

  it('follows the latest adjudication until a later result disagrees with it', () => {
    const results = [result('a', 0), result('bb', 1)];
    const decided = currentOutcome({
      ...open,
      results,
      adjudications: [adjudication(1, '2027-06-01T00:00:00.000Z')],
    });
    expect(decided).toMatchObject({
      status: 'adjudicated',
      outcome: 1,
      needsAdjudication: false,
      basedOn: ['adj'],
    });
    const confirmedMissing = currentOutcome({
      ...open,
      results: [result('a', null)],
      adjudications: [adjudication(null, '2027-06-01T00:00:00.000Z')],
    });
    expect(confirmedMissing).toMatchObject({ status: 'missing', needsAdjudication: false });
    const agreeingLater = currentOutcome({
      ...open,
      results: [...results, result('ccc', 1, { recordedAt: '2027-07-01T00:00:00.000Z' })],
      adjudications: [adjudication(1, '2027-06-01T00:00:00.000Z')],
    });
    expect(agreeingLater.status).toBe('adjudicated');
    const reopened = currentOutcome({
      ...open,
      results: [...results, result('ccc', 0, { recordedAt: '2027-07-01T00:00:00.000Z' })],
      adjudications: [adjudication(1, '2027-06-01T00:00:00.000Z')],
    });
    expect(reopened).toMatchObject({
      status: 'conflicting',
      needsAdjudication: true,
      basedOn: ['adj', 'ccc'],
    });
  });

  it('is withdrawn without a result, but an outcome assessed before a withdrawal stands', () => {
    expect(currentOutcome({ ...open, results: [], withdrawn: true, windowClosed: true }).status).toBe(
      'withdrawn',
    );
    expect(currentOutcome({ ...open, results: [result('a', 1)], withdrawn: true }).status).toBe('observed');
  });
});

describe('consortFlow', () => {
  it('counts enrolment, locks, outcome statuses and per-protocol exclusions', () => {
    const flow = consortFlow([
      {
        locked: false,
        lockDeviation: false,
        imagingOutsideWindow: false,
        withdrawn: false,
        outcomeStatus: 'pending',
        outcomeInWindow: null,
      },
      {
        locked: true,
        lockDeviation: false,
        imagingOutsideWindow: false,
        withdrawn: false,
        outcomeStatus: 'observed',
        outcomeInWindow: true,
      },
      {
        locked: true,
        lockDeviation: false,
        imagingOutsideWindow: false,
        withdrawn: false,
        outcomeStatus: 'adjudicated',
        outcomeInWindow: true,
      },
      {
        locked: true,
        lockDeviation: true,
        imagingOutsideWindow: false,
        withdrawn: false,
        outcomeStatus: 'observed',
        outcomeInWindow: false,
      },
      {
        locked: true,
        lockDeviation: false,
        imagingOutsideWindow: false,
        withdrawn: false,
        outcomeStatus: 'observed',
        outcomeInWindow: false,
      },
      {
        locked: true,
        lockDeviation: false,
        imagingOutsideWindow: false,
        withdrawn: false,
        outcomeStatus: 'conflicting',
        outcomeInWindow: null,
      },
      {
        locked: true,
        lockDeviation: false,
        imagingOutsideWindow: false,
        withdrawn: true,
        outcomeStatus: 'withdrawn',
        outcomeInWindow: null,
      },
      {
        locked: true,
        lockDeviation: false,
        imagingOutsideWindow: false,
        withdrawn: false,
        outcomeStatus: 'missing',
        outcomeInWindow: null,
      },
      {
        locked: true,
        lockDeviation: false,
        imagingOutsideWindow: true,
        withdrawn: false,
        outcomeStatus: 'observed',
        outcomeInWindow: true,
      },
    ]);
    expect(flow).toEqual({
      enrolled: 9,
      notLocked: 1,
      locked: 8,
      outcome: { observed: 4, adjudicated: 1, pending: 0, conflicting: 1, missing: 1, withdrawn: 1 },
      withOutcome: 5,
      analysedPrimary: 2,
      analysedSensitivity: 5,
      excludedFromPrimary: 3,
      exclusions: {
        'lock-after-treatment-start': 1,
        'imaging-outside-window': 1,
        'outcome-outside-window': 2,
        withdrawn: 0,
      },
    });
  });

  it('lists every exclusion reason of a subject, in a fixed order', () => {
    expect(
      perProtocolExclusions({
        lockDeviation: true,
        imagingOutsideWindow: true,
        withdrawn: true,
        outcomeInWindow: false,
      }),
    ).toEqual([
      'lock-after-treatment-start',
      'imaging-outside-window',
      'outcome-outside-window',
      'withdrawn',
    ]);
    expect(
      perProtocolExclusions({
        lockDeviation: false,
        imagingOutsideWindow: false,
        withdrawn: false,
        outcomeInWindow: null,
      }),
    ).toEqual([]);
  });
});

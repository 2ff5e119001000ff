import { listOf, protocolIssues, REMOVE } from '../testing/protocol-test-support';

type Case = [name: string, changes: Record<string, unknown>, path: string, message: RegExp];

const PLAN = 'interimPlan';
const looks = (...fractions: number[]) => fractions.map((informationFraction) => ({ informationFraction }));

describe('decision threshold, sample size and prevalence', () => {
  it.each<[string, Record<string, unknown>]>([
    ['a threshold just above 0', { decisionThreshold: 0.001 }],
    ['a threshold just below 1', { decisionThreshold: 0.999 }],
    ['a sample size of 1', { plannedSampleSize: 1 }],
    ['a sample size of 1000000', { plannedSampleSize: 1_000_000 }],
    ['an expected prevalence', { expectedPrevalence: 0.3 }],
    ['no expected prevalence', { expectedPrevalence: REMOVE }],
  ])('accepts %s', (_name, changes) => {
    expect(protocolIssues(changes)).toEqual([]);
  });

  it.each<Case>([
    ['a threshold of 0', { decisionThreshold: 0 }, 'decisionThreshold', /greater than 0/],
    ['a threshold of 1', { decisionThreshold: 1 }, 'decisionThreshold', /less than 1/],
    ['a negative threshold', { decisionThreshold: -0.5 }, 'decisionThreshold', /greater than 0/],
    [
      'a threshold as a string',
      { decisionThreshold: '0.5' },
      'decisionThreshold',
      /^Expected a number, got the string "0.5"$/,
    ],
    [
      'a missing threshold',
      { decisionThreshold: REMOVE },
      'decisionThreshold',
      /^Required: expected a number$/,
    ],
    ['a sample size of 0', { plannedSampleSize: 0 }, 'plannedSampleSize', /at least 1 subject/],
    [
      'a fractional sample size',
      { plannedSampleSize: 10.5 },
      'plannedSampleSize',
      /whole number of subjects/,
    ],
    ['a sample size over 1000000', { plannedSampleSize: 1_000_001 }, 'plannedSampleSize', /at most 1000000/],
    ['a prevalence of 0', { expectedPrevalence: 0 }, 'expectedPrevalence', /greater than 0/],
    ['a prevalence of 1', { expectedPrevalence: 1 }, 'expectedPrevalence', /less than 1/],
    [
      'a prevalence of null',
      { expectedPrevalence: null },
      'expectedPrevalence',
      /^Expected a number, got null$/,
    ],
  ])('rejects %s', (_name, changes, path, message) => {
    expect(protocolIssues(changes)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });
});

describe('primaryHypothesis', () => {
  it.each<[string, Record<string, unknown>]>([
    ['a null AUC of 0.5', { 'primaryHypothesis.nullValue': 0.5 }],
    ['an alternative just above the null', { 'primaryHypothesis.alternativeValue': 0.501 }],
    [
      'a high null and alternative',
      { 'primaryHypothesis.nullValue': 0.9, 'primaryHypothesis.alternativeValue': 0.95 },
    ],
  ])('accepts %s', (_name, changes) => {
    expect(protocolIssues(changes)).toEqual([]);
  });

  it.each<Case>([
    [
      'a metric other than AUC',
      { 'primaryHypothesis.metric': 'sensitivity' },
      'primaryHypothesis.metric',
      /^Must be "auc"; got the string "sensitivity"$/,
    ],
    [
      'a missing metric',
      { 'primaryHypothesis.metric': REMOVE },
      'primaryHypothesis.metric',
      /^Required: must be "auc"$/,
    ],
    [
      'a null value below chance',
      { 'primaryHypothesis.nullValue': 0.49 },
      'primaryHypothesis.nullValue',
      /at least 0.5/,
    ],
    [
      'a null value of 1',
      { 'primaryHypothesis.nullValue': 1, 'primaryHypothesis.alternativeValue': 0.99 },
      'primaryHypothesis.nullValue',
      /less than 1/,
    ],
    [
      'an alternative equal to the null',
      { 'primaryHypothesis.alternativeValue': 0.5 },
      'primaryHypothesis.alternativeValue',
      /greater than nullValue \(0.5\); got 0.5/,
    ],
    [
      'an alternative below the null',
      { 'primaryHypothesis.nullValue': 0.7, 'primaryHypothesis.alternativeValue': 0.6 },
      'primaryHypothesis.alternativeValue',
      /greater than nullValue \(0.7\); got 0.6/,
    ],
    [
      'an alternative of 1',
      { 'primaryHypothesis.alternativeValue': 1 },
      'primaryHypothesis.alternativeValue',
      /less than 1/,
    ],
    [
      'an unknown property',
      { 'primaryHypothesis.power': 0.8 },
      'primaryHypothesis.power',
      /Unknown property "power"/,
    ],
    [
      'an out-of-range null above the alternative, once',
      { 'primaryHypothesis.nullValue': 1.2 },
      'primaryHypothesis.nullValue',
      /less than 1/,
    ],
  ])('rejects %s', (_name, changes, path, message) => {
    expect(protocolIssues(changes)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });
});

describe('interimPlan', () => {
  it.each<[string, Record<string, unknown>]>([
    ['a single final look', { [`${PLAN}.looks`]: looks(1) }],
    ['three looks', { [`${PLAN}.looks`]: looks(0.33, 0.67, 1) }],
    ['ten looks', { [`${PLAN}.looks`]: looks(...listOf(10, (i) => (i + 1) / 10)) }],
    ['two-sided testing', { [`${PLAN}.sided`]: 2, [`${PLAN}.alpha`]: 0.05 }],
    ['an alpha just below 0.5', { [`${PLAN}.alpha`]: 0.499 }],
    ['Pocock spending', { [`${PLAN}.spending`]: { type: 'pocock' } }],
    [
      'Hwang-Shih-DeCani spending with gamma -4',
      { [`${PLAN}.spending`]: { type: 'hwang-shih-decani', gamma: -4 } },
    ],
    [
      'Hwang-Shih-DeCani spending with gamma -40',
      { [`${PLAN}.spending`]: { type: 'hwang-shih-decani', gamma: -40 } },
    ],
    [
      'Hwang-Shih-DeCani spending with gamma 40',
      { [`${PLAN}.spending`]: { type: 'hwang-shih-decani', gamma: 40 } },
    ],
    ['power spending', { [`${PLAN}.spending`]: { type: 'power', rho: 3 } }],
    [
      'non-binding beta-spending futility',
      {
        [`${PLAN}.futility`]: {
          type: 'non-binding-beta-spending',
          beta: 0.2,
          spending: { type: 'power', rho: 2 },
        },
      },
    ],
    ['conditional-power futility', { [`${PLAN}.futility`]: { type: 'conditional-power', threshold: 0.1 } }],
  ])('accepts %s', (_name, changes) => {
    expect(protocolIssues(changes)).toEqual([]);
  });

  it.each<Case>([
    ['no looks', { [`${PLAN}.looks`]: [] }, `${PLAN}.looks`, /at least 1 look/],
    [
      'eleven looks',
      { [`${PLAN}.looks`]: looks(...listOf(11, (i) => (i + 1) / 11)) },
      `${PLAN}.looks`,
      /at most 10 looks/,
    ],
    [
      'repeated information fractions',
      { [`${PLAN}.looks`]: looks(0.5, 0.5, 1) },
      `${PLAN}.looks[1].informationFraction`,
      /greater than the previous look's informationFraction \(0.5\); looks must be strictly increasing/,
    ],
    [
      'decreasing information fractions',
      { [`${PLAN}.looks`]: looks(0.6, 0.4, 1) },
      `${PLAN}.looks[1].informationFraction`,
      /strictly increasing/,
    ],
    [
      'a last look before full information',
      { [`${PLAN}.looks`]: looks(0.5, 0.9) },
      `${PLAN}.looks[1].informationFraction`,
      /must have informationFraction 1; got 0.9/,
    ],
    [
      'a zero information fraction',
      { [`${PLAN}.looks`]: looks(0, 1) },
      `${PLAN}.looks[0].informationFraction`,
      /greater than 0/,
    ],
    [
      'an information fraction above 1',
      { [`${PLAN}.looks`]: looks(0.5, 1.1) },
      `${PLAN}.looks[1].informationFraction`,
      /at most 1/,
    ],
    [
      'a look given as a bare number',
      { [`${PLAN}.looks`]: [0.5, { informationFraction: 1 }] },
      `${PLAN}.looks[0]`,
      /^Expected an object, got 0.5$/,
    ],
    [
      'an unknown look property',
      { [`${PLAN}.looks[0].label`]: 'interim' },
      `${PLAN}.looks[0].label`,
      /Unknown property "label"/,
    ],
    ['an alpha of 0', { [`${PLAN}.alpha`]: 0 }, `${PLAN}.alpha`, /greater than 0/],
    ['an alpha of 0.5', { [`${PLAN}.alpha`]: 0.5 }, `${PLAN}.alpha`, /less than 0.5/],
    [
      'three-sided testing',
      { [`${PLAN}.sided`]: 3 },
      `${PLAN}.sided`,
      /^Must be 1 \(one-sided\) or 2 \(two-sided\)$/,
    ],
    ['sidedness as a string', { [`${PLAN}.sided`]: 'one' }, `${PLAN}.sided`, /1 \(one-sided\) or 2/],
    [
      'beta-spending futility with a two-sided plan',
      {
        [`${PLAN}.sided`]: 2,
        [`${PLAN}.futility`]: { type: 'non-binding-beta-spending', beta: 0.2, spending: { type: 'pocock' } },
      },
      `${PLAN}.futility.type`,
      /^Beta-spending futility needs a one-sided plan \(sided 1\)/,
    ],
    [
      'an unknown spending type',
      { [`${PLAN}.spending.type`]: 'haybittle-peto' },
      `${PLAN}.spending.type`,
      /"obrien-fleming", "pocock", "hwang-shih-decani", "power"; got the string "haybittle-peto"/,
    ],
    [
      'Hwang-Shih-DeCani without gamma',
      { [`${PLAN}.spending`]: { type: 'hwang-shih-decani' } },
      `${PLAN}.spending.gamma`,
      /^Required: expected a number$/,
    ],
    [
      'a gamma below -40',
      { [`${PLAN}.spending`]: { type: 'hwang-shih-decani', gamma: -41 } },
      `${PLAN}.spending.gamma`,
      /at least -40/,
    ],
    [
      'a gamma above 40',
      { [`${PLAN}.spending`]: { type: 'hwang-shih-decani', gamma: 41 } },
      `${PLAN}.spending.gamma`,
      /at most 40/,
    ],
    [
      'a power rho of 0',
      { [`${PLAN}.spending`]: { type: 'power', rho: 0 } },
      `${PLAN}.spending.rho`,
      /greater than 0/,
    ],
    [
      "a parameter on O'Brien-Fleming",
      { [`${PLAN}.spending.gamma`]: -4 },
      `${PLAN}.spending.gamma`,
      /Unknown property "gamma"/,
    ],
    [
      'an unknown futility type',
      { [`${PLAN}.futility`]: { type: 'binding' } },
      `${PLAN}.futility.type`,
      /"none", "non-binding-beta-spending", "conditional-power"/,
    ],
    [
      'a beta of 0',
      { [`${PLAN}.futility`]: { type: 'non-binding-beta-spending', beta: 0, spending: { type: 'pocock' } } },
      `${PLAN}.futility.beta`,
      /greater than 0/,
    ],
    [
      'a beta of 0.5',
      {
        [`${PLAN}.futility`]: { type: 'non-binding-beta-spending', beta: 0.5, spending: { type: 'pocock' } },
      },
      `${PLAN}.futility.beta`,
      /less than 0.5/,
    ],
    [
      'beta spending without a function',
      { [`${PLAN}.futility`]: { type: 'non-binding-beta-spending', beta: 0.2 } },
      `${PLAN}.futility.spending`,
      /^Required: expected an object$/,
    ],
    [
      'an invalid beta-spending function',
      {
        [`${PLAN}.futility`]: {
          type: 'non-binding-beta-spending',
          beta: 0.2,
          spending: { type: 'power', rho: -1 },
        },
      },
      `${PLAN}.futility.spending.rho`,
      /greater than 0/,
    ],
    [
      'a conditional-power threshold of 1',
      { [`${PLAN}.futility`]: { type: 'conditional-power', threshold: 1 } },
      `${PLAN}.futility.threshold`,
      /less than 1/,
    ],
    [
      'a conditional-power threshold of 0',
      { [`${PLAN}.futility`]: { type: 'conditional-power', threshold: 0 } },
      `${PLAN}.futility.threshold`,
      /greater than 0/,
    ],
    [
      'a parameter on "none" futility',
      { [`${PLAN}.futility.beta`]: 0.2 },
      `${PLAN}.futility.beta`,
      /Unknown property "beta"/,
    ],
    [
      'a missing futility rule',
      { [`${PLAN}.futility`]: REMOVE },
      `${PLAN}.futility`,
      /^Required: expected an object$/,
    ],
    [
      'an unknown plan property',
      { [`${PLAN}.maxLooks`]: 3 },
      `${PLAN}.maxLooks`,
      /Unknown property "maxLooks"/,
    ],
    [
      'an out-of-range first fraction, once',
      { [`${PLAN}.looks`]: looks(1.5, 1) },
      `${PLAN}.looks[0].informationFraction`,
      /at most 1/,
    ],
    [
      'a single zero look, once',
      { [`${PLAN}.looks`]: looks(0) },
      `${PLAN}.looks[0].informationFraction`,
      /greater than 0/,
    ],
  ])('rejects %s', (_name, changes, path, message) => {
    expect(protocolIssues(changes)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });
});

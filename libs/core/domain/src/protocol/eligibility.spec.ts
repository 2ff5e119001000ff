import { CODINGS, listOf, protocolIssues, REMOVE } from '../testing/protocol-test-support';
import { COMPARATORS, SEX_VALUES } from './eligibility';

type Case = [name: string, changes: Record<string, unknown>, path: string, message: RegExp];

const RULE = 'eligibility.rules[0]';
const CRITERION = `${RULE}.criterion`;

function rule(id: string, criterion: unknown, kind = 'inclusion') {
  return { id, description: `Rule ${id}`, kind, criterion };
}

describe('eligibility', () => {
  it.each<[string, unknown]>([
    ['age with minYears only', { type: 'age', minYears: 18 }],
    ['age with maxYears only', { type: 'age', maxYears: 75 }],
    ['age with equal bounds', { type: 'age', minYears: 50, maxYears: 50 }],
    ['age with bounds at 0 and 150', { type: 'age', minYears: 0, maxYears: 150 }],
    ['sex with every value', { type: 'sex', allowed: [...SEX_VALUES] }],
    ['condition', { type: 'condition', codes: [CODINGS.breast] }],
    [
      'observation without unit or lookback',
      { type: 'observation', codes: [CODINGS.egfr], comparator: '<', value: 30 },
    ],
    [
      'observation with unit and lookback',
      {
        type: 'observation',
        codes: [CODINGS.egfr],
        comparator: '<',
        value: 30,
        unit: 'mL/min/{1.73_m2}',
        lookbackDays: 28,
      },
    ],
    [
      'observation with a negative value',
      { type: 'observation', codes: [CODINGS.ldh], comparator: '>', value: -2.5 },
    ],
    ['manual', { type: 'manual', question: 'Is the patient able to undergo MRI?' }],
  ])('accepts a %s criterion', (_name, criterion) => {
    expect(protocolIssues({ [CRITERION]: criterion })).toEqual([]);
  });

  it.each(COMPARATORS)('accepts the comparator %s', (comparator) => {
    const criterion = { type: 'observation', codes: [CODINGS.ldh], comparator, value: 250, unit: 'U/L' };
    expect(protocolIssues({ [CRITERION]: criterion })).toEqual([]);
  });

  it('accepts inclusion and exclusion rules with distinct slugs', () => {
    const rules = [
      rule('adult', { type: 'age', minYears: 18 }),
      rule('no-mri-2', { type: 'manual', question: 'MRI contraindication?' }, 'exclusion'),
    ];
    expect(protocolIssues({ 'eligibility.rules': rules })).toEqual([]);
  });

  it.each<Case>([
    ['no rules', { 'eligibility.rules': [] }, 'eligibility.rules', /at least one eligibility rule/],
    [
      'more than 200 rules',
      { 'eligibility.rules': listOf(201, (i) => rule(`r${i}`, { type: 'age', minYears: 18 })) },
      'eligibility.rules',
      /at most 200/,
    ],
    ['missing rules', { 'eligibility.rules': REMOVE }, 'eligibility.rules', /^Required: expected a list$/],
    [
      'an unknown eligibility property',
      { 'eligibility.logic': 'all' },
      'eligibility.logic',
      /Unknown property "logic"/,
    ],
    ['an id with capitals', { [`${RULE}.id`]: 'Adult' }, `${RULE}.id`, /slug/],
    ['an id with a double hyphen', { [`${RULE}.id`]: 'a--b' }, `${RULE}.id`, /slug/],
    ['an id ending in a hyphen', { [`${RULE}.id`]: 'adult-' }, `${RULE}.id`, /slug/],
    ['an empty id', { [`${RULE}.id`]: '' }, `${RULE}.id`, /slug/],
    ['an id longer than 64', { [`${RULE}.id`]: 'a'.repeat(65) }, `${RULE}.id`, /at most 64/],
    [
      'a duplicate id',
      {
        'eligibility.rules': [
          rule('adult', { type: 'age', minYears: 18 }),
          rule('adult', { type: 'age', maxYears: 80 }),
        ],
      },
      'eligibility.rules[1].id',
      /Duplicate rule id "adult"/,
    ],
    [
      'a blank description',
      { [`${RULE}.description`]: '   ' },
      `${RULE}.description`,
      /empty or only whitespace/,
    ],
    [
      'a description over 500 characters',
      { [`${RULE}.description`]: 'x'.repeat(501) },
      `${RULE}.description`,
      /at most 500/,
    ],
    [
      'an unknown kind',
      { [`${RULE}.kind`]: 'include' },
      `${RULE}.kind`,
      /^Must be one of "inclusion", "exclusion"; got the string "include"$/,
    ],
    ['an unknown rule property', { [`${RULE}.note`]: 'x' }, `${RULE}.note`, /Unknown property "note"/],
    [
      'an unknown criterion type',
      { [`${CRITERION}.type`]: 'gender' },
      `${CRITERION}.type`,
      /^Must be one of "age", "sex", "condition", "observation", "manual"; got the string "gender"$/,
    ],
    ['a missing criterion type', { [CRITERION]: { minYears: 18 } }, `${CRITERION}.type`, /it is missing/],
    ['a missing criterion', { [CRITERION]: REMOVE }, CRITERION, /^Required: expected an object$/],
    ['an age without bounds', { [CRITERION]: { type: 'age' } }, CRITERION, /minYears, maxYears or both/],
    [
      'an age with min above max',
      { [CRITERION]: { type: 'age', minYears: 70, maxYears: 18 } },
      `${CRITERION}.maxYears`,
      /greater than or equal to minYears \(70\); got 18/,
    ],
    [
      'a negative minimum age',
      { [CRITERION]: { type: 'age', minYears: -1 } },
      `${CRITERION}.minYears`,
      /at least 0 years/,
    ],
    [
      'a maximum age over 150',
      { [CRITERION]: { type: 'age', maxYears: 151 } },
      `${CRITERION}.maxYears`,
      /at most 150 years/,
    ],
    [
      'an age given as a string',
      { [CRITERION]: { type: 'age', minYears: '18' } },
      `${CRITERION}.minYears`,
      /^Expected a number, got the string "18"$/,
    ],
    [
      'a property of another criterion type',
      { [CRITERION]: { type: 'age', minYears: 18, allowed: ['female'] } },
      `${CRITERION}.allowed`,
      /Unknown property "allowed"/,
    ],
    [
      'a sex criterion with no values',
      { [CRITERION]: { type: 'sex', allowed: [] } },
      `${CRITERION}.allowed`,
      /at least one sex/,
    ],
    [
      'an unknown sex value',
      { [CRITERION]: { type: 'sex', allowed: ['woman'] } },
      `${CRITERION}.allowed[0]`,
      /"female", "male", "other", "unknown"/,
    ],
    [
      'a repeated sex value',
      { [CRITERION]: { type: 'sex', allowed: ['female', 'female'] } },
      `${CRITERION}.allowed[1]`,
      /Duplicate value "female"/,
    ],
    [
      'a condition without codes',
      { [CRITERION]: { type: 'condition', codes: [] } },
      `${CRITERION}.codes`,
      /at least 1 coding/,
    ],
    [
      'an unknown comparator',
      { [CRITERION]: { type: 'observation', codes: [CODINGS.ldh], comparator: '!=', value: 1 } },
      `${CRITERION}.comparator`,
      /"<", "<=", ">", ">=", "="/,
    ],
    [
      'an observation without value',
      { [CRITERION]: { type: 'observation', codes: [CODINGS.ldh], comparator: '>' } },
      `${CRITERION}.value`,
      /^Required: expected a number$/,
    ],
    [
      'an observation without codes',
      { [CRITERION]: { type: 'observation', comparator: '>', value: 1 } },
      `${CRITERION}.codes`,
      /^Required: expected a list$/,
    ],
    [
      'a unit with a space',
      {
        [CRITERION]: { type: 'observation', codes: [CODINGS.ldh], comparator: '>', value: 1, unit: 'mg dL' },
      },
      `${CRITERION}.unit`,
      /UCUM unit code/,
    ],
    [
      'an empty unit',
      { [CRITERION]: { type: 'observation', codes: [CODINGS.ldh], comparator: '>', value: 1, unit: '' } },
      `${CRITERION}.unit`,
      /UCUM unit code/,
    ],
    [
      'a zero lookback',
      {
        [CRITERION]: {
          type: 'observation',
          codes: [CODINGS.ldh],
          comparator: '>',
          value: 1,
          lookbackDays: 0,
        },
      },
      `${CRITERION}.lookbackDays`,
      /at least 1 day/,
    ],
    [
      'a fractional lookback',
      {
        [CRITERION]: {
          type: 'observation',
          codes: [CODINGS.ldh],
          comparator: '>',
          value: 1,
          lookbackDays: 1.5,
        },
      },
      `${CRITERION}.lookbackDays`,
      /whole number of days/,
    ],
    [
      'a blank manual question',
      { [CRITERION]: { type: 'manual', question: '' } },
      `${CRITERION}.question`,
      /empty or only whitespace/,
    ],
    [
      'a manual criterion with a preset answer',
      { [CRITERION]: { type: 'manual', question: 'Q?', answer: true } },
      `${CRITERION}.answer`,
      /Unknown property "answer"/,
    ],
    [
      'an out-of-range minimum above the maximum, once',
      { [CRITERION]: { type: 'age', minYears: 200, maxYears: 100 } },
      `${CRITERION}.minYears`,
      /at most 150 years/,
    ],
  ])('rejects %s', (_name, changes, path, message) => {
    expect(protocolIssues(changes)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });
});

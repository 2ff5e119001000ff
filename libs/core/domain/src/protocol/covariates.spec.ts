import { CODINGS, listOf, protocolIssues } from '../testing/protocol-test-support';

type Case = [name: string, changes: Record<string, unknown>, path: string, message: RegExp];

const C0 = 'covariates[0]';
const AGE = { name: 'age', label: 'Age', source: 'patient-age', valueType: 'quantity', required: true };
const SEX = { name: 'sex', label: 'Sex', source: 'patient-sex', valueType: 'coded', required: true };
const LDH = {
  name: 'ldh',
  label: 'LDH',
  source: 'observation',
  codes: [CODINGS.ldh],
  valueType: 'quantity',
  unit: 'U/L',
  lookbackDays: 28,
  required: false,
};

describe('covariates', () => {
  it.each<[string, unknown[]]>([
    ['no covariates', []],
    ['age in years', [{ ...AGE, unit: 'a' }]],
    ['sex', [SEX]],
    ['an observation quantity with unit and lookback', [LDH]],
    ['a coded observation', [{ ...LDH, valueType: 'coded', unit: undefined }]],
    [
      'a boolean observation without lookback',
      [
        {
          name: 'prior_asct',
          label: 'Prior ASCT',
          source: 'observation',
          codes: [CODINGS.ldh],
          valueType: 'boolean',
          required: false,
        },
      ],
    ],
    ['a one-letter name', [{ ...AGE, name: 'a' }]],
    ['a 40-character name', [{ ...AGE, name: `a${'b_1'.repeat(13)}` }]],
    ['several covariates', [AGE, SEX, LDH]],
    ['100 covariates', listOf(100, (i) => ({ ...AGE, name: `age_${i}` }))],
  ])('accepts %s', (_name, covariates) => {
    expect(protocolIssues({ covariates })).toEqual([]);
  });

  it.each<Case>([
    [
      'more than 100 covariates',
      { covariates: listOf(101, (i) => ({ ...AGE, name: `age_${i}` })) },
      'covariates',
      /at most 100 covariates/,
    ],
    [
      'a name starting with a capital',
      { [`${C0}.name`]: 'Age' },
      `${C0}.name`,
      /lowercase letter followed by/,
    ],
    [
      'a name starting with a digit',
      { [`${C0}.name`]: '1age' },
      `${C0}.name`,
      /lowercase letter followed by/,
    ],
    ['a name with a hyphen', { [`${C0}.name`]: 'age-years' }, `${C0}.name`, /lowercase letter followed by/],
    ['a 41-character name', { [`${C0}.name`]: `a${'b'.repeat(40)}` }, `${C0}.name`, /1 to 40 characters/],
    [
      'a duplicate name',
      { covariates: [AGE, SEX, { ...SEX, label: 'Sex again' }] },
      'covariates[2].name',
      /Duplicate covariate name "sex"/,
    ],
    ['a blank label', { [`${C0}.label`]: '' }, `${C0}.label`, /empty or only whitespace/],
    [
      'an unknown source',
      { [`${C0}.source`]: 'lab' },
      `${C0}.source`,
      /"patient-age", "patient-sex", "observation"/,
    ],
    [
      'an unknown value type',
      { [`${C0}.valueType`]: 'number' },
      `${C0}.valueType`,
      /"quantity", "coded", "boolean"/,
    ],
    [
      'a missing required flag',
      { covariates: [{ ...AGE, required: undefined }] },
      `${C0}.required`,
      /^Required: expected true or false$/,
    ],
    [
      'a required flag given as a string',
      { [`${C0}.required`]: 'yes' },
      `${C0}.required`,
      /^Expected true or false, got the string "yes"$/,
    ],
    [
      'an observation without codes',
      { covariates: [{ ...LDH, codes: undefined }] },
      `${C0}.codes`,
      /Required when source is "observation"/,
    ],
    [
      'an observation with empty codes',
      { covariates: [{ ...LDH, codes: [] }] },
      `${C0}.codes`,
      /at least 1 coding/,
    ],
    [
      'patient age with codes',
      { [`${C0}.codes`]: [CODINGS.ldh] },
      `${C0}.codes`,
      /Not allowed when source is "patient-age"/,
    ],
    [
      'patient sex with a lookback',
      { covariates: [{ ...SEX, lookbackDays: 30 }] },
      `${C0}.lookbackDays`,
      /Not allowed when source is "patient-sex"/,
    ],
    [
      'patient age that is coded',
      { [`${C0}.valueType`]: 'coded' },
      `${C0}.valueType`,
      /Must be "quantity" when source is "patient-age"; got "coded"/,
    ],
    [
      'patient sex that is a quantity',
      { covariates: [{ ...SEX, valueType: 'quantity' }] },
      `${C0}.valueType`,
      /Must be "coded" when source is "patient-sex"; got "quantity"/,
    ],
    [
      'a unit on a coded value',
      { covariates: [{ ...LDH, valueType: 'coded' }] },
      `${C0}.unit`,
      /Not allowed when valueType is "coded"/,
    ],
    [
      'a unit on a boolean value',
      { covariates: [{ ...LDH, valueType: 'boolean' }] },
      `${C0}.unit`,
      /Not allowed when valueType is "boolean"/,
    ],
    ['a unit with spaces', { [`${C0}.unit`]: 'per year' }, `${C0}.unit`, /UCUM unit code/],
    [
      'a zero lookback',
      { covariates: [{ ...LDH, lookbackDays: 0 }] },
      `${C0}.lookbackDays`,
      /at least 1 day/,
    ],
    [
      'an unknown property',
      { [`${C0}.transform`]: 'log' },
      `${C0}.transform`,
      /Unknown property "transform"/,
    ],
    [
      'a covariate list given as an object',
      { covariates: { age: AGE } },
      'covariates',
      /^Expected a list, got an object$/,
    ],
  ])('rejects %s', (_name, changes, path, message) => {
    expect(protocolIssues(changes)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });
});

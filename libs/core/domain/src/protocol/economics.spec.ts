import { edit, listOf, protocolIssues, REMOVE, validProtocol } from '../testing/protocol-test-support';
import { parseProtocolContent } from '../validation';
import { healthEconomicsPlanSchema, type HealthEconomicsPlanInput } from './economics';

const HE = 'healthEconomics';

/** A small valid plan: MRD-guided switch to intensified therapy. */
function validPlan(): HealthEconomicsPlanInput {
  return {
    perspective: 'healthcare-payer',
    timeHorizonYears: 10,
    discountRates: { costs: 0.035, effects: 0.035 },
    currency: 'EUR',
    priceYear: 2024,
    effectMeasure: 'qaly',
    alternativePathway: 'Switch to intensified therapy',
    willingnessToPay: [20_000, 50_000],
    wtpGrid: { from: 0, to: 100_000, points: 101 },
    population: { patientsPerYear: 1000, years: 5 },
    parameters: [
      {
        name: 'c_imaging',
        label: 'MRI',
        value: 400,
        low: 300,
        high: 500,
        distribution: { type: 'gamma', sd: 50 },
      },
      { name: 'c_ai', label: 'AI read', value: 50, distribution: { type: 'fixed' }, unit: 'EUR' },
      {
        name: 'c_standard',
        label: 'Standard therapy per year',
        value: 20_000,
        distribution: { type: 'fixed' },
      },
      {
        name: 'u_response',
        label: 'Utility, responder',
        value: 0.8,
        distribution: { type: 'beta', sd: 0.05 },
      },
      { name: 'y_survival', label: 'Survival', value: 6, distribution: { type: 'lognormal', sd: 0.5 } },
    ],
    testCosts: [{ parameter: 'c_imaging' }, { parameter: 'c_ai' }],
    pathways: {
      'responder-standard': {
        costs: [{ parameter: 'c_standard', recurringYears: 'y_survival' }],
        effects: [{ utility: 'u_response', years: 'y_survival' }],
      },
      'responder-alternative': { costs: [], effects: [] },
      'non-responder-standard': { costs: [], effects: [] },
      'non-responder-alternative': { costs: [], effects: [] },
    },
  };
}

type Case = [name: string, changes: Record<string, unknown>, path: string, message: RegExp];

/** Issues of the protocol with {@link validPlan} as `healthEconomics`, after `changes` to it. */
function planIssues(changes: Record<string, unknown>) {
  const prefixed = Object.fromEntries(
    Object.entries(changes).map(([path, value]) => [`${HE}.${path}`, value]),
  );
  return protocolIssues({ [HE]: validPlan(), ...prefixed });
}

describe('healthEconomics', () => {
  it('is optional', () => {
    expect(protocolIssues({})).toEqual([]);
    expect(protocolIssues({ [HE]: REMOVE })).toEqual([]);
  });

  it('accepts a valid plan and defaults includeTreatAllAlternative to false', () => {
    const result = parseProtocolContent(edit(validProtocol(), { [HE]: validPlan() }));
    expect(result.ok).toBe(true);
    expect(result.ok && result.value.healthEconomics?.includeTreatAllAlternative).toBe(false);
    expect(healthEconomicsPlanSchema.parse(validPlan()).includeTreatAllAlternative).toBe(false);
  });

  it.each<[string, Record<string, unknown>]>([
    ['the societal perspective', { perspective: 'societal' }],
    ['the health-system perspective', { perspective: 'health-system' }],
    ['a horizon of 100 years', { timeHorizonYears: 100 }],
    ['a fractional horizon', { timeHorizonYears: 0.5 }],
    ['no discounting', { 'discountRates.costs': 0, 'discountRates.effects': 0 }],
    ['discount rates of 0.2', { 'discountRates.costs': 0.2, 'discountRates.effects': 0.2 }],
    ['price years 1990 and 2100', { priceYear: 1990 }],
    ['price year 2100', { priceYear: 2100 }],
    ['life-years', { effectMeasure: 'life-years' }],
    ['treat-all-alternative', { includeTreatAllAlternative: true }],
    ['20 thresholds', { willingnessToPay: listOf(20, (i) => (i + 1) * 1000) }],
    ['a grid of 2 points', { 'wtpGrid.points': 2 }],
    ['a grid of 1000 points', { 'wtpGrid.points': 1000 }],
    ['a fractional population', { 'population.patientsPerYear': 0.5, 'population.years': 100 }],
    ['no test costs', { testCosts: [] }],
    ['a range equal to the value', { 'parameters[0].low': 400, 'parameters[0].high': 400 }],
    ['a negative fixed value (a saving)', { 'parameters[2].value': -100 }],
    ['a beta sd just inside the bound', { 'parameters[3].distribution.sd': 0.39 }],
  ])('accepts %s', (_name, changes) => {
    expect(planIssues(changes)).toEqual([]);
  });

  it.each<Case>([
    ['an unknown perspective', { perspective: 'patient' }, `${HE}.perspective`, /healthcare-payer/],
    ['a horizon of 0', { timeHorizonYears: 0 }, `${HE}.timeHorizonYears`, /greater than 0 years/],
    ['a horizon over 100 years', { timeHorizonYears: 101 }, `${HE}.timeHorizonYears`, /at most 100 years/],
    [
      'a negative cost discount rate',
      { 'discountRates.costs': -0.01 },
      `${HE}.discountRates.costs`,
      /at least 0/,
    ],
    [
      'an effect discount rate of 3.5',
      { 'discountRates.effects': 3.5 },
      `${HE}.discountRates.effects`,
      /at most 0.2/,
    ],
    ['a lowercase currency', { currency: 'eur' }, `${HE}.currency`, /ISO 4217/],
    ['a currency of four letters', { currency: 'EURO' }, `${HE}.currency`, /ISO 4217/],
    ['a price year of 1989', { priceYear: 1989 }, `${HE}.priceYear`, /1990 or later/],
    ['a price year of 2101', { priceYear: 2101 }, `${HE}.priceYear`, /2100 or earlier/],
    ['a fractional price year', { priceYear: 2024.5 }, `${HE}.priceYear`, /whole year/],
    ['an unknown effect measure', { effectMeasure: 'daly' }, `${HE}.effectMeasure`, /qaly/],
    ['a blank alternative pathway', { alternativePathway: '  ' }, `${HE}.alternativePathway`, /empty/],
    [
      'a non-boolean treat-all flag',
      { includeTreatAllAlternative: 'yes' },
      `${HE}.includeTreatAllAlternative`,
      /true or false/,
    ],
    ['no thresholds', { willingnessToPay: [] }, `${HE}.willingnessToPay`, /at least 1 threshold/],
    [
      '21 thresholds',
      { willingnessToPay: listOf(21, (i) => (i + 1) * 1000) },
      `${HE}.willingnessToPay`,
      /at most 20 thresholds/,
    ],
    ['a threshold of 0', { willingnessToPay: [0, 1000] }, `${HE}.willingnessToPay[0]`, /greater than 0/],
    [
      'decreasing thresholds',
      { willingnessToPay: [50_000, 20_000] },
      `${HE}.willingnessToPay[1]`,
      /greater than the previous threshold \(50000\); thresholds must be strictly increasing/,
    ],
    [
      'repeated thresholds',
      { willingnessToPay: [20_000, 20_000] },
      `${HE}.willingnessToPay[1]`,
      /strictly increasing/,
    ],
    ['a negative grid start', { 'wtpGrid.from': -1 }, `${HE}.wtpGrid.from`, /at least 0/],
    ['a grid end at its start', { 'wtpGrid.to': 0 }, `${HE}.wtpGrid.to`, /greater than from \(0\); got 0/],
    ['a grid of 1 point', { 'wtpGrid.points': 1 }, `${HE}.wtpGrid.points`, /at least 2 points/],
    ['a grid of 1001 points', { 'wtpGrid.points': 1001 }, `${HE}.wtpGrid.points`, /at most 1000 points/],
    ['a fractional grid', { 'wtpGrid.points': 10.5 }, `${HE}.wtpGrid.points`, /whole number of points/],
    [
      'no patients per year',
      { 'population.patientsPerYear': 0 },
      `${HE}.population.patientsPerYear`,
      /greater than 0/,
    ],
    [
      'a population over 0 years',
      { 'population.years': 0 },
      `${HE}.population.years`,
      /greater than 0 years/,
    ],
    [
      'a population over 101 years',
      { 'population.years': 101 },
      `${HE}.population.years`,
      /at most 100 years/,
    ],
    [
      'no parameters',
      { parameters: [], testCosts: [], 'pathways.responder-standard': { costs: [], effects: [] } },
      `${HE}.parameters`,
      /at least 1 parameter/,
    ],
    [
      '201 parameters',
      {
        parameters: listOf(201, (i) => ({
          name: `p${i}`,
          label: 'P',
          value: 1,
          distribution: { type: 'fixed' },
        })),
        testCosts: [],
        pathways: {
          'responder-standard': { costs: [], effects: [] },
          'responder-alternative': { costs: [], effects: [] },
          'non-responder-standard': { costs: [], effects: [] },
          'non-responder-alternative': { costs: [], effects: [] },
        },
      },
      `${HE}.parameters`,
      /at most 200 parameters/,
    ],
    ['a camelCase name', { 'parameters[1].name': 'cAi' }, `${HE}.parameters[1].name`, /snake_case/],
    [
      'a name of 41 characters',
      { 'parameters[1].name': `c${'a'.repeat(40)}` },
      `${HE}.parameters[1].name`,
      /at most 40 characters/,
    ],
    [
      'a duplicate name',
      { 'parameters[1].name': 'c_imaging', testCosts: [{ parameter: 'c_imaging' }] },
      `${HE}.parameters[1].name`,
      /^Duplicate parameter name "c_imaging"; each parameter needs its own name$/,
    ],
    ['a blank label', { 'parameters[1].label': '' }, `${HE}.parameters[1].label`, /empty/],
    ['an infinite value', { 'parameters[2].value': Infinity }, `${HE}.parameters[2].value`, /number/],
    ['a blank unit', { 'parameters[1].unit': ' ' }, `${HE}.parameters[1].unit`, /empty/],
    ['low without high', { 'parameters[0].high': REMOVE }, `${HE}.parameters[0].high`, /both low and high/],
    ['high without low', { 'parameters[0].low': REMOVE }, `${HE}.parameters[0].low`, /both low and high/],
    [
      'low above value',
      { 'parameters[0].low': 450 },
      `${HE}.parameters[0].low`,
      /at most value \(400\); got 450/,
    ],
    [
      'high below value',
      { 'parameters[0].high': 350 },
      `${HE}.parameters[0].high`,
      /at least value \(400\); got 350/,
    ],
    [
      'an unknown distribution',
      { 'parameters[0].distribution': { type: 'normal', sd: 1 } },
      `${HE}.parameters[0].distribution.type`,
      /fixed/,
    ],
    [
      'a fixed distribution with an sd',
      { 'parameters[1].distribution': { type: 'fixed', sd: 1 } },
      `${HE}.parameters[1].distribution.sd`,
      /sd/,
    ],
    [
      'a gamma sd of 0',
      { 'parameters[0].distribution.sd': 0 },
      `${HE}.parameters[0].distribution.sd`,
      /greater than 0/,
    ],
    [
      'a gamma mean of 0',
      { 'parameters[0].value': 0, 'parameters[0].low': REMOVE, 'parameters[0].high': REMOVE },
      `${HE}.parameters[0].value`,
      /gamma distribution needs a value greater than 0; got 0/,
    ],
    [
      'a lognormal mean below 0',
      { 'parameters[4].value': -1 },
      `${HE}.parameters[4].value`,
      /lognormal distribution needs a value greater than 0; got -1/,
    ],
    ['a beta mean of 1', { 'parameters[3].value': 1 }, `${HE}.parameters[3].value`, /between 0 and 1/],
    [
      'a beta sd too large for its mean',
      { 'parameters[3].distribution.sd': 0.4 },
      `${HE}.parameters[3].distribution.sd`,
      /sd² < value·\(1 − value\) = 0\.16.*got sd 0\.4/,
    ],
    [
      'an unknown test cost',
      { 'testCosts[1].parameter': 'c_pet' },
      `${HE}.testCosts[1].parameter`,
      /^Must name a defined parameter; "c_pet" is not one \(c_imaging, c_ai, c_standard, u_response, y_survival\)$/,
    ],
    [
      'an unknown recurring-years parameter',
      { 'testCosts[0].recurringYears': 'y_unknown' },
      `${HE}.testCosts[0].recurringYears`,
      /"y_unknown" is not one/,
    ],
    [
      'an unknown pathway cost',
      { 'pathways.non-responder-alternative.costs': [{ parameter: 'c_intensified' }] },
      `${HE}.pathways["non-responder-alternative"].costs[0].parameter`,
      /"c_intensified" is not one \(c_imaging, /,
    ],
    [
      'an unknown utility',
      { 'pathways.responder-standard.effects[0].utility': 'u_missing' },
      `${HE}.pathways["responder-standard"].effects[0].utility`,
      /"u_missing" is not one/,
    ],
    [
      'an unknown number of years',
      { 'pathways.responder-standard.effects[0].years': 'y_missing' },
      `${HE}.pathways["responder-standard"].effects[0].years`,
      /"y_missing" is not one/,
    ],
    [
      'a negative number of years',
      {
        'parameters[2].value': -1,
        'pathways.responder-standard.effects[0].years': 'c_standard',
        'pathways.responder-standard.costs': [],
      },
      `${HE}.pathways["responder-standard"].effects[0].years`,
      /"c_standard" is used as a number of years, so its value and low must not be negative/,
    ],
    [
      'an unknown pathway',
      { 'pathways.responder-other': { costs: [], effects: [] } },
      `${HE}.pathways["responder-other"]`,
      /responder-other/,
    ],
    [
      'a missing pathway',
      { 'pathways.responder-alternative': REMOVE },
      `${HE}.pathways["responder-alternative"]`,
      /Required/,
    ],
    ['an extra property', { extra: 1 }, `${HE}.extra`, /extra/],
    [
      '51 pathway costs',
      { 'pathways.responder-alternative.costs': listOf(51, () => ({ parameter: 'c_ai' })) },
      `${HE}.pathways["responder-alternative"].costs`,
      /at most 50 cost terms/,
    ],
  ])('rejects %s', (_name, changes, path, message) => {
    expect(planIssues(changes)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it('reports every unknown reference at once', () => {
    const issues = planIssues({
      'testCosts[0].parameter': 'x_one',
      'pathways.non-responder-standard.effects': [{ utility: 'x_two', years: 'x_three' }],
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      `${HE}.testCosts[0].parameter`,
      `${HE}.pathways["non-responder-standard"].effects[0].utility`,
      `${HE}.pathways["non-responder-standard"].effects[0].years`,
    ]);
  });
});

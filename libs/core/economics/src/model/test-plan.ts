// Test support only: not exported from the library index.
import {
  healthEconomicsPlanSchema,
  type HealthEconomicsPlan,
  type HealthEconomicsPlanInput,
} from '@prospect/domain';

/**
 * A small plan for hand calculations: a 2-year horizon (the 5-year survival is capped at it),
 * 3.5% discounting, so every duration is discountedYears(2, 0.035) = 1 + 1/1.035.
 *
 * | pathway                   | cost          | utility              |
 * | ------------------------- | ------------- | -------------------- |
 * | responder-standard        | c_std 1000    | u_resp 0.8           |
 * | responder-alternative     | c_alt 3000    | u_alt_resp 0.75      |
 * | non-responder-standard    | c_std 1000    | u_nonresp 0.5        |
 * | non-responder-alternative | c_alt 3000    | u_alt_nonresp 0.7    |
 *
 * Testing costs c_test 100 per patient in model-guided care.
 */
export function testPlanInput(): HealthEconomicsPlanInput {
  return {
    perspective: 'healthcare-payer',
    timeHorizonYears: 2,
    discountRates: { costs: 0.035, effects: 0.035 },
    currency: 'EUR',
    priceYear: 2024,
    effectMeasure: 'qaly',
    alternativePathway: 'switch to intensified therapy',
    includeTreatAllAlternative: true,
    willingnessToPay: [20_000, 50_000],
    wtpGrid: { from: 0, to: 100_000, points: 101 },
    population: { patientsPerYear: 1000, years: 5 },
    parameters: [
      {
        name: 'c_test',
        label: 'MRI and AI read',
        value: 100,
        low: 50,
        high: 200,
        distribution: { type: 'gamma', sd: 20 },
        unit: 'EUR',
      },
      { name: 'c_std', label: 'Standard therapy', value: 1000, distribution: { type: 'fixed' }, unit: 'EUR' },
      {
        name: 'c_alt',
        label: 'Intensified therapy',
        value: 3000,
        low: 2000,
        high: 4000,
        distribution: { type: 'gamma', sd: 500 },
        unit: 'EUR',
      },
      {
        name: 'u_resp',
        label: 'Utility, responder on standard',
        value: 0.8,
        distribution: { type: 'beta', sd: 0.05 },
      },
      {
        name: 'u_alt_resp',
        label: 'Utility, responder on intensified',
        value: 0.75,
        distribution: { type: 'fixed' },
      },
      {
        name: 'u_nonresp',
        label: 'Utility, non-responder on standard',
        value: 0.5,
        distribution: { type: 'fixed' },
      },
      {
        name: 'u_alt_nonresp',
        label: 'Utility, non-responder on intensified',
        value: 0.7,
        low: 0.6,
        high: 0.8,
        distribution: { type: 'fixed' },
      },
      {
        name: 'y_survival',
        label: 'Survival',
        value: 5,
        distribution: { type: 'lognormal', sd: 1 },
        unit: 'a',
      },
    ],
    testCosts: [{ parameter: 'c_test' }],
    pathways: {
      'responder-standard': {
        costs: [{ parameter: 'c_std' }],
        effects: [{ utility: 'u_resp', years: 'y_survival' }],
      },
      'responder-alternative': {
        costs: [{ parameter: 'c_alt' }],
        effects: [{ utility: 'u_alt_resp', years: 'y_survival' }],
      },
      'non-responder-standard': {
        costs: [{ parameter: 'c_std' }],
        effects: [{ utility: 'u_nonresp', years: 'y_survival' }],
      },
      'non-responder-alternative': {
        costs: [{ parameter: 'c_alt' }],
        effects: [{ utility: 'u_alt_nonresp', years: 'y_survival' }],
      },
    },
  };
}

/** {@link testPlanInput}, validated, with `changes` merged in at the top level first. */
export function testPlan(changes: Partial<HealthEconomicsPlanInput> = {}): HealthEconomicsPlan {
  return healthEconomicsPlanSchema.parse({ ...testPlanInput(), ...changes });
}

/** Sensitivity 0.8, specificity 0.9, prevalence 0.4: TP 0.32, FN 0.08, TN 0.54, FP 0.06. */
export const TEST_ACCURACY = { sensitivity: 0.8, specificity: 0.9, prevalence: 0.4 } as const;

/** discountedYears(2, 0.035) = 1 + 1/1.035. */
export const D2 = 1 + 1 / 1.035;

import { formatSubjectId } from '../trial';
import { parseTrialDefinition } from '../validation';
import breastPcr from './breast-pcr.json';
import {
  EXAMPLE_TRIAL_NAMES,
  EXAMPLE_TRIALS,
  exampleTrialDefinitionJson,
  isExampleTrialName,
} from './example-trials';
import myelomaMrd from './myeloma-mrd.json';

describe('example trial definitions', () => {
  it('myeloma: MM-RAD-01, whole-body MRI, MRD negativity, O’Brien-Fleming', () => {
    const value = EXAMPLE_TRIALS.myeloma;
    expect(value.code).toBe('MM-RAD-01');
    expect(value.indication).toBe('multiple-myeloma');
    expect(value.sites.map((site) => site.code)).toEqual(['HD01', 'TU02']);
    expect(value.protocol.baselineImaging).toMatchObject({ modality: 'MR', windowDaysBeforeTreatment: 28 });
    expect(value.protocol.primaryEndpoint).toMatchObject({
      type: 'mrd',
      negativityThreshold: 1e-5,
      assessmentWindowDays: { start: 90, end: 210 },
    });
    expect(value.protocol.interimPlan).toMatchObject({
      alpha: 0.025,
      sided: 1,
      spending: { type: 'obrien-fleming' },
      futility: { type: 'non-binding-beta-spending', beta: 0.2 },
    });
    expect(formatSubjectId(value.code, value.sites[0]?.code ?? '', 1)).toBe('MM-RAD-01-HD01-0001');
  });

  it('breast: BC-PCR-02, with the default minimum gap applied', () => {
    const value = EXAMPLE_TRIALS.breast;
    expect(value.code).toBe('BC-PCR-02');
    expect(value.indication).toBe('breast-cancer');
    expect(value.protocol.baselineImaging).toMatchObject({
      modality: 'MR',
      windowDaysBeforeTreatment: 42,
      minDaysBeforeTreatment: 0,
    });
    expect(value.protocol.primaryEndpoint).toMatchObject({ type: 'pcr', definition: 'ypT0/is ypN0' });
    expect(value.protocol.interimPlan).toMatchObject({
      looks: [{ informationFraction: 0.33 }, { informationFraction: 0.67 }, { informationFraction: 1 }],
      alpha: 0.05,
      sided: 2,
      spending: { type: 'hwang-shih-decani', gamma: -4 },
    });
  });

  it('are the parsed JSON files, shared deeply frozen', () => {
    for (const [name, json] of [
      ['myeloma', myelomaMrd],
      ['breast', breastPcr],
    ] as const) {
      const parsed = parseTrialDefinition(json);
      expect(parsed).toEqual({ ok: true, value: EXAMPLE_TRIALS[name] });
      expect(Object.isFrozen(EXAMPLE_TRIALS)).toBe(true);
      expect(Object.isFrozen(EXAMPLE_TRIALS[name].protocol.eligibility.rules[0])).toBe(true);
    }
    expect(Object.keys(EXAMPLE_TRIALS)).toEqual([...EXAMPLE_TRIAL_NAMES]);
  });

  it('gives the stored JSON as a fresh deep copy', () => {
    const first = exampleTrialDefinitionJson('myeloma');
    expect(first).toEqual(myelomaMrd);
    expect(exampleTrialDefinitionJson('breast')).toEqual(breastPcr);
    (first['sites'] as { code: string }[]).forEach((site) => (site.code = 'CHANGED'));
    first['code'] = 'CHANGED';
    expect(exampleTrialDefinitionJson('myeloma')).toEqual(myelomaMrd);
    expect(myelomaMrd.sites[0]?.code).toBe('HD01');
    expect(() => exampleTrialDefinitionJson('flu' as never)).toThrow('Unknown example trial: flu');
  });

  it('knows its names', () => {
    expect(EXAMPLE_TRIAL_NAMES).toEqual(['myeloma', 'breast']);
    expect(isExampleTrialName('breast')).toBe(true);
    expect(isExampleTrialName('breast-pcr')).toBe(false);
    expect(isExampleTrialName(undefined)).toBe(false);
  });
});

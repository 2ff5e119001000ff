// Shared test data (tests/fixtures) through its alias; this library reads no files itself.
import breastPcr from '@prospect/fixtures/protocols/breast-pcr.json';
import myelomaMrd from '@prospect/fixtures/protocols/myeloma-mrd.json';
import { formatSubjectId } from './trial';
import { parseTrialDefinition } from './validation';

describe('protocol fixtures', () => {
  it('parses myeloma-mrd.json', () => {
    const result = parseTrialDefinition(myelomaMrd);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    const { value } = result;
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

  it('parses breast-pcr.json, applying the default minimum gap', () => {
    const result = parseTrialDefinition(breastPcr);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    const { value } = result;
    expect(value.code).toBe('BC-PCR-02');
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
});

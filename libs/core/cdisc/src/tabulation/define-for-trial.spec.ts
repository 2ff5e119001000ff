import { defineXml } from '../define/define-xml';
import { wellFormedXmlProblem } from '../define/well-formed-xml';
import { defineForTrial } from './define-for-trial';
import { tabulateTrial } from './tabulate-trial';
import { MRD_TRIAL } from './trial-export.fixture';

describe('defineForTrial', () => {
  const trial = MRD_TRIAL;
  const datasets = tabulateTrial(trial);
  const xml = defineXml(defineForTrial(trial, datasets, { creationDateTime: '2027-06-01T00:00:00' }));

  it('describes every tabulated dataset and every variable in a well-formed define.xml', () => {
    expect(wellFormedXmlProblem(xml)).toBeNull();
    for (const dataset of [...datasets.sdtm, ...datasets.adam]) {
      expect(xml).toContain(`<ItemGroupDef OID="IG.${dataset.name}"`);
      expect(xml).toContain(`<def:title>${dataset.name.toLowerCase()}.xpt</def:title>`);
      for (const variable of dataset.variables)
        expect(xml).toContain(`OID="IT.${dataset.name}.${variable.name}"`);
    }
    expect(xml).toContain('CreationDateTime="2027-06-01T00:00:00"');
  });

  it('keys each dataset on its study, subject and sequence', () => {
    const input = defineForTrial(trial, datasets);
    const dm = input.datasets.find((entry) => entry.dataset.name === 'DM');
    expect(dm).toMatchObject({ class: 'SPECIAL PURPOSE', repeating: false, keys: ['STUDYID', 'USUBJID'] });
    const ds = input.datasets.find((entry) => entry.dataset.name === 'DS');
    expect(ds?.keys).toEqual(['STUDYID', 'USUBJID', 'DSSEQ']);
    const adsl = input.datasets.find((entry) => entry.dataset.name === 'ADSL');
    expect(adsl).toMatchObject({ purpose: 'Analysis', standard: 'ADAMIG' });
  });
});
